// What the server keeps of one root's files on disk between re-checks, all kept current by the same
// watched-file events: the claimed listing, the workspace's source files and their texts.
import { walkedOutsideFiles, type OutsideFiles } from '../host/outsideDeclarations';
import { ClaimedFiles } from './claimedFiles';
import { DiskTexts, type FileChange } from './diskTexts';
import { SourceFileList } from './sourceFileList';

export class RootFiles {
  readonly texts: DiskTexts;
  readonly claimed: ClaimedFiles;
  readonly sources: SourceFileList;

  /** `watched`: the client reports changes of the workspace's source files (see the server's registration). */
  constructor(
    private readonly root: string,
    private readonly watched: () => boolean,
  ) {
    this.texts = new DiskTexts(root);
    this.claimed = new ClaimedFiles(root);
    this.sources = new SourceFileList(root, this.texts);
  }

  read(rel: string): Promise<string | undefined> {
    return this.texts.read(rel);
  }

  /** A watched-file event (or a document closed over the file: its disk text is read again). */
  changed(rel: string, kind: FileChange): void {
    this.claimed.changed(rel, kind);
    this.sources.changed(rel, kind);
    this.texts.changed(rel, kind);
  }

  /** Where unclaimed helpers' declarations come from: the kept list while events keep it current, else the disk. */
  outside(): OutsideFiles {
    return this.watched() ? this.sources : walkedOutsideFiles(this.root);
  }
}
