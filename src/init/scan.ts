// The workspace as init sees it: every candidate file read once with the same port finders as
// `berth check` (findPorts), each reference placed in a service (serviceDirs.ts) and given a role (roles.ts).
import { basename } from 'node:path';
import { fileKind, findPorts, type SourceContext } from '../core/portFinders/index';
import { readCheckable, sourceContext } from '../host/checkableFiles';
import { splitLines } from '../core/portFinders/text';
import type { PortRefKind } from '../core/types';
import picomatch from 'picomatch';
import { listFiles } from '../host/workspaceFiles';
import { composeFacts } from './composeFacts';
import { normalizeName } from './names';
import { composeRole, identifierRole, ownEndpointRole, type Strength } from './roles';
import { serviceByFileName, serviceDirOf } from './serviceDirs';

export interface ScannedRef {
  file: string;
  /** 0-based line. */
  line: number;
  port: number;
  kind: PortRefKind;
  service?: string;
  role?: string;
  strength: Strength;
  why: string;
  /** The role is only a compose service's name. */
  generic?: boolean;
}

export interface ScanResult {
  /** Files listed (after the ignore globs) and files read. */
  listed: number;
  read: number;
  refs: ScannedRef[];
  /** Service → its `configs` globs (its folders, or a compose file of no folder) and its compose files. */
  globs: Map<string, Set<string>>;
  composeFiles: Map<string, Set<string>>;
  /** Files read (candidates), and the texts of those holding port references (the proposal check reuses them). */
  readFiles: Set<string>;
  texts: Map<string, string>;
  /** The source finders' context (grammars, declarations), when the workspace holds source code. */
  source?: SourceContext;
  /** What was skipped, and why (too big, binary, minified, unreadable; a grammar that did not load). */
  skipped: string[];
}

/** Build output, dependencies and caches hold no allocations of their own. */
export const INIT_IGNORE = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/vendor/**',
  '**/target/**',
  '**/.venv/**',
  '**/venv/**',
  '**/__pycache__/**',
  '**/*-lock.json',
  '**/*.lock',
  'berth.yaml',
  'berth.yml',
];
/** Code of its own: a module, package or build manifest, or source files (at any depth below a top-level folder). */
const PROJECT_FILES =
  /(^|\/)(go\.mod|package\.json|pyproject\.toml|setup\.py|requirements\.txt|pom\.xml|build\.gradle(\.kts)?|Cargo\.toml|Dockerfile|Containerfile)$|\.(go|ts|tsx|js|mjs|py|java|kt|rb|rs)$/;
/** Top-level folders that hold tooling, deployment or documentation, not a service. */
const NOT_TOP_SERVICES = new Set([
  'deploy',
  'deployment',
  'deployments',
  'tools',
  'scripts',
  'hack',
  'ci',
  'docs',
  'doc',
  'examples',
  'charts',
  'helm',
  'k8s',
  'ops',
  'third_party',
  'e2e',
]);
/** Besides compose, YAML, JSON and .env files: source code and other text configs (the text finder reads them). */
const TEXT_FILES =
  /\.(go|ts|tsx|mts|cts|js|mjs|cjs|jsx|py|java|kt|kts|scala|rb|rs|cs|php|sh|bash|zsh|toml|ini|cfg|conf|properties|tf)$|(^|\/)(Makefile|Dockerfile|Containerfile|Tiltfile)$/;

export async function scanWorkspace(root: string, signal?: AbortSignal): Promise<ScanResult> {
  const files = await listFiles(root, ['**'], picomatch('**', { dot: true, ignore: INIT_IGNORE }));
  const candidates = files.filter((f) => fileKind(f) !== 'text' || TEXT_FILES.test(f));
  // Top-level folders holding a compose file that no test or service folder claims are services themselves.
  // Top-level folders that no test or service folder claims are services themselves when they hold a
  // compose file or code (<svc>/docker-compose.yml, api/main.go, web/package.json …).
  const composeTop = new Set(
    files
      .filter((f) => (isCompose(f) || PROJECT_FILES.test(f)) && f.includes('/') && !serviceDirOf(f, new Set()))
      .map((f) => f.split('/')[0])
      .filter((d) => !NOT_TOP_SERVICES.has(d.toLowerCase())),
  );
  const known = new Set(candidates.flatMap((f) => serviceDirOf(f, composeTop)?.service ?? []));
  const rootService = normalizeName(basename(root)) || 'app';
  const result: ScanResult = {
    listed: files.length,
    read: 0,
    refs: [],
    globs: new Map(),
    composeFiles: new Map(),
    readFiles: new Set(),
    texts: new Map(),
    skipped: [],
  };
  signal?.throwIfAborted();
  const texts = readCheckable(root, candidates, (why) => result.skipped.push(why));
  signal?.throwIfAborted();
  // Source files are parsed once: the declaration pass keeps their facts for the port pass.
  result.source = await sourceContext(root, texts, (why) => result.skipped.push(why));
  for (const [i, { path: file, text }] of texts.entries()) {
    if (i % 64 === 0) signal?.throwIfAborted();
    result.read++;
    result.readFiles.add(file);
    const compose = isCompose(file) ? composeFacts(text) : undefined;
    const place = serviceDirOf(file, composeTop) ?? serviceByFileName(file, known);
    // A compose file at the root (or in a folder of no service) is its own project.
    const project = compose ? normalizeName(compose.project ?? '') || (file.includes('/') ? '' : rootService) : '';
    const service = place?.service ?? (project || undefined);
    if (service) {
      addTo(result.globs, service, place ? (place.dir.endsWith('*') ? place.dir : `${place.dir}/**`) : file);
      if (compose) addTo(result.composeFiles, service, file);
    }
    const refs = findPorts(file, text, result.source);
    if (refs.length === 0) continue;
    result.texts.set(file, text);
    const lines = splitLines(text);
    for (const ref of refs) {
      const guess =
        ref.kind === 'compose-published'
          ? composeRole(compose?.byLine.get(ref.range.start.line))
          : identifierRole(ref, lines, service ?? '');
      result.refs.push({
        file,
        line: ref.range.start.line,
        port: ref.port,
        kind: ref.kind,
        ...(service ? { service } : {}),
        ...(guess.role ? { role: service ? ownEndpointRole(guess.role, service) : guess.role } : {}),
        strength: guess.strength,
        why: guess.why,
        ...(guess.generic ? { generic: true } : {}),
      });
    }
  }
  return result;
}

function isCompose(file: string): boolean {
  return fileKind(file) === 'compose';
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const got = map.get(key);
  if (got) got.add(value);
  else map.set(key, new Set([value]));
}
