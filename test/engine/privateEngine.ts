// A private engine daemon for tests that stop an engine mid-stream. The shared engines are never stopped:
// other suites use them. Docker: a second dockerd on its own socket, data and exec roots, and its OWN
// bridge (--bridge none would delete the shared docker0). Podman: a second `podman system service` socket.
import { spawn, ChildProcess } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EngineKind } from '../support/engines';

const BRIDGE = 'berthtest0';
// The settings scripts/provision/engines.sh gives the Podman service it starts (Berth's cache, never /etc).
const PODMAN_CONF = join(
  process.env.BERTH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'berth'),
  'podman',
  'containers.conf',
);

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: 'ignore' });
    p.on('error', () => resolve(-1));
    p.on('exit', (code) => resolve(code ?? -1));
  });
}

export class PrivateEngine {
  private proc: ChildProcess | undefined;
  readonly socketPath: string;

  /**
   * `opts.env`: extra environment of the daemon (the pull tests give Podman a registries.conf of their own);
   * `opts.args`: extra daemon arguments (the TLS tests add a tcp listener with --tlsverify).
   */
  constructor(
    readonly kind: EngineKind,
    private readonly opts: { socketPath?: string; env?: Record<string, string>; args?: string[] } = {},
  ) {
    this.socketPath =
      opts.socketPath ?? (kind === 'docker' ? '/tmp/berth-test-dockerd.sock' : '/tmp/berth-test-podman.sock');
  }

  get host(): string {
    return `unix://${this.socketPath}`;
  }

  get logPath(): string {
    return `${this.socketPath.replace(/\.sock$/, '')}-engine.log`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Starts the daemon and waits until it answers (bounded). */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.proc) throw new Error('already running');
    const log = openSync(this.logPath, 'a');
    let args: string[];
    if (this.kind === 'docker') {
      // Idempotent: "exists" is fine.
      await run('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
      await run('ip', ['addr', 'add', '10.213.77.1/24', 'dev', BRIDGE]);
      await run('ip', ['link', 'set', BRIDGE, 'up']);
      args = [
        '--host',
        this.host,
        '--data-root',
        '/tmp/berth-dockerd-data',
        '--exec-root',
        '/tmp/berth-dockerd-exec',
        '--pidfile',
        '/tmp/berth-dockerd.pid',
        '--bridge',
        BRIDGE,
        '--iptables=false',
        '--ip6tables=false',
        '--ip-masq=false',
        ...(this.opts.args ?? []),
      ];
    } else {
      args = ['system', 'service', '--time=0', this.host];
    }
    const env = {
      ...process.env,
      ...(this.kind === 'podman' && existsSync(PODMAN_CONF) ? { CONTAINERS_CONF: PODMAN_CONF } : {}),
      ...this.opts.env,
    };
    const proc = spawn(this.kind === 'docker' ? 'dockerd' : 'podman', args, { stdio: ['ignore', log, log], env });
    this.proc = proc;
    let exited: string | undefined;
    proc.on('exit', (code, sig) => {
      exited = `exited with ${code ?? sig}`;
      if (this.proc === proc) this.proc = undefined;
    });
    proc.on('error', (e) => (exited = e.message));
    const deadline = Date.now() + timeoutMs;
    while (!(await ping(this.socketPath))) {
      if (exited) throw new Error(`private ${this.kind} engine ${exited}; see ${this.logPath}`);
      if (Date.now() > deadline) throw new Error(`private ${this.kind} engine did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops the daemon by its pid (dockerd: SIGTERM so it takes its containerd along; podman: SIGKILL, a crash). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const gone = new Promise((r) => proc.once('exit', r));
    proc.kill(this.kind === 'docker' ? 'SIGTERM' : 'SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
    clearTimeout(timer);
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await gone;
    }
    this.proc = undefined;
  }
}
