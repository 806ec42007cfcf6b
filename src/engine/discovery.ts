// Where to look for a container engine, in order. Pure apart from the injected file reader, so the
// order can be unit-tested with a fake environment and file system.
import { createHash } from 'node:crypto';
import { posix, win32 } from 'node:path';
import { errorText } from '../core/errorText';
import { SAFE_REMOTE_PATH } from './sshTransport';
import { isLoopback, LOCAL_HOST, type EngineHost } from '../model/engineHost';

/** How to reach one engine endpoint. */
export type EndpointSpec =
  | { protocol: 'unix' | 'npipe'; socketPath: string }
  | {
      protocol: 'http' | 'https';
      host: string;
      port: number;
      /** Directory holding ca.pem, cert.pem and key.pem (DOCKER_CERT_PATH or a context's TLS dir). */
      certDir?: string;
      /** TLS without verifying the server (DOCKER_TLS_VERIFY unset on a tcp:// host with certs). */
      skipVerify?: boolean;
    }
  | {
      protocol: 'ssh';
      /** As the user wrote it: an ~/.ssh/config alias or an address (the ssh client resolves it). */
      host: string;
      port?: number;
      username?: string;
      /** Podman's ssh://user@host/run/podman/podman.sock: the engine socket on that machine. */
      socketPath?: string;
    };

export interface Candidate {
  /** Where the candidate came from: "setting", "DOCKER_HOST", "context foo", "default", "rootless docker", … */
  source: string;
  /** Display form: unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host … */
  target: string;
  /** Named by the user (setting, DOCKER_HOST, a context): then it is the only candidate. */
  explicit: boolean;
  spec?: EndpointSpec;
  /** Why the candidate cannot be used at all (bad URL, unknown context). */
  invalid?: string;
}

export interface DiscoveryFs {
  readFile(path: string): string | undefined;
  readdir(path: string): string[];
}

export interface DiscoveryInput {
  env: NodeJS.ProcessEnv;
  /** berth.engine.host or an explicit --host; when given, it is the only candidate. */
  host?: string;
  home: string;
  platform: NodeJS.Platform;
  fs: DiscoveryFs;
}

