// Engines behind ssh://, reached as the docker CLI reaches them: through the system `ssh` client, so
// ~/.ssh/config, keys, the agent, known_hosts and ProxyJump all apply. Every HTTP connection to the engine is
// one ssh process whose stdin/stdout carry the bytes: `docker system dial-stdio` on the far side, or for Podman's
// ssh://user@host/run/podman/podman.sock `podman --url unix://<path> system dial-stdio` (OpenSSH 9.2's -W to a
// socket path never opens the channel). BatchMode=yes: a missing key or an
// unknown host key fails with ssh's own words instead of a prompt nobody sees.
import type { ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { Duplex } from 'node:stream';

export interface SshTarget {
  host: string;
  port?: number;
  username?: string;
  /** The engine socket on that machine; without it `docker system dial-stdio` finds the engine. */
  socketPath?: string;
}

export interface SshSettings {
  /** An ssh config file to use instead of ~/.ssh/config (ssh -F): BERTH_SSH_CONFIG. */
  configFile?: string;
  /** ssh's ConnectTimeout in seconds. */
  connectTimeoutS?: number;
}

/** ssh's options before the destination: never a prompt, the chosen config, port and user. */
export function sshBaseArgs(t: SshTarget, s: SshSettings = {}): string[] {
  return [
    ...(s.configFile ? ['-F', s.configFile] : []),
    '-o',
    'BatchMode=yes',
    '-o',
    `ConnectTimeout=${s.connectTimeoutS ?? 10}`,
    '-T',
    ...(t.port ? ['-p', String(t.port)] : []),
    ...(t.username ? ['-l', t.username] : []),
  ];
}

/** Socket paths that pass through the far side's shell unchanged (checked where the URL is parsed). */
export const SAFE_REMOTE_PATH = /^\/[A-Za-z0-9._/-]+$/;

/** The argv of one engine connection (after `ssh`). */
export function dialArgs(t: SshTarget, s: SshSettings = {}): string[] {
  if (t.socketPath) {
    if (!SAFE_REMOTE_PATH.test(t.socketPath))
      throw new SshError(`ssh ${t.host}: unusable socket path "${t.socketPath}"`);
    return [...sshBaseArgs(t, s), '--', t.host, 'podman', '--url', `unix://${t.socketPath}`, 'system', 'dial-stdio'];
  }
  return [...sshBaseArgs(t, s), '--', t.host, 'docker', 'system', 'dial-stdio'];
}

/** ssh's stderr as one clear sentence: what failed and, for the usual causes, what to do. */
export function sshFailure(target: string, code: number | null, stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^Warning: Permanently added/.test(l));
  const said = lines.slice(-2).join(' ') || `ssh exited with ${code ?? 'a signal'}`;
  let hint = '';
  if (/Host key verification failed|host key is known|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(stderr))
    hint = ` (the host key is not trusted: check it and add it to known_hosts, e.g. by running ssh ${target} once)`;
  else if (/Permission denied/i.test(stderr))
    hint = ' (no key was accepted: check IdentityFile in your ssh config or ssh-add the key)';
  else if (/command not found|not found/i.test(stderr) && !/Could not resolve/i.test(stderr))
    hint = ' (docker, or podman for a socket path, must be on that machine to relay the engine socket)';
  return `ssh ${target}: ${said}${hint}`;
}

export class SshError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SshError';
  }
}

/** Wrapped: execa's subprocess is also a promise, which an async function would wait for. */
async function spawnSsh(args: string[]): Promise<{ child: ChildProcess }> {
  // execa is ESM-only: a dynamic import loads it from CommonJS (tsx, the bundle) and only when needed.
  const { execa } = await import('execa');
  const child = execa('ssh', args, { buffer: false, reject: false, stdin: 'pipe', stdout: 'pipe', stderr: 'pipe' });
  return { child: child as unknown as ChildProcess };
}

/** One ssh process as a socket: what the HTTP client writes goes to ssh's stdin, ssh's stdout is read back. */
class SshStream extends Duplex {
  private stderr = '';
  private sawData = false;

  constructor(
    private readonly child: ChildProcess,
    target: string,
  ) {
    super();
    child.stderr?.on('data', (c: Buffer) => {
      if (this.stderr.length < 8192) this.stderr += c.toString();
    });
    child.stdout?.on('data', (c: Buffer) => {
      this.sawData = true;
      if (!this.push(c)) child.stdout?.pause();
    });
    child.stdin?.on('error', () => undefined); // EPIPE when ssh died: the close below says why
    child.on('error', (e) => this.destroy(new SshError(`ssh ${target}: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0 && !this.sawData) this.destroy(new SshError(sshFailure(target, code, this.stderr)));
      else this.push(null);
    });
  }

  override _read(): void {
    this.child.stdout?.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (!this.child.stdin || this.child.stdin.destroyed) return cb();
    this.child.stdin.write(chunk, () => cb());
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.child.stdin?.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (e: Error | null) => void): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    cb(err);
  }

  // What the HTTP client and its agent call on a net.Socket; a pipe has nothing to set.
  setTimeout(ms: number, fn?: () => void): this {
    if (fn) this.once('timeout', fn);
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** An HTTP agent whose every connection is a fresh ssh process; idle ones are kept for reuse as sockets are. */
export class SshAgent extends Agent {
  constructor(
    private readonly target: SshTarget,
    private readonly settings: SshSettings = {},
  ) {
    super({ keepAlive: true, maxFreeSockets: 2 });
  }

  override createConnection(_opts: unknown, cb: (err: Error | null, socket?: Duplex) => void): undefined {
    const args = dialArgs(this.target, this.settings);
    const name = this.target.host;
    spawnSsh(args).then(
      ({ child: c }) => cb(null, new SshStream(c, name)),
      (e: Error) => cb(new SshError(`ssh ${name}: ${e.message}`)),
    );
    return undefined;
  }
}

/** What `ssh -G` resolves for the destination: the address, user and port ssh will really use. */
export async function resolveSsh(t: SshTarget, s: SshSettings = {}): Promise<{ hostname: string; user?: string }> {
  const { execa } = await import('execa');
  const r = await execa('ssh', [...sshBaseArgs(t, s), '-G', '--', t.host], { reject: false, timeout: 10_000 });
  if (r.exitCode !== 0) throw new SshError(sshFailure(t.host, r.exitCode ?? null, String(r.stderr)));
  const get = (key: string) => new RegExp(`^${key} (.+)$`, 'm').exec(String(r.stdout))?.[1]?.trim();
  return { hostname: get('hostname') ?? t.host, user: get('user') };
}

/**
 * Runs one fixed command on the far machine (the holder scan, a kill of a listed pid). The command is Berth's
 * own text, never built from data; numbers it carries are checked integers.
 */
export async function runOverSsh(
  t: SshTarget,
  s: SshSettings,
  command: string,
  timeoutMs: number,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const { execa } = await import('execa');
  const r = await execa('ssh', [...sshBaseArgs(t, s), '--', t.host, command], {
    reject: false,
    timeout: timeoutMs,
    stdin: 'ignore',
  });
  if (r.timedOut) throw new SshError(`ssh ${t.host}: no answer within ${timeoutMs} ms`);
  // 255 is ssh's own failure (connection, authentication, host key); anything else is the command's exit code.
  if (r.exitCode === 255) throw new SshError(sshFailure(t.host, 255, String(r.stderr)));
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
