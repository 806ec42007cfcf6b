// The workspace's source files for the outside-declarations lookup (host/outsideDeclarations): walked once,
// then kept current by watched-file events, their texts from the root's DiskTexts. A re-check then finds a
// helper package's declarations without walking the tree again.
import { familyOf } from '../core/portFinders/source/index';
import type { OutsideFiles } from '../host/outsideDeclarations';
import { isWalkedPath, listWorkspaceFiles } from '../host/workspaceFiles';
import type { DiskTexts, FileChange } from './diskTexts';
import { deleteAtOrUnder } from '../core/folderPaths';

const isSource = (rel: string) => familyOf(rel) !== undefined;

export class SourceFileList implements OutsideFiles {
  private files: Set<string> | undefined;
  private walking: Promise<Set<string>> | undefined;
  /** Events that arrive during the walk: applied to its result, which may predate them. */
  private missed: [string, FileChange][] = [];
  /** Bumped by every event: a lookup over the same version and callees finds what it found before. */
  version = 0;

  constructor(
    private readonly root: string,
    private readonly texts: DiskTexts,
  ) {}

  async list(accept: (rel: string) => boolean): Promise<string[]> {
    const files = this.files ?? (await this.walk());
    return [...files].filter(accept).sort();
  }

  read(rel: string): Promise<string | undefined> {
    return this.texts.read(rel);
  }

  changed(rel: string, kind: FileChange): void {
    this.version++;
    if (this.walking) this.missed.push([rel, kind]);
    if (this.files) follow(this.files, rel, kind);
  }

  /** How many files are listed (undefined: not walked yet). */
  get size(): number | undefined {
    return this.files?.size;
  }

  private walk(): Promise<Set<string>> {
    this.walking ??= listWorkspaceFiles(this.root, isSource)
      .then((found) => {
        const files = new Set(found);
        for (const [rel, kind] of this.missed) follow(files, rel, kind);
        this.files = files;
        return files;
      })
      .finally(() => {
        this.walking = undefined;
        this.missed = [];
      });
    return this.walking;
  }
}

function follow(files: Set<string>, rel: string, kind: FileChange): void {
  if (kind !== 'deleted') {
    if (isSource(rel) && isWalkedPath(rel)) files.add(rel);
    return;
  }
  deleteAtOrUnder(files, rel); // a deleted folder arrives as one event for the folder
}
