// Reading an allocation document the user named (--from-doc, the editor's pick): its path as messages
// give it (relative to the workspace root when inside it), and its text; an unreadable, binary or
// non-UTF-8 file is a located InitInputError.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { DocInput } from './docModel';
import { InitInputError } from './proposal';

/** The document's text; its path in messages is relative to the root when it lies inside. */
export function readDocument(cwd: string, root: string, given: string): DocInput {
  const abs = resolve(cwd, given);
  const rel = relative(root, abs);
  const path = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.replace(/\\/g, '/') : given;
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (e) {
    throw new InitInputError(
      [`${given}: cannot read the document (${(e as NodeJS.ErrnoException).code ?? String(e)})`],
      { cause: e },
    );
  }
  if (buf.subarray(0, 8192).includes(0)) throw new InitInputError([`${given}: not a text document (binary)`]);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  if (text.includes('\uFFFD')) throw new InitInputError([`${given}: not UTF-8 text`]);
  return { path, text };
}
