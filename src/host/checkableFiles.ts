// The files `berth check` reads and the source-finder context for them, shared by check, init and the corpus
// scorer so all of them read the same files the same way and parse each source file once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeclarationIndex,
  grammarsFor,
  indexSources,
  sourceSkipReason,
  type SourceContext,
} from '../core/portFinders/source/index';
import { Grammars } from './grammars';
import { indexOutsideDeclarations } from './outsideDeclarations';
import { errorText } from '../core/errorText';

/** Larger files are not configs anyone hand-edits; skipping them keeps a stray dump from stalling CI. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * The texts of the files check reads; unreadable, huge, binary or minified files are skipped with a note. Reads
 * are synchronous on purpose: for thousands of small files one blocking read each is several times faster than
 * promise reads (each of those is four thread-pool round trips), and a CLI has nothing else to do meanwhile.
 */
export function readCheckable(
  root: string,
  files: string[],
  note: (msg: string) => void,
): { path: string; text: string }[] {
  const texts: { path: string; text: string }[] = [];
  for (const rel of files) {
    let buf: Buffer;
    try {
      buf = readFileSync(join(root, rel));
    } catch (e) {
      note(`skipped ${rel}: ${(e as NodeJS.ErrnoException).code ?? errorText(e)}`);
      continue;
    }
    if (buf.length > MAX_FILE_BYTES || buf.subarray(0, 8192).includes(0)) {
      note(`skipped ${rel}: ${buf.length > MAX_FILE_BYTES ? 'larger than 4 MiB' : 'binary'}`);
      continue;
    }
    const text = buf.toString('utf8');
    const skip = sourceSkipReason(rel, text);
    if (skip) note(`skipped ${rel}: ${skip}`);
    else texts.push({ path: rel, text });
  }
  return texts;
}

/**
 * Grammars for the languages present (loaded only when a file needs one) and the workspace's declarations: a
 * first pass indexes the source files' declarations, the port pass reuses its facts.
 */
export async function sourceContext(
  root: string,
  texts: { path: string; text: string }[],
  note: (msg: string) => void,
): Promise<SourceContext | undefined> {
  const languages = grammarsFor(texts.map((t) => t.path));
  if (languages.size === 0) return undefined;
  const parser = new Grammars();
  await parser.load(languages);
  for (const [language, why] of parser.failures)
    note(`${language} grammar not loaded (${why}): its files are read as text`);
  const ctx: SourceContext = { parser, declarations: new DeclarationIndex(), read: new Map() };
  indexSources(texts, ctx);
  // Calls still unresolved: their helpers may be declared in files no service claims.
  await indexOutsideDeclarations(
    root,
    texts.map((t) => t.path),
    ctx,
    parser,
  );
  return ctx;
}
