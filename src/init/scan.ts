// The workspace as init sees it: every candidate file read once with the same port finders as
// `berth check` (findPorts), each reference placed in a service (serviceDirs.ts) and given a role (roles.ts).
import { basename } from 'node:path';
import { fileKind, findPorts, type SourceContext } from '../core/portFinders/index';
import { readCheckable, sourceContext } from '../host/checkableFiles';
import { splitLines } from '../core/portFinders/text';
import type { PortRefKind } from '../core/types';
import picomatch from 'picomatch';
import { listFiles } from '../host/workspaceFiles';
import { composeFactAt, composeFacts, type ComposeFacts } from './composeFacts';
import { hostPortNames } from './k8sFacts';
import { knownRole, normalizeName, roleSpelling } from './names';
import type { Note } from './proposal';
import { decideNames, DEPLOY_DIRS, type StackName } from './serviceNames';
import { sharedMentions, type SharedMention } from './sharedMentions';
import { stackOf } from './stackNames';
import { composeRole, identifierRole, ownEndpointRole, type Strength } from './roles';
import { serviceByFileName, serviceDirOf, type ServiceDir } from './serviceDirs';

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
  /** The file says at its top that it is deprecated: its references count after the others'. */
  deprecated?: boolean;
  /** A published port's compose service (unless built from the workspace) and container port. */
  composeService?: string;
  containerPort?: number;
  /** A URL's scheme (http, redis …). */
  scheme?: string;
  /** The role was the owning service's own name, read as its endpoint (ownEndpointRole). */
  ownName?: boolean;
  /** A more specific spelling of the role (roles.ts), taken when the service has another port of that role. */
  qualified?: string;
  /** Its identifier starts with the owning service's name. */
  own?: boolean;
  /** The role is a command line's container name, image or port-forward target: it counts after identifiers. */
  command?: boolean;
  /** The role is only the URL's scheme (no identifier named it): it counts after every identifier. */
  byScheme?: boolean;
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
  /** Services that are a deployment folder's stack: they lose every port another service uses. */
  deployServices: Set<string>;
  /** How services were named where the repository gives more than a folder's name. */
  notes: Note[];
  /** Lines that say a port is shared with someone (often comments, which the finders skip). */
  shared: SharedMention[];
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
    deployServices: new Set(),
    notes: [],
    shared: [],
  };
  signal?.throwIfAborted();
  const texts = readCheckable(root, candidates, (why) => result.skipped.push(why));
  signal?.throwIfAborted();
  // Compose files by name or, for YAML of other names (deploy/stack.yml), by content: the finders' own test.
  const composeText = new Set(texts.flatMap(({ path, text }) => (fileKind(path, text) === 'compose' ? [path] : [])));
  const isCompose = (f: string) => composeText.has(f) || fileKind(f) === 'compose';
  // Top-level folders that no test or service folder claims are services themselves when they hold a
  // compose file or code (<svc>/docker-compose.yml, api/main.go, web/package.json …).
  const composeTop = new Set(
    files
      .filter((f) => (isCompose(f) || PROJECT_FILES.test(f)) && f.includes('/') && !serviceDirOf(f, new Set()))
      .map((f) => f.split('/')[0])
      .filter((d) => !NOT_TOP_SERVICES.has(d.toLowerCase())),
  );
  const known = new Set(candidates.flatMap((f) => serviceDirOf(f, composeTop)?.service ?? []));
  // Source files are parsed once: the declaration pass keeps their facts for the port pass.
  result.source = await sourceContext(root, texts, (why) => result.skipped.push(why));
  const composeOf = new Map<string, ComposeFacts>();
  for (const { path, text } of texts) if (isCompose(path)) composeOf.set(path, composeFacts(text));
  const names = nameServices(texts, composeOf, composeTop);
  result.notes.push(...names.notes);
  for (const s of names.deploy.values()) result.deployServices.add(s);
  const renamed = (p: ServiceDir | undefined) =>
    p && names.renamed.has(p.service) ? { ...p, service: names.renamed.get(p.service)! } : p;
  for (const [i, { path: file, text }] of texts.entries()) {
    if (i % 64 === 0) signal?.throwIfAborted();
    result.read++;
    result.readFiles.add(file);
    const compose = composeOf.get(file);
    const deploy = file.includes('/') ? names.deploy.get(file.split('/')[0]) : undefined;
    const place =
      renamed(serviceDirOf(file, composeTop)) ??
      (deploy ? { service: deploy, dir: file.split('/')[0] } : renamed(serviceByFileName(file, known)));
    // A compose file at the root (or in a folder of no service) is its own project.
    const project = compose ? normalizeName(compose.project ?? '') || (file.includes('/') ? '' : rootService) : '';
    const service = place?.service ?? (project || undefined);
    if (service) {
      addTo(result.globs, service, place ? (place.dir.endsWith('*') ? place.dir : `${place.dir}/**`) : file);
      if (compose) addTo(result.composeFiles, service, file);
    }
    const refs = findPorts(file, text, result.source);
    const lines = /shar/i.test(text) || refs.length > 0 ? splitLines(text) : [];
    if (/shar/i.test(text)) result.shared.push(...sharedMentions(file, lines));
    if (refs.length === 0) continue;
    result.texts.set(file, text);
    const deprecated = DEPRECATED_HEADER.test(lines.slice(0, 5).join('\n'));
    const podNames = fileKind(file, text) === 'yaml' ? hostPortNames(text) : undefined;
    for (const ref of refs) {
      const line = ref.range.start.line;
      const fact =
        ref.kind === 'compose-published' ? composeFactAt(compose, line, ref.range.start.character) : undefined;
      let guess = ref.kind === 'compose-published' ? composeRole(fact) : identifierRole(ref, lines, service ?? '');
      const pod = podNames?.get(line);
      if (!guess.role && pod) guess = { role: roleSpelling(pod), strength: 'strong', why: `container port ${pod}` };
      const scheme = ref.kind === 'url' ? SCHEME.exec(lines[line]?.slice(0, ref.range.start.character) ?? '') : null;
      // A URL bound to no identifier still says its protocol: `fetch('http://localhost:18097/health')`.
      const byScheme = !guess.role && scheme ? schemeRole(scheme[1]) : undefined;
      if (byScheme) guess = { role: byScheme, strength: 'strong', why: `URL scheme ${scheme![1]}` };
      const role = guess.role && service ? ownEndpointRole(guess.role, service) : guess.role;
      result.refs.push({
        file,
        line,
        port: ref.port,
        kind: ref.kind,
        ...(service ? { service } : {}),
        ...(role ? { role } : {}),
        strength: guess.strength,
        why: guess.why,
        ...(guess.generic ? { generic: true } : {}),
        ...(guess.command ? { command: true } : {}),
        ...(guess.qualified && role === guess.role ? { qualified: guess.qualified } : {}),
        ...(guess.own ? { own: true } : {}),
        ...(deprecated ? { deprecated: true } : {}),
        ...(fact && !fact.built ? { composeService: fact.service } : {}),
        ...(fact?.containerPort !== undefined ? { containerPort: fact.containerPort } : {}),
        ...(scheme ? { scheme: scheme[1].toLowerCase() } : {}),
        ...(role !== guess.role ? { ownName: true } : {}),
        ...(byScheme ? { byScheme: true } : {}),
      });
    }
  }
  return result;
}

