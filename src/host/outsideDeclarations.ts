// Declarations outside a scan's files: a call in a claimed file may go to a helper declared in a package no
// service claims (test/infrastructure/shared_utils.go). Only when some call is still unresolved, the
// workspace's other source files that mention its callee are read for their declarations.
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

/** Files larger than this are not helper packages anyone declares a port-taking function in. */
const MAX_BYTES = 1024 * 1024;

export async function indexOutsideDeclarations(
  root: string,
  scanned: Iterable<string>,
  ctx: SourceContext,
  grammars: Grammars,
): Promise<void> {
  const callees = unresolvedCallees(ctx);
  if (callees.size === 0) return;
  const inScan = new Set(scanned);
  const wanted = (rel: string) => !inScan.has(rel) && callees.has(familyOf(rel)!);
  const files = await listWorkspaceFiles(root, wanted);
  if (files.length === 0) return;
  await grammars.load(grammarsFor(files));
  // Blocking reads: one each is several times cheaper than a promise read, and these are small files.
  const texts: { path: string; text: string }[] = [];
  for (const path of files) {
    try {
      const buf = readFileSync(join(root, path));
      if (buf.length <= MAX_BYTES && !buf.subarray(0, 8192).includes(0))
        texts.push({ path, text: buf.toString('utf8') });
    } catch {
      // vanished or unreadable: it declares nothing we can see
    }
  }
  indexDeclarationsOf(texts, callees, ctx);
}
