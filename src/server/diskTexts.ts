// The texts of a root's files on disk, kept between re-checks: each read once, forgotten when a watched-file
// event (or a document closed over the file) says it may differ, dropped with the file when it is deleted.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deleteAtOrUnder, isAtOrUnder } from '../core/folderPaths';

export type FileChange = 'created' | 'changed' | 'deleted';

/** Characters kept at most: past this (a monorepo's every helper package) texts are read, used and let go. */
const MAX_KEPT_CHARS = 64 * 2 ** 20;

export class DiskTexts {
  private readonly texts = new Map<string, string>();
  /** Reads under way, by file: an event meanwhile removes the entry, so that read's text is not kept. */
  private readonly reading = new Map<string, object>();
  private kept = 0;

  constructor(private readonly root: string) {}

  /** The disk's text (undefined: gone or unreadable), from memory when nothing said it changed. */
  async read(rel: string): Promise<string | undefined> {
    const known = this.texts.get(rel);
    if (known !== undefined) return known;
    const token = {};
    this.reading.set(rel, token);
    try {
      const text = await readFile(join(this.root, rel), 'utf8');
      if (this.reading.get(rel) === token && this.kept + text.length <= MAX_KEPT_CHARS) {
        this.texts.set(rel, text);
        this.kept += text.length;
      }
      return text;
    } catch {
      return undefined; // vanished or unreadable: nothing to show
    } finally {
      if (this.reading.get(rel) === token) this.reading.delete(rel);
    }
  }

  /** A deleted folder arrives as one event for the folder: everything under it goes too. */
  changed(rel: string, kind: FileChange): void {
    this.drop(rel);
    if (kind !== 'deleted') return;
    for (const f of this.texts.keys()) if (isAtOrUnder(f, rel)) this.drop(f);
    deleteAtOrUnder(this.reading, rel);
  }

  private drop(rel: string): void {
    this.kept -= this.texts.get(rel)?.length ?? 0;
    this.texts.delete(rel);
    this.reading.delete(rel);
  }

  get size(): number {
    return this.texts.size;
  }
}