/** The scheme of the URL a port is in: `http://localhost:` right before it. */
const SCHEME = /([a-z][a-z0-9+.-]*):\/\/[^\s"'`/]*$/i;

/** The role a URL's scheme names: http(s) → http, a known role's scheme (postgresql, redis …) → that role. */
function schemeRole(scheme: string): string | undefined {
  const s = scheme.toLowerCase();
  return s === 'http' || s === 'https'
    ? 'http'
    : (knownRole(normalizeName(s.replace(/s$/, ''))) ?? knownRole(normalizeName(s)));
}

/** `# DEPRECATED: …`, `// Deprecated (…)` as a comment in a file's first lines. */
const DEPRECATED_HEADER = /^\s*(?:#|\/\/|--|;|\/?\*+)\s*deprecated\b/im;

/** Folder services and deployment folders with the names their stacks give them (serviceNames.ts). */
function nameServices(
  texts: { path: string; text: string }[],
  composeOf: Map<string, ComposeFacts>,
  composeTop: ReadonlySet<string>,
) {
  const folders = new Map<string, { dir: string; stacks: StackName[] }>();
  const deployStacks = new Map<string, StackName[]>();
  for (const { path, text } of texts) {
    const place = serviceDirOf(path, composeTop);
    if (place && !folders.has(place.service)) folders.set(place.service, { dir: place.dir, stacks: [] });
    const stack = stackOf(path, text, composeOf.get(path));
    if (!stack) continue;
    const top = path.split('/')[0];
    const list = place
      ? folders.get(place.service)!.stacks
      : path.includes('/') && DEPLOY_DIRS.has(top.toLowerCase())
        ? (deployStacks.get(top) ?? deployStacks.set(top, []).get(top)!)
        : undefined;
    if (list && stack.name) list.push(stack.name);
  }
  return decideNames(folders, deployStacks);
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const got = map.get(key);
  if (got) got.add(value);
  else map.set(key, new Set([value]));
}
