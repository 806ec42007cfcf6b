// Who owns what: which service a workspace file belongs to (its `configs` globs) and which
// allocations hold each host port. Pure; compiled glob matchers and the port index are cached per config object.
// Prose (markdown, text, reStructuredText, AsciiDoc) talks about ports without using them: a prose file belongs
// to a service only through a glob that names its extension (`docs/**/*.md`), never through `**` alone.
import picomatch from 'picomatch';
import type { BerthConfig, PortAllocation, ServiceDef } from './types';

type Matcher = (path: string) => boolean;
interface ServiceMatcher {
  service: ServiceDef;
  match: Matcher;
  /** Per prose extension, the globs that name it (undefined: none does). */
  prose: Map<string, Matcher>;
}
const matchers = new WeakMap<BerthConfig, ServiceMatcher[]>();

const PROSE_EXTENSIONS = ['md', 'markdown', 'txt', 'rst', 'adoc'];

/** The prose extension of a path, if it is one. */
function proseExtension(path: string): string | undefined {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ext && PROSE_EXTENSIONS.includes(ext) ? ext : undefined;
}

/** True when the glob's last segment spells the extension: `*.md`, `README.md`, `*.{md,txt}`, `*.@(md|rst)`. */
export function globNamesExtension(glob: string, ext: string): boolean {
  const last = glob.slice(glob.lastIndexOf('/') + 1).toLowerCase();
  return new RegExp(`\\.(?:[^/]*[{(,|])?${ext}(?:[},|)][^/]*)?$`).test(last);
}

function compiled(config: BerthConfig): ServiceMatcher[] {
  let list = matchers.get(config);
  if (!list) {
    list = config.services
      .filter((s) => s.configs.length > 0)
      .map((service) => {
        const globs = service.configs.map(normalizeGlob);
        const prose = new Map<string, Matcher>();
        for (const ext of PROSE_EXTENSIONS) {
          const naming = globs.filter((g) => globNamesExtension(g, ext));
          if (naming.length > 0) prose.set(ext, picomatch(naming, { dot: true }));
        }
        return { service, match: picomatch(globs, { dot: true }), prose };
      });
    // A compose file a service's stack runs, and the kind config it names, belong to it even when no glob names them.
    for (const service of config.services) {
      for (const named of [service.stack?.compose, service.kind?.config]) {
        if (!named) continue;
        const path = normalizeRelPath(named);
        list.push({ service, match: (p) => p === path, prose: new Map() });
      }
    }
    matchers.set(config, list);
  }
  return list;
}

function normalizeGlob(glob: string): string {
  return glob.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** Normalizes a workspace-relative path: forward slashes, no leading "./". */
export function normalizeRelPath(relPath: string): string {
  return relPath.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/**
 * The service whose `configs` match the file (the first one in berth.yaml order), else the service whose
 * `stack: { compose }` or `kind: { config }` names it, if any. berth.yaml itself belongs to no service; a prose file only to a
 * service with a glob naming its extension. The one answer to "is this file checked, and for whom?"
 */
export function serviceForFile(config: BerthConfig, relPath: string): ServiceDef | undefined {
  const p = normalizeRelPath(relPath);
  if (p === config.file) return undefined;
  const ext = proseExtension(p);
  for (const { service, match, prose } of compiled(config)) {
    const m = ext === undefined ? match : prose.get(ext);
    if (m?.(p)) return service;
  }
  return undefined;
}

const byPort = new WeakMap<BerthConfig, ReadonlyMap<number, readonly PortAllocation[]>>();

/** The allocations of each port, built once per config (the rules ask it for every port reference on every keystroke). */
export function allocationsByPort(config: BerthConfig): ReadonlyMap<number, readonly PortAllocation[]> {
  let map = byPort.get(config);
  if (map) return map;
  const built = new Map<number, PortAllocation[]>();
  for (const s of config.services) {
    for (const a of s.ports) {
      // `workers: N` holds the whole block: every port of it belongs to the allocation.
      for (let port = a.port; port < a.port + (s.workers ?? 1) && port <= 65535; port++) {
        const list = built.get(port);
        if (list) list.push(a);
        else built.set(port, [a]);
      }
    }
  }
  byPort.set(config, (map = built));
  return map;
}

/** The ports an allocation holds: one, or with `workers: N` on its service the N from the allocated one. */
export function allocationBlock(config: BerthConfig, a: PortAllocation): { from: number; to: number; size: number } {
  const size = config.services.find((s) => s.name === a.service)?.workers ?? 1;
  return { from: a.port, to: a.port + size - 1, size };
}

/** True when allocation `a` may legally be used by `service`: it is its own, or `a` names it in shared_with. */
export function sharesWith(a: PortAllocation, service: string): boolean {
  return a.service === service || a.sharedWith.includes(service);
}

/** The role's declared range, if any. */
export function rangeOfRole(config: BerthConfig, role: string) {
  return config.ranges.find((r) => r.role === role);
}

/** The declared ranges containing the port (ranges may overlap; berth.yaml order). */
export function rangesContaining(config: BerthConfig, port: number) {
  return config.ranges.filter((r) => port >= r.from && port <= r.to);
}

/** The globs of every file that belongs to some service: its `configs`, the compose file its stack names, its kind config. */
export function serviceFileGlobs(config: BerthConfig): string[] {
  return [
    ...new Set(
      config.services.flatMap((s) => [
        ...s.configs,
        ...[s.stack?.compose, s.kind?.config].filter((p) => p !== undefined),
      ]),
    ),
  ];
}
