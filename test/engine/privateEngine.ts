// A private engine daemon for tests that stop an engine mid-stream. The shared engines are never stopped:
// other suites use them. Docker: a second dockerd on its own socket, data and exec roots, and its OWN
// bridge (--bridge none would delete the shared docker0). Podman: a second `podman system service` socket.
// With `netns`, the daemon runs in that network namespace with everything of its own under `dir` (Podman:
// its own storage, run, tmp and network config dirs, so the shared service never sees its containers or
// events): an engine on "another machine", whose published ports are on the namespace's address.
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EngineKind } from '../support/engines';
import type { TestNetns } from '../support/netns';

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
    private readonly opts: {
      socketPath?: string;
      env?: Record<string, string>;
      args?: string[];
      /** Run in this network namespace, with all state under `dir` (removed by stop()). */
      netns?: { ns: TestNetns; dir: string };
    } = {},
  ) {
    this.socketPath =
      opts.socketPath ??
      (opts.netns
        ? join(opts.netns.dir, `${kind}.sock`)
        : kind === 'docker'
          ? '/tmp/berth-test-dockerd.sock'
          : '/tmp/berth-test-podman.sock');
  }

  /** Podman's storage, run, tmp and network config dirs of a namespace engine. */
  private podmanDirs(dir: string): string[] {
    const at = (d: string) => join(dir, 'podman', d);
    return ['--root', at('root'), '--runroot', at('run'), '--tmpdir', at('tmp'), '--network-config-dir', at('net')];
  }

  get host(): string {
    return `unix://${this.socketPath}`;
  }

  get logPath(): string {
    return `${this.socketPath.replace(/\.sock$/, '')}-engine.log`;
  }

  /** The CLI's flag for this daemon's socket (docker -H, podman --url). */
  private cliHost(): string[] {
    return this.kind === 'docker' ? ['-H', this.host] : ['--url', this.host];
  }

  /** Copies an image of the shared engine into this one (`save | load`; no registry), bounded. */
  async loadImage(image: string, timeoutMs = 60_000): Promise<void> {
    const save = spawn(this.kind, ['save', image], { stdio: ['ignore', 'pipe', 'pipe'] });
    const load = spawn(this.kind, [...this.cliHost(), 'load'], { stdio: ['pipe', 'pipe', 'pipe'] });
    save.stdout.pipe(load.stdin);
    let err = '';
    for (const p of [save, load]) p.stderr.on('data', (c) => (err += c));
    load.stdout.resume();
    const ended = (p: ChildProcess) =>
      new Promise<number>((r) => {
        p.on('error', () => r(-1));
        p.on('close', (code) => r(code ?? -1));
      });
    const timer = setTimeout(() => [save, load].forEach((p) => p.kill('SIGKILL')), timeoutMs);
    const [a, b] = await Promise.all([ended(save), ended(load)]);
    clearTimeout(timer);
    if (a !== 0 || b !== 0) throw new Error(`${this.kind} save ${image} | load: exit ${a}/${b}: ${err.trim()}`);
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Starts the daemon and waits until it answers (bounded). */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.proc) throw new Error('already running');
    const log = openSync(this.logPath, 'a');
    let args: string[];
    const inNs = this.opts.netns;
    if (inNs && this.kind === 'docker') {
      // A namespace of its own: docker0 and iptables there are the namespace's; docker-proxy publishes ports.
      const at = (d: string) => join(inNs.dir, 'docker', d);
      args = ['--host', this.host, '--data-root', at('data'), '--exec-root', at('exec'), '--pidfile', at('pid')];
      args.push('--iptables=false', '--ip6tables=false', '--ip-masq=false', ...(this.opts.args ?? []));
    } else if (inNs) {
      args = [...this.podmanDirs(inNs.dir), 'system', 'service', '--time=0', this.host];
    } else if (this.kind === 'docker') {
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
    const argv = [this.kind === 'docker' ? 'dockerd' : 'podman', ...args];
    const [cmd, ...rest] = inNs ? inNs.ns.enter(argv) : argv;
    const proc = spawn(cmd, rest, { stdio: ['ignore', log, log], env });
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

  /**
   * Stops the daemon by its pid (dockerd: SIGTERM so it takes its containerd along; podman: SIGKILL, a crash).
   * A namespace engine first removes its containers (Podman's conmons outlive the service otherwise), then
   * its state directory, unmounting whatever is still mounted there.
   */
  async stop(): Promise<void> {
    const inNs = this.opts.netns;
    if (inNs && this.proc && this.kind === 'podman')
      spawnSync('podman', [...this.cliHost(), 'rm', '--all', '--force', '--time', '0'], {
        stdio: 'ignore',
        timeout: 30_000,
      });
    await this.stopDaemon();
    if (inNs) {
      const mounts = readFileSync('/proc/self/mounts', 'utf8')
        .split('\n')
        .map((l) => l.split(' ')[1])
        .filter((m) => m && m.startsWith(inNs.dir + '/'))
        .reverse();
      for (const m of mounts) spawnSync('umount', ['-l', m], { stdio: 'ignore', timeout: 10_000 });
      rmSync(inNs.dir, { recursive: true, force: true });
    }
  }

  private async stopDaemon(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const gone = new Promise((r) => proc.once('exit', r));
    proc.kill(this.kind === 'docker' || this.opts.netns ? 'SIGTERM' : 'SIGKILL');
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
