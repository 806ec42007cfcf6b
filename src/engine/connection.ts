// Connects to the first container engine that answers, in the discovery order, and tells Podman from Docker.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { errorText } from '../core/errorText';
import type { EngineHost } from '../model/engineHost';
import { Engine, type Attempt } from './client/engine';
import { Candidate, discoverCandidates, DiscoveryFs, specHost } from './discovery';

export {
  Engine,
  type Attempt,
  type ContainerDetails,
  type FollowEnd,
  type LogFollow,
  type LogLine,
} from './client/engine';

export class EngineUnreachableError extends Error {
  constructor(
    public readonly tried: Attempt[],
    /** The engine was named (setting, --host, DOCKER_HOST, a context): no other one was tried. */
    public readonly explicit = false,
  ) {
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
  /** Per-endpoint ping deadline (ssh endpoints get at least 10 s: a handshake is slower than a socket). */
  timeoutMs?: number;
  /** An ssh config file for ssh:// engines (ssh -F); default BERTH_SSH_CONFIG, else ssh's own ~/.ssh/config. */
  sshConfig?: string;
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

// Node's names for a server certificate the client's CA does not vouch for.
const UNTRUSTED_SERVER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const CERTS = 'ca.pem, cert.pem and key.pem in DOCKER_CERT_PATH or the context';

/** A TLS failure in words: which side refused which certificate. */
function tlsError(err: NodeJS.ErrnoException & { reason?: string }): string | undefined {
  const code = err?.code ?? '';
  if (UNTRUSTED_SERVER.has(code))
    return `TLS: the engine's certificate is not trusted: ${err.message} (check ${CERTS})`;
  if (/^ERR_SSL_.*ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|CERTIFICATE_UNKNOWN)$/.test(code))
    return `TLS: the engine refused the client certificate (${err.reason ?? code}; check ${CERTS})`;
  if (code.startsWith('ERR_SSL_')) return `TLS: ${err.reason ?? err.message} (check ${CERTS})`;
  return undefined;
}

/** Why an endpoint did not answer, in the words the engine view shows. */
function endpointError(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { statusCode?: number };
  const tls = tlsError(err);
  if (tls) return tls;
  if (err?.code === 'ENOENT') return 'no such socket';
  if (err?.code === 'EACCES') return 'permission denied';
  if (err?.code === 'ECONNREFUSED') return 'connection refused';
  if (err?.code === 'ECONNRESET' || err?.code === 'EPIPE') return 'connection reset';
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'no answer (timeout)';
  return errorText(e);
}

async function tryCandidate(c: Candidate, timeoutMs: number, sshConfig: string | undefined): Promise<Engine> {
  if (c.invalid || !c.spec) throw new Error(c.invalid ?? 'unusable');
  // Skip the round trip for sockets that are not there (most default candidates on any machine).
  if (c.spec.protocol === 'unix' && !existsSync(c.spec.socketPath))
    throw Object.assign(new Error('no such socket'), { code: 'ENOENT' });
  const ssh = c.spec.protocol === 'ssh';
  return Engine.open(c.spec, c.target, c.source, ssh ? Math.max(timeoutMs, 10_000) : timeoutMs, {
    configFile: sshConfig,
  });
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
 * A named engine is the only endpoint tried (see discoverCandidates): falling back would hide a wrong setting.
 */
export async function connectEngine(opts: ConnectOptions = {}): Promise<Engine> {
  const tried: Attempt[] = [];
  const list = candidates(opts);
  const sshConfig = opts.sshConfig ?? ((opts.env ?? process.env).BERTH_SSH_CONFIG || undefined);
  for (const c of list) {
    try {
      const engine = await tryCandidate(c, opts.timeoutMs ?? 3000, sshConfig);
      // Only failures of endpoints that were there are news; absent default sockets are not.
      engine.skipped = tried.filter((t) => t.error !== 'no such socket');
      return engine;
    } catch (e) {
      tried.push({ source: c.source, target: c.target, error: endpointError(e) });
    }
  }
  throw new EngineUnreachableError(
    tried,
    list.some((c) => c.explicit),
  );
}

/** The machine of the named engine (setting, --host, DOCKER_HOST, a context) as written, without connecting. */
export function namedHost(opts: ConnectOptions = {}): EngineHost | undefined {
  const c = candidates(opts).find((x) => x.explicit);
  return c?.spec && specHost(c.spec);
}
