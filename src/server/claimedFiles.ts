// The files a root's services claim, and their text on disk, kept between workspace scans: the listing is
// walked again only when the globs change, a text is read again only after a watched-file event (or a close
// of its document) said it may differ. A berth.yaml edit then re-checks from memory instead of the disk.
import { readFile } from 'node:fs/promises';
import picomatch from 'picomatch';
import { serviceFileGlobs, serviceForFile } from '../core/ownership';
import type { BerthConfig } from '../core/types';
import { listFiles } from '../host/workspaceFiles';

export class ClaimedFiles {
  /** Every file under the globs (a superset of what one config claims), for the globs it was walked for. */
  private walked: { key: string; files: Set<string>; match: (rel: string) => boolean } | undefined;
  private readonly texts = new Map<string, string>();
  /** Bumped by each event on a file: a read that started before one must not be kept. */
  private readonly generation = new Map<string, number>();

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

  /** The disk's text of a claimed file (undefined: gone or unreadable), from memory when nothing said it changed. */
  async read(rel: string, file: string): Promise<string | undefined> {
    const known = this.texts.get(rel);
    if (known !== undefined) return known;
    const gen = this.generation.get(rel) ?? 0;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined; // vanished or unreadable between listing and reading: nothing to show
    }
    if ((this.generation.get(rel) ?? 0) === gen) this.texts.set(rel, text);
    return text;
  }

  /** A watched-file event (or a document closed over it): forget its text; follow creations and deletions. */
  changed(rel: string, kind: 'created' | 'changed' | 'deleted'): void {
    this.generation.set(rel, (this.generation.get(rel) ?? 0) + 1);
    this.texts.delete(rel);
    if (!this.walked) return;
    if (kind === 'deleted') {
      // A deleted folder arrives as one event for the folder.
      this.walked.files.delete(rel);
      for (const f of [...this.walked.files]) if (f.startsWith(`${rel}/`)) this.walked.files.delete(f);
      for (const f of [...this.texts.keys()]) if (f.startsWith(`${rel}/`)) this.texts.delete(f);
    } else if (this.walked.match(rel)) {
      this.walked.files.add(rel);
    }
  }
}