/** Parses a Docker host URL (unix://, npipe://, tcp://, http(s)://, ssh://) into an endpoint. */
export function parseHostUrl(url: string, env: NodeJS.ProcessEnv = {}, certDirOverride?: string): EndpointSpec {
  const u = url.trim();
  if (u.startsWith('unix://')) {
    const p = u.slice('unix://'.length);
    if (!p) throw new Error(`"${url}": unix:// needs a socket path`);
    return { protocol: 'unix', socketPath: p };
  }
  if (u.startsWith('npipe://')) {
    const p = u.slice('npipe://'.length);
    if (!p) throw new Error(`"${url}": npipe:// needs a pipe path`);
    return { protocol: 'npipe', socketPath: p.replace(/\//g, '\\').replace(/^\\\\+\.\\/, '\\\\.\\') };
  }
  if (u.startsWith('/')) return { protocol: 'unix', socketPath: u };
  const m = /^(tcp|http|https|ssh):\/\//.exec(u);
  if (!m) throw new Error(`"${url}": expected unix://, npipe://, tcp://, http(s):// or ssh://`);
  let parsed: URL;
  try {
    parsed = new URL(u.replace(/^tcp:/, 'http:'));
  } catch {
    throw new Error(`"${url}" is not a valid URL`);
  }
  if (!parsed.hostname) throw new Error(`"${url}" has no host`);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (m[1] === 'ssh') {
    if (parsed.search || parsed.hash) throw new Error(`"${url}": an ssh:// URL takes no query or fragment`);
    const path = decodeURIComponent(parsed.pathname);
    // The path reaches the far side's shell as one word of `podman --url unix://<path> system dial-stdio`.
    if (path && path !== '/' && !SAFE_REMOTE_PATH.test(path))
      throw new Error(`"${url}": the socket path may hold only letters, digits and . _ / -`);
    return {
      protocol: 'ssh',
      host,
      ...(parsed.port ? { port: Number(parsed.port) } : {}),
      ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
      ...(path && path !== '/' ? { socketPath: path } : {}),
    };
  }
  const certDir = certDirOverride ?? (env.DOCKER_CERT_PATH || undefined);
  const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  const port = parsed.port ? Number(parsed.port) : m[1] === 'https' || verify ? 2376 : 2375;
  // Docker's rule: TLS when DOCKER_TLS_VERIFY is set, or on the TLS port 2376, or for https://.
  const tls = m[1] === 'https' || verify || port === 2376 || certDirOverride !== undefined;
  if (!tls) return { protocol: 'http', host, port };
  return { protocol: 'https', host, port, certDir, skipVerify: !verify && certDirOverride === undefined };
}

/** The machine an endpoint names, as written (an ssh alias is resolved only when connecting). */
export function specHost(spec: EndpointSpec): EngineHost {
  if (spec.protocol === 'ssh') return { kind: 'ssh', name: spec.host, address: spec.host };
  if ((spec.protocol === 'http' || spec.protocol === 'https') && !isLoopback(spec.host))
    return { kind: 'tcp', name: spec.host, address: spec.host };
  return LOCAL_HOST;
}

export function displayTarget(spec: EndpointSpec): string {
  switch (spec.protocol) {
    case 'unix':
      return `unix://${spec.socketPath}`;
    case 'npipe':
      return `npipe://${spec.socketPath.replace(/\\/g, '/')}`;
    case 'ssh':
      return `ssh://${spec.username ? spec.username + '@' : ''}${spec.host.includes(':') ? `[${spec.host}]` : spec.host}${spec.port ? ':' + spec.port : ''}${spec.socketPath ?? ''}`;
    default:
      return `${spec.protocol === 'https' ? 'tcp+tls' : 'tcp'}://${spec.host}:${spec.port}`;
  }
}

function candidateFrom(
  source: string,
  url: string,
  explicit: boolean,
  env: NodeJS.ProcessEnv,
  certDir?: string,
): Candidate {
  try {
    const spec = parseHostUrl(url, env, certDir);
    return { source, target: displayTarget(spec), explicit, spec };
  } catch (e) {
    return { source, target: url, explicit, invalid: errorText(e) };
  }
}

function socket(source: string, path: string): Candidate {
  return { source, target: `unix://${path}`, explicit: false, spec: { protocol: 'unix', socketPath: path } };
}

function pipe(source: string, path: string): Candidate {
  return {
    source,
    target: `npipe://${path.replace(/\\/g, '/')}`,
    explicit: false,
    spec: { protocol: 'npipe', socketPath: path },
  };
}

function readJson(fs: DiscoveryFs, path: string): unknown {
  const text = fs.readFile(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The Docker CLI stores a context under contexts/meta/<sha256(name)>/meta.json. */
function contextCandidate(
  name: string,
  configDir: string,
  env: NodeJS.ProcessEnv,
  fs: DiscoveryFs,
  join: (...p: string[]) => string,
): Candidate {
  const id = createHash('sha256').update(name).digest('hex');
  const source = `context ${name}`;
  const meta = readJson(fs, join(configDir, 'contexts', 'meta', id, 'meta.json')) as
    { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } } | undefined;
  const host = meta?.Endpoints?.docker?.Host;
  if (!host) {
    return {
      source,
      target: name,
      explicit: true,
      invalid: `context "${name}" not found in ${join(configDir, 'contexts', 'meta')}`,
    };
  }
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const hasTls = fs.readdir(tlsDir).includes('ca.pem') || fs.readdir(tlsDir).includes('cert.pem');
  const c = candidateFrom(source, host, true, {}, hasTls ? tlsDir : undefined);
  if (c.spec?.protocol === 'https' && hasTls) c.spec.skipVerify = meta?.Endpoints?.docker?.SkipTLSVerify === true;
  return c;
}

/**
 * Candidates in the order Berth tries them. A named engine is the only candidate (falling back to another one
 * would show the wrong machine as if nothing had happened): setting/--host, else DOCKER_HOST, else DOCKER_CONTEXT
 * or the current context of config.json. Only when nothing is named: /var/run/docker.sock → rootless Docker →
 * rootful Podman → rootless Podman → Podman machine sockets.
 */
export function discoverCandidates(input: DiscoveryInput): Candidate[] {
  const { env, fs, home, platform } = input;
  const win = platform === 'win32';
  const join = win ? win32.join : posix.join;
  if (input.host) return [candidateFrom('setting', input.host, true, env)];

  if (env.DOCKER_HOST) return [candidateFrom('DOCKER_HOST', env.DOCKER_HOST, true, env)];

  const configDir = env.DOCKER_CONFIG || join(home, '.docker');
  let contextName = env.DOCKER_CONTEXT;
  if (!contextName) {
    const cfg = readJson(fs, join(configDir, 'config.json')) as { currentContext?: unknown } | undefined;
    if (typeof cfg?.currentContext === 'string') contextName = cfg.currentContext;
  }
  // "default" is the built-in context: the platform sockets below.
  if (contextName && contextName !== 'default') return [contextCandidate(contextName, configDir, env, fs, join)];

  const out: Candidate[] = [];

  if (win) {
    out.push(pipe('default', '\\\\.\\pipe\\docker_engine'));
    for (const name of machineNames(fs, join(home, '.local', 'share', 'containers', 'podman', 'machine'))) {
      out.push(pipe(`podman machine ${name}`, `\\\\.\\pipe\\podman-${name}`));
    }
    if (!out.some((c) => c.target.endsWith('/podman-machine-default'))) {
      out.push(pipe('podman machine podman-machine-default', '\\\\.\\pipe\\podman-machine-default'));
    }
    return dedupe(out);
  }

  out.push(socket('default', '/var/run/docker.sock'));
  const xdg = env.XDG_RUNTIME_DIR;
  if (xdg) out.push(socket('rootless docker', posix.join(xdg, 'docker.sock')));
  out.push(socket('docker desktop', posix.join(home, '.docker', 'run', 'docker.sock')));
  out.push(socket('docker desktop', posix.join(home, '.docker', 'desktop', 'docker.sock')));
  out.push(socket('podman (rootful)', '/run/podman/podman.sock'));
  if (xdg) out.push(socket('podman (rootless)', posix.join(xdg, 'podman', 'podman.sock')));

  // Podman machine (macOS; Linux with podman machine): per-machine sockets and the API sockets in the runtime dir.
  const machineDir = posix.join(home, '.local', 'share', 'containers', 'podman', 'machine');
  for (const name of machineNames(fs, machineDir)) {
    for (const sub of [posix.join(machineDir, name, 'podman.sock'), posix.join(machineDir, name, `${name}-api.sock`)]) {
      out.push(socket(`podman machine ${name}`, sub));
    }
  }
  out.push(socket('podman machine', posix.join(machineDir, 'podman.sock')));
  const runtimeDirs = [env.TMPDIR && posix.join(env.TMPDIR, 'podman'), xdg && posix.join(xdg, 'podman')].filter(
    (d): d is string => !!d,
  );
  for (const dir of runtimeDirs) {
    for (const f of fs.readdir(dir).sort()) {
      if (f.endsWith('-api.sock'))
        out.push(socket(`podman machine ${f.slice(0, -'-api.sock'.length)}`, posix.join(dir, f)));
    }
  }
  return dedupe(out);
}

/** Machine directories (qemu/, applehv/ provider dirs hold machines one level down). */
function machineNames(fs: DiscoveryFs, dir: string): string[] {
  const names: string[] = [];
  for (const entry of fs.readdir(dir).sort()) {
    if (entry.endsWith('.json') || entry.endsWith('.sock')) continue;
    names.push(entry);
  }
  return names;
}

function dedupe(list: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = c.spec ? displayTarget(c.spec) : `${c.source}:${c.target}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
