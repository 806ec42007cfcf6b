// Reads the imports of a source tree with the TypeScript compiler's own scanner (static, dynamic, type-only and
// re-exports) and checks them against the layering rules. Used by layers.test.ts on src/ and on small fixtures.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface Import {
  /** Importing file, relative to the checked root's parent ("src/engine/status.ts"). */
  file: string;
  line: number;
  specifier: string;
  /** Imported file in the same tree ("src/host/classify.ts"), when the specifier resolves to one. */
  target?: string;
  /** Imported package ("dockerode", "vscode", "@scope/name"), for bare specifiers. */
  pkg?: string;
}

export interface LayerRules {
  /** Tier of each top-level folder: a folder may import its own tier's and lower tiers' folders. */
  tiers: Record<string, number>;
  /** Package → the only files allowed to import it (relative like Import.file; a trailing "/" means a folder). */
  packages: Record<string, string[]>;
  /** Known violations, each named "file → target-or-package"; a listed one that no longer occurs is itself reported. */
  allow?: { edge: string; why: string }[];
}

const posixPath = (p: string) => p.split(sep).join('/');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return walk(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every import of every .ts file under `srcDir`, resolved as tsc resolves it. */
export function readImports(srcDir: string): Import[] {
  const base = join(srcDir, '..');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
  };
  const out: Import[] = [];
  for (const abs of walk(srcDir)) {
    const text = readFileSync(abs, 'utf8');
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const file = posixPath(relative(base, abs));
      const line = text.slice(0, ref.pos).split('\n').length;
      const spec = ref.fileName;
      if (spec.startsWith('node:')) continue;
      if (!spec.startsWith('.')) {
        out.push({ file, line, specifier: spec, pkg: packageName(spec) });
        continue;
      }
      const resolved = ts.resolveModuleName(spec, abs, options, ts.sys).resolvedModule?.resolvedFileName;
      if (!resolved) throw new Error(`${file}:${line}: import "${spec}" does not resolve to a file`);
      out.push({ file, line, specifier: spec, target: posixPath(relative(base, resolved)) });
    }
  }
  return out;
}

const folderOf = (file: string) => file.split('/')[1];
const edgeName = (i: Import) => `${i.file} → ${i.target ?? i.pkg}`;

/** Layering violations, each naming the offending import as "file:line → target (why)". */
export function layerViolations(imports: Import[], rules: LayerRules): string[] {
  const found: { edge: string; text: string }[] = [];
  const tierList = (t: number) =>
    Object.keys(rules.tiers)
      .filter((f) => rules.tiers[f] <= t)
      .join(', ');
  for (const i of imports) {
    const from = folderOf(i.file);
    const fromTier = rules.tiers[from];
    if (fromTier === undefined) {
      found.push({ edge: edgeName(i), text: `${i.file}:${i.line}: folder src/${from} has no tier in the layer rules` });
      continue;
    }
    if (i.pkg) {
      const only = rules.packages[i.pkg];
      if (only && !only.some((o) => (o.endsWith('/') ? i.file.startsWith(o) : i.file === o)))
        found.push({
          edge: edgeName(i),
          text: `${i.file}:${i.line} → ${i.pkg} (only ${only.join(', ')} may import ${i.pkg})`,
        });
      continue;
    }
    const to = folderOf(i.target!);
    const toTier = rules.tiers[to];
    if (toTier === undefined || toTier > fromTier)
      found.push({
        edge: edgeName(i),
        text: `${i.file}:${i.line} → ${i.target} (src/${from} may import ${tierList(fromTier)})`,
      });
  }
  return applyAllowList(found, rules.allow ?? []);
}

function applyAllowList(found: { edge: string; text: string }[], allow: { edge: string; why: string }[]): string[] {
  const allowed = new Set(allow.map((a) => a.edge));
  const out = found.filter((f) => !allowed.has(f.edge)).map((f) => f.text);
  for (const a of allow)
    if (!found.some((f) => f.edge === a.edge))
      out.push(`allow-list entry "${a.edge}" (${a.why}) no longer occurs: delete it`);
  return out;
}

/** Strongly connected components with more than one member (Tarjan), each as its members in a cycle order. */
function cycles(nodes: string[], next: (n: string) => string[]): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.reverse());
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  return out;
}

/** Import cycles between folders and between files, each with the imports that close it ("file:line → target"). */
export function cycleViolations(imports: Import[], allow: { edge: string; why: string }[] = []): string[] {
  const local = imports.filter((i) => i.target);
  const report = (key: (f: string) => string, what: string) => {
    const edges = new Map<string, Import[]>();
    for (const i of local) {
      const a = key(i.file);
      const b = key(i.target!);
      if (a !== b) edges.set(a, [...(edges.get(a) ?? []), i]);
    }
    const nodes = [...new Set(local.flatMap((i) => [key(i.file), key(i.target!)]))].sort();
    return cycles(nodes, (n) => [...new Set((edges.get(n) ?? []).map((i) => key(i.target!)))]).map((scc) => {
      const members = new Set(scc);
      const inner = local.filter(
        (i) => members.has(key(i.file)) && members.has(key(i.target!)) && key(i.file) !== key(i.target!),
      );
      return {
        edges: inner.map(edgeName),
        text: `${what} cycle ${scc.join(' ⇄ ')}: ${inner.map((i) => `${i.file}:${i.line} → ${i.target}`).join('; ')}`,
      };
    });
  };
  const all = [...report((f) => `src/${folderOf(f)}`, 'folder'), ...report((f) => f, 'file')];
  const allowed = new Set(allow.map((a) => a.edge));
  // A cycle is excused only when every import closing it is on the allow-list.
  const out = all.filter((c) => !c.edges.every((e) => allowed.has(e))).map((c) => c.text);
  for (const a of allow)
    if (!all.some((c) => c.edges.includes(a.edge)))
      out.push(`allow-list entry "${a.edge}" (${a.why}) closes no cycle any more: delete it`);
  return out;
}
