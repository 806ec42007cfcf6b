// The texts of a root's files on disk, kept between re-checks: each read once, forgotten when a watched-file
// event (or a document closed over the file) says it may differ, dropped with the file when it is deleted.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type FileChange = 'created' | 'changed' | 'deleted';

export class DiskTexts {
  private readonly texts = new Map<string, string>();
  /** Reads under way, by file: an event meanwhile removes the entry, so that read's text is not kept. */
  private readonly reading = new Map<string, object>();

  constructor(private readonly root: string) {}

  /** The disk's text (undefined: gone or unreadable), from memory when nothing said it changed. */
  async read(rel: string): Promise<string | undefined> {
    const known = this.texts.get(rel);
    if (known !== undefined) return known;
    const token = {};
    this.reading.set(rel, token);
    try {
      const text = await readFile(join(this.root, rel), 'utf8');
      if (this.reading.get(rel) === token) this.texts.set(rel, text);
      return text;
    } catch {
      return undefined; // vanished or unreadable: nothing to show
    } finally {
      if (this.reading.get(rel) === token) this.reading.delete(rel);
    }
  }

  /** A deleted folder arrives as one event for the folder: everything under it goes too. */
  changed(rel: string, kind: FileChange): void {
    this.texts.delete(rel);
    this.reading.delete(rel);
    if (kind !== 'deleted') return;
    for (const map of [this.texts, this.reading])
      for (const f of map.keys()) if (f.startsWith(`${rel}/`)) map.delete(f);
  }

  get size(): number {
    return this.texts.size;
  }
}
