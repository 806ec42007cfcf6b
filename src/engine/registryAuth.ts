// Registry credentials for a pull, from where the user's own tools keep them: the Docker CLI's config.json
// (`auths.<registry>.auth`, base64 "user:password", or an identity token) and Podman's auth file (same shape;
// $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json, ~/.config/containers/auth.json). Docker's engine
// reads the Docker config first, Podman's its own file first (Podman falls back to Docker's too). Credential
// helpers (credsStore, credHelpers) are programs Berth does not run: it says so instead of failing silently.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface RegistryAuth {
  serveraddress: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export interface AuthLookup {
  auth?: RegistryAuth;
  /** The file the credentials came from. */
  from?: string;
  /** Why none were found where some may be (a credential helper, an unreadable file): told when the pull fails. */
  notes: string[];
}

const DOCKER_HUB = 'docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** The registry host of an image reference ("docker.io" when it names none) and its repository path. */
export function registryOf(ref: string): { host: string; repo: string } {
  const name = ref.split('@')[0];
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const isHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const rest = isHost ? name.slice(slash + 1) : name;
  // The tag follows the last ':' after the last '/'.
  const repo = rest.replace(/:[^/]*$/, '');
  return { host: isHost ? first : DOCKER_HUB, repo: isHost || repo.includes('/') ? repo : `library/${repo}` };
}

/** A config key ("https://index.docker.io/v1/", "quay.io/org", "127.0.0.1:5000") as host and path. */
function keyOf(key: string): { host: string; path: string } {
  const bare = key.replace(/^[a-z]+:\/\//i, '');
  const slash = bare.indexOf('/');
  const host = (slash < 0 ? bare : bare.slice(0, slash)).toLowerCase();
  const path = slash < 0 ? '' : bare.slice(slash + 1).replace(/\/+$/, '');
  return { host: HUB_ALIASES.has(host) ? DOCKER_HUB : host, path: /^v[12]$/.test(path) ? '' : path };
}

interface AuthFile {
  path: string;
  kind: 'docker' | 'podman';
}

export function authFiles(engine: 'docker' | 'podman', env: NodeJS.ProcessEnv, home = homedir()): AuthFile[] {
  const docker: AuthFile[] = [
    { path: join(env.DOCKER_CONFIG || join(home, '.docker'), 'config.json'), kind: 'docker' },
  ];
  const podman: AuthFile[] = [
    ...(env.REGISTRY_AUTH_FILE ? [env.REGISTRY_AUTH_FILE] : []),
    ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json')] : []),
    join(env.XDG_CONFIG_HOME || join(home, '.config'), 'containers', 'auth.json'),
  ].map((path) => ({ path, kind: 'podman' }));
  return engine === 'docker' ? [...docker, ...podman] : [...podman, ...docker];
}

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
}

/** The entry of `auths` for this registry: the longest matching repository prefix first, then the host. */
function entryFor(auths: Record<string, AuthEntry>, host: string, repo: string): AuthEntry | undefined {
  let best: { entry: AuthEntry; len: number } | undefined;
  for (const [key, entry] of Object.entries(auths)) {
    const k = keyOf(key);
    if (k.host !== host.toLowerCase()) continue;
    if (k.path && repo !== k.path && !repo.startsWith(`${k.path}/`)) continue;
    if (!best || k.path.length > best.len) best = { entry, len: k.path.length };
  }
  return best?.entry;
}

function credentials(entry: AuthEntry, serveraddress: string, file: string): RegistryAuth {
  if (typeof entry.identitytoken === 'string' && entry.identitytoken)
    return { serveraddress, identitytoken: entry.identitytoken };
  if (typeof entry.auth === 'string' && entry.auth) {
    const plain = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = plain.indexOf(':');
    if (colon < 0)
      throw new Error(`${file}: auths entry for ${serveraddress} has an "auth" that is not base64 "user:password"`);
    return { serveraddress, username: plain.slice(0, colon), password: plain.slice(colon + 1) };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string')
    return { serveraddress, username: entry.username, password: entry.password };
  throw new Error(`${file}: auths entry for ${serveraddress} has neither "auth" nor "identitytoken"`);
}

/** Credentials for pulling `ref` on this engine, or none (anonymous), with notes on what was passed over. */
export function registryAuth(
  ref: string,
  engine: 'docker' | 'podman',
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): AuthLookup {
  const { host, repo } = registryOf(ref);
  const notes: string[] = [];
  for (const file of authFiles(engine, env, home)) {
    let text: string;
    try {
      text = readFileSync(file.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      notes.push(`could not read ${file.path}: ${(e as Error).message}`);
      continue;
    }
    let doc: { auths?: Record<string, AuthEntry>; credsStore?: unknown; credHelpers?: Record<string, unknown> };
    try {
      doc = JSON.parse(text) as typeof doc;
    } catch (e) {
      notes.push(`${file.path} is not valid JSON (${(e as Error).message}); its credentials were not used`);
      continue;
    }
    const entry = doc?.auths && typeof doc.auths === 'object' ? entryFor(doc.auths, host, repo) : undefined;
    if (entry) {
      try {
        const auth = credentials(entry, host, file.path);
        return { auth, from: file.path, notes };
      } catch (e) {
        notes.push((e as Error).message);
        continue;
      }
    }
    const helper = Object.entries(doc?.credHelpers ?? {}).find(([k]) => keyOf(k).host === host)?.[1] ?? doc?.credsStore;
    if (typeof helper === 'string' && helper)
      notes.push(
        `${file.path} keeps credentials in the credential helper "docker-credential-${helper}", which Berth does not run, so the pull from ${host} went without credentials (pull the image yourself, or log in so that an inline "auth" is stored)`,
      );
  }
  return { notes };
}
