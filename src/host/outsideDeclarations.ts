// Declarations outside a scan's files: a call in a claimed file may go to a helper declared in a package no
// service claims (test/infrastructure/shared_utils.go). Only when some call is still unresolved, the
// workspace's other source files that mention its callee are read for their declarations: `berth check`
// walks and reads the disk once per run, the language server answers from files it keeps current itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  familyOf,
  grammarsFor,
  indexDeclarationsOf,
  unresolvedCallees,
  type SourceContext,
} from '../core/portFinders/source/index';
import type { Grammars } from './grammars';
import { listWorkspaceFiles } from './workspaceFiles';

/** Files larger than this (in characters) are not helper packages anyone declares a port-taking function in. */
const MAX_CHARS = 1024 * 1024;
/** Texts asked for at once (a server's reads are promises: enough to hide disk latency). */
const READ_BATCH = 32;

/** The workspace's files as the outside lookup sees them. */
export interface OutsideFiles {
  /** Root-relative paths of the workspace's files that `accept` takes. */
  list(accept: (rel: string) => boolean): Promise<string[]>;
  /** A file's text; undefined when it vanished or cannot be read. */
  read(rel: string): Promise<string | undefined>;
  /** Changes whenever a file may have changed (undefined: unknown, as on a disk nobody watches). */
  readonly version?: number;
}

/** The disk as it is now: one walk per lookup, every text read. */
export function walkedOutsideFiles(root: string): OutsideFiles {
  return {
    list: (accept) => listWorkspaceFiles(root, accept),
    read: (rel) => {
      // Blocking reads: one each is several times cheaper than a promise read, and these are small files.
      try {
        return Promise.resolve(readFileSync(join(root, rel), 'utf8'));
      } catch {
        return Promise.resolve(undefined); // vanished or unreadable: it declares nothing we can see
      }
    },
  };
}

export async function indexOutsideDeclarations(
  root: string,
  scanned: Iterable<string>,
  ctx: SourceContext,
  grammars: Grammars,
  files: OutsideFiles = walkedOutsideFiles(root),
): Promise<void> {
  const callees = unresolvedCallees(ctx);
  if (callees.size === 0) return;
  const inScan = new Set(scanned);
  const wanted = (rel: string) => !inScan.has(rel) && callees.has(familyOf(rel)!);
  const paths = await files.list(wanted);
  if (paths.length === 0) return;
  await grammars.load(grammarsFor(paths));
  const texts: { path: string; text: string }[] = [];
  for (let i = 0; i < paths.length; i += READ_BATCH) {
    const batch = paths.slice(i, i + READ_BATCH);
    const read = await Promise.all(batch.map((path) => files.read(path)));
    batch.forEach((path, j) => {
      const text = read[j];
      if (text !== undefined && text.length <= MAX_CHARS && !text.slice(0, 8192).includes('\0'))
        texts.push({ path, text });
    });
  }
  indexDeclarationsOf(texts, callees, ctx);
}
