// The files a root's services claim, kept between workspace scans: the listing is walked again only when the
// globs change and follows watched-file events otherwise (their texts: DiskTexts). A berth.yaml edit then
// re-checks from memory instead of the disk.
import picomatch from 'picomatch';
import { serviceFileGlobs, serviceForFile } from '../core/ownership';
import type { BerthConfig } from '../core/types';
import { listFiles } from '../host/workspaceFiles';
import type { FileChange } from './diskTexts';
import { deleteAtOrUnder } from '../core/folderPaths';

export class ClaimedFiles {
  /** Every file under the globs (a superset of what one config claims), for the globs it was walked for. */
  private walked: { key: string; files: Set<string>; match: (rel: string) => boolean } | undefined;

  constructor(private readonly root: string) {}

  /** True when listing for this config needs no walk. */
  isListed(config: BerthConfig): boolean {
    return this.walked?.key === JSON.stringify(serviceFileGlobs(config));
  }

  /** Root-relative paths (sorted) the config's services claim: listConfigFiles' answer, walked only when the globs changed. */
  async list(config: BerthConfig): Promise<string[]> {
    const globs = serviceFileGlobs(config);
    const key = JSON.stringify(globs);
    if (this.walked?.key !== key) {
      const files = new Set(await listFiles(this.root, globs));
      this.walked = {
        key,
        files,
        match: picomatch(
          globs.map((g) => g.replace(/\\/g, '/').replace(/^\.\//, '')),
          { dot: true },
        ),
      };
    }
    return [...this.walked.files].filter((p) => p !== config.file && serviceForFile(config, p) !== undefined).sort();
  }

  /** A watched-file event (or a document closed over it): follow creations and deletions. */
  changed(rel: string, kind: FileChange): void {
    if (!this.walked) return;
    if (kind === 'deleted') {
      // A deleted folder arrives as one event for the folder.
      deleteAtOrUnder(this.walked.files, rel);
    } else if (this.walked.match(rel)) {
      this.walked.files.add(rel);
    }
  }
}
