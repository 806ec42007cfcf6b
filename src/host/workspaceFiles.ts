// Reads berth.yaml from a workspace root and lists the files its services' `configs` globs match (which files
// a service claims is core/ownership's answer, markdown and prose included). The walk starts only at the globs'
// static bases, skips node_modules and .git, does not follow directory symlinks (no loops) and is bounded,
// so a glob like "**" on a huge tree cannot run away.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { parseBerthYaml } from '../core/berthYaml';
import { readKindMappings } from '../core/kindConfig';
import { serviceFileGlobs, serviceForFile } from '../core/ownership';
import type { BerthConfig, ParseResult } from '../core/types';

export const BERTH_FILE_NAMES = ['berth.yaml', 'berth.yml'];
const SKIP_DIRS = new Set(['node_modules', '.git']);
/** Upper bound on directory entries visited by one listing. */
const MAX_WALK_ENTRIES = 200_000;
const MAX_DEPTH = 64;

export type LoadedWorkspace = { configPath: string; text: string; parse: ParseResult };

export async function loadWorkspace(root: string): Promise<LoadedWorkspace | { error: string }> {
  try {
    const s = await stat(root);
    if (!s.isDirectory()) return { error: `${root} is not a directory` };
  } catch (e) {
    return { error: `cannot open ${root}: ${describe(e)}` };
  }
  for (const name of BERTH_FILE_NAMES) {
    const configPath = join(root, name);
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return { error: `cannot read ${configPath}: ${describe(e)}` };
    }
    const parse = parseBerthYaml(text, name);
    if (parse.config) await readKindConfigs(root, parse.config);
    return { configPath, text, parse };
  }
  return { error: `no berth.yaml in ${root}` };
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ?? String(err?.message ?? e);
}

/** Workspace-relative paths (forward slashes, sorted) of the files some service's `configs` match, plus the compose files stacks name. */
/** The extraPortMappings of each kind config a service names (an unreadable one is left out: `berth check` says why). */
async function readKindConfigs(root: string, config: BerthConfig): Promise<void> {
  for (const s of config.services) {
    if (!s.kind?.config) continue;
    const text = await readFile(join(root, s.kind.config), 'utf8').catch(() => undefined);
    if (text !== undefined) s.kind.mappings = readKindMappings(text);
  }
}

export async function listConfigFiles(root: string, config: BerthConfig): Promise<string[]> {
  const found = await listFiles(root, serviceFileGlobs(config), (p) => serviceForFile(config, p) !== undefined);
  return found.filter((f) => f !== config.file);
}

/**
 * Workspace-relative paths (forward slashes, sorted) of the files under the globs' bases that `isMatch`
 * accepts (default: the globs themselves), with the same bounded walk (init lists its candidates with it).
 */
export async function listFiles(
  root: string,
  patterns: string[],
  isMatch: (path: string) => boolean = picomatch(patterns, { dot: true }),
): Promise<string[]> {
  const globs = patterns.map((g) => g.replace(/\\/g, '/').replace(/^\.\//, ''));
  if (globs.length === 0) return [];
  const found = new Set<string>();
  const bases = new Set<string>();
  for (const g of globs) {
    const scan = picomatch.scan(g);
    if (!scan.isGlob) {
      // A literal path: no walk needed.
      if (isMatch(g) && (await isFile(join(root, g)))) found.add(g);
      continue;
    }
    bases.add(scan.base.replace(/\/+$/, ''));
  }
  // Walk each base once; a base inside another base is covered by the outer walk.
  const sorted = [...bases].sort((a, b) => a.length - b.length);
  const roots = sorted.filter((b, i) => !sorted.slice(0, i).some((o) => o === '' || b === o || b.startsWith(o + '/')));
  const budget = { left: MAX_WALK_ENTRIES };
  for (const base of roots) await walk(root, base, 0, isMatch, found, budget);
  return [...found].sort();
}

/** Every file of the workspace `accept` takes (the same walk, skipped directories and budget as the scan). */
export async function listWorkspaceFiles(root: string, accept: (rel: string) => boolean): Promise<string[]> {
  const found = new Set<string>();
  await walk(root, '', 0, accept, found, { left: MAX_WALK_ENTRIES });
  return [...found].sort();
}

/** True when the walk would reach this root-relative path (not under a skipped folder, not too deep). */
export function isWalkedPath(rel: string): boolean {
  const dirs = rel.split('/').slice(0, -1);
  return dirs.length <= MAX_DEPTH && !dirs.some((d) => SKIP_DIRS.has(d));
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function walk(
  root: string,
  rel: string,
  depth: number,
  isMatch: (p: string) => boolean,
  found: Set<string>,
  budget: { left: number },
): Promise<void> {
  if (depth > MAX_DEPTH || budget.left <= 0) return;
  let entries;
  try {
    entries = await readdir(rel ? join(root, rel) : root, { withFileTypes: true });
  } catch {
    return; // unreadable or vanished directory: nothing to check there
  }
  const subdirs: string[] = [];
  for (const e of entries) {
    if (--budget.left < 0) return;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) subdirs.push(p);
    } else if ((e.isFile() || (e.isSymbolicLink() && (await isFile(join(root, p))))) && isMatch(p)) {
      found.add(p);
    }
  }
  await Promise.all(subdirs.map((d) => walk(root, d, depth + 1, isMatch, found, budget)));
}
