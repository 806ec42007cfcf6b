// Declarations outside a scan's files: a call in a claimed file may go to a helper declared in a package no
// service claims (test/infrastructure/shared_utils.go). Only when some call is still unresolved, the
// workspace's other source files that mention its callee are read for their declarations.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  grammarsFor,
  indexDeclarationsOf,
  unresolvedCallees,
  type SourceContext,
} from '../core/portFinders/source/index';
import { sourceLanguageOf } from '../core/portFinders/source/syntax';
import type { Grammars } from './grammars';
import { listWorkspaceFiles } from './workspaceFiles';

/** Files larger than this are not helper packages anyone declares a port-taking function in. */
const MAX_BYTES = 1024 * 1024;

export async function indexOutsideDeclarations(
  root: string,
  scanned: Iterable<string>,
  ctx: SourceContext,
  grammars: Grammars,
): Promise<void> {
  const names = unresolvedCallees(ctx);
  if (names.size === 0) return;
  const inScan = new Set(scanned);
  const files = await listWorkspaceFiles(root, (rel) => !inScan.has(rel) && sourceLanguageOf(rel) !== undefined);
  if (files.length === 0) return;
  await grammars.load(grammarsFor(files));
  const texts = await Promise.all(
    files.map(async (path) => {
      try {
        const buf = await readFile(join(root, path));
        return buf.length > MAX_BYTES || buf.includes(0) ? undefined : { path, text: buf.toString('utf8') };
      } catch {
        return undefined; // vanished or unreadable: it declares nothing we can see
      }
    }),
  );
  indexDeclarationsOf(
    texts.filter((t): t is { path: string; text: string } => t !== undefined),
    names,
    ctx,
  );
}
