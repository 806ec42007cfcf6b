// Connects to the first container engine that answers, in the discovery order, and tells Podman from Docker.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { Candidate, EndpointSpec, discoverCandidates, DiscoveryFs } from './discovery';

export interface Engine {
  docker: Dockerode;
  kind: 'docker' | 'podman';
  version: string;
  apiVersion: string;
  /** Display form of the endpoint (unix:///run/podman/podman.sock, tcp://host:2376 …). */
  socket: string;
  /** Where the endpoint came from (setting, DOCKER_HOST, context x, default …). */
  source: string;
  /** Earlier candidates that failed (a DOCKER_HOST that did not answer is worth telling the user). */
  skipped: Attempt[];
  close(): void;
}

export interface Attempt {
  source: string;
  target: string;
  error: string;
}

export class EngineUnreachableError extends Error {
  constructor(public readonly tried: Attempt[]) {
    super(
      tried.length === 0
        ? 'no container engine endpoint to try'
        : `no container engine answered (tried ${tried.map((t) => `${t.source} ${t.target}: ${t.error}`).join('; ')})`,
    );
    this.name = 'EngineUnreachableError';
  }
}

export interface ConnectOptions {
  /** berth.engine.host / --host: the only endpoint tried when given. */
  host?: string;
  env?: NodeJS.ProcessEnv;
  /** Per-endpoint ping deadline. */
  timeoutMs?: number;
  /** For tests: replaces the real file system in discovery. */
  fs?: DiscoveryFs;
  home?: string;
}

const realFs: DiscoveryFs = {
  readFile(p) {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  readdir(p) {
    try {
      return readdirSync(p);
    } catch {
      return [];
    }
  },
};

/** Dockerode options that ignore process.env.DOCKER_HOST (docker-modem reads it by itself). */
export function dockerodeOptions(spec: EndpointSpec): Dockerode.DockerOptions {
  const base = { host: undefined, port: undefined, socketPath: undefined, protocol: undefined } as Record<
    string,
    unknown
  >;
  switch (spec.protocol) {
    case 'unix':
    case 'npipe':
      return { ...base, socketPath: spec.socketPath } as Dockerode.DockerOptions;
    case 'ssh':
      return {
        ...base,
        protocol: 'ssh',
        host: spec.host,
        port: spec.port ?? 22,
        username: spec.username,
        sshOptions: { agent: process.env.SSH_AUTH_SOCK },
      } as Dockerode.DockerOptions;
    case 'http':
      return { ...base, protocol: 'http', host: spec.host, port: spec.port } as Dockerode.DockerOptions;
    case 'https': {
      const opts: Record<string, unknown> = { ...base, protocol: 'https', host: spec.host, port: spec.port };
      if (spec.certDir) {
        for (const [key, file] of [
          ['ca', 'ca.pem'],
          ['cert', 'cert.pem'],
          ['key', 'key.pem'],
        ] as const) {
          const p = join(spec.certDir, file);
          if (existsSync(p)) opts[key] = readFileSync(p);
        }
      }
      if (spec.skipVerify) opts.checkServerIdentity = () => undefined;
      return opts as Dockerode.DockerOptions;
    }
  }
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { statusCode?: number };
  if (err?.code === 'ENOENT') return 'no such socket';
  if (err?.code === 'EACCES') return 'permission denied';
  if (err?.code === 'ECONNREFUSED') return 'connection refused';
  if (err?.code === 'ECONNRESET' || err?.code === 'EPIPE') return 'connection reset';
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'no answer (timeout)';
  return (err?.message ?? String(e)).trim();
}

/** Podman answers /libpod/_ping with 200; Docker with 404. */
async function isPodman(docker: Dockerode, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    docker.modem.dial(
      {
        path: '/libpod/_ping',
        method: 'GET',
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'not podman' },
      } as never,
      (err: unknown) => resolve(!err),
    );
  });
}

async function tryCandidate(c: Candidate, timeoutMs: number): Promise<Engine> {
  if (c.invalid || !c.spec) throw new Error(c.invalid ?? 'unusable');
  // Skip the round trip for sockets that are not there (most default candidates on any machine).
  if (c.spec.protocol === 'unix' && !existsSync(c.spec.socketPath))
    throw Object.assign(new Error('no such socket'), { code: 'ENOENT' });
  const docker = new Dockerode(dockerodeOptions(c.spec));
  const signal = AbortSignal.timeout(timeoutMs);
  // dockerode's typings lack the abortSignal option its implementation takes.
  await (docker.ping({ abortSignal: signal } as never) as unknown as Promise<unknown>);
  const [podman, version] = await Promise.all([
    isPodman(docker, signal),
    docker.version({ abortSignal: signal } as never) as unknown as Promise<Dockerode.DockerVersion>,
  ]);
  return {
    docker,
    kind: podman ? 'podman' : 'docker',
    version: version.Version,
    apiVersion: version.ApiVersion,
    socket: c.target,
    source: c.source,
    skipped: [],
    close() {
      // dockerode keeps no pooled connections of its own; open streams are closed by their owners.
      const agent = (docker.modem as { agent?: { destroy?: () => void } }).agent;
      agent?.destroy?.();
    },
  };
}

/** Candidates for the given options (exported for `berth status`, which shows what was tried). */
export function candidates(opts: ConnectOptions = {}): Candidate[] {
  return discoverCandidates({
    env: opts.env ?? process.env,
    host: opts.host,
    home: opts.home ?? homedir(),
    platform: process.platform,
    fs: opts.fs ?? realFs,
  });
}

/**
 * The first engine that answers. Throws EngineUnreachableError with every attempt when none does.
 * An explicit host is the only endpoint tried: falling back silently would hide a wrong setting.
 */
export async function connectEngine(opts: ConnectOptions = {}): Promise<Engine> {
  const tried: Attempt[] = [];
  for (const c of candidates(opts)) {
    try {
      const engine = await tryCandidate(c, opts.timeoutMs ?? 3000);
      // Only failures of endpoints that were there are news; absent default sockets are not.
      engine.skipped = tried.filter((t) => t.error !== 'no such socket');
      return engine;
    } catch (e) {
      tried.push({ source: c.source, target: c.target, error: errorText(e) });
    }
  }
  throw new EngineUnreachableError(tried);
}
