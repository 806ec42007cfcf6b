// A private sshd for the ssh engine tests: its own config (-f), host key, client key, authorized_keys and
// known_hosts in a temp dir, listening on one address and port, optionally inside a network namespace. The
// client side is an ssh config file with an alias (HostName, Port, IdentityFile, UserKnownHostsFile) that
// tests pass as BERTH_SSH_CONFIG (ssh -F): the real ~/.ssh is never read or written.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SSHD = '/usr/sbin/sshd';

/** Why sshd tests cannot run here, or undefined when they can. */
export function sshdMissing(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (bash scripts/provision/tools.sh installs openssh-server)`;
  if (process.getuid?.() !== 0) return 'sshd tests run as root (PermitRootLogin with a test key)';
  return undefined;
}

function run(cmd: string, args: string[], timeoutMs = 10_000): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', (e) => resolve({ code: -1, out: e.message }));
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

export interface SshdOptions {
  /** Address sshd listens on and the alias resolves to. */
  address?: string;
  port: number;
  /** The ssh config alias tests connect to. */
  alias?: string;
  /** Run sshd inside this network namespace (ip netns exec). */
  netns?: string;
  /** More sshd_config lines (`SetEnv DOCKER_HOST=…`: the engine `docker system dial-stdio` finds there). */
  extraConfig?: string[];
}

export class TestSshd {
  readonly dir = mkdtempSync(join(tmpdir(), 'berth-sshd-'));
  readonly address: string;
  readonly alias: string;
  /** The client config to pass as BERTH_SSH_CONFIG / ssh -F. */
  readonly clientConfig = join(this.dir, 'ssh_config');
  private proc: ChildProcess | undefined;
  private log = '';

  constructor(private readonly opts: SshdOptions) {
    this.address = opts.address ?? '127.0.0.1';
    this.alias = opts.alias ?? 'berth-test-box';
  }

  get port(): number {
    return this.opts.port;
  }

  /** Keys, configs, then sshd in the foreground; resolves once it accepts connections (bounded). */
  async start(timeoutMs = 15_000): Promise<void> {
    const d = this.dir;
    for (const [file, type] of [
      ['host_key', 'ed25519'],
      ['client_key', 'ed25519'],
      ['wrong_key', 'ed25519'],
      ['other_host_key', 'ed25519'],
    ]) {
      const r = await run('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', `berth-test-${file}`, '-f', join(d, file)]);
      if (r.code !== 0) throw new Error(`ssh-keygen ${file}: ${r.out}`);
    }
    writeFileSync(join(d, 'authorized_keys'), readFileSync(join(d, 'client_key.pub')), { mode: 0o600 });
    writeFileSync(
      join(d, 'sshd_config'),
      [
        `ListenAddress ${this.address}:${this.port}`,
        `HostKey ${join(d, 'host_key')}`,
        `AuthorizedKeysFile ${join(d, 'authorized_keys')}`,
        `PidFile ${join(d, 'sshd.pid')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'AllowStreamLocalForwarding yes',
        'LogLevel VERBOSE',
        ...(this.opts.extraConfig ?? []),
        '',
      ].join('\n'),
    );
    const hostKey = readFileSync(join(d, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(join(d, 'known_hosts'), `[${this.address}]:${this.port} ${hostKey}\n`);
    writeFileSync(join(d, 'empty_known_hosts'), '');
    writeFileSync(this.clientConfig, this.hostEntry(this.alias, 'client_key', 'known_hosts'));
    // sshd refuses to start without its privilege separation directory (a runtime dir, created empty).
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const argv = [SSHD, '-D', '-e', '-f', join(d, 'sshd_config')];
    const [cmd, ...args] = this.opts.netns ? ['ip', 'netns', 'exec', this.opts.netns, ...argv] : argv;
    const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout?.on('data', (c) => (this.log += c));
    proc.stderr?.on('data', (c) => (this.log += c));
    let exited: string | undefined;
    proc.on('exit', (code, sig) => (exited = `sshd exited with ${code ?? sig}`));
    proc.on('error', (e) => (exited = e.message));
    const deadline = Date.now() + timeoutMs;
    while (!(await portOpen(this.address, this.port))) {
      if (exited) throw new Error(`${exited}: ${this.log.trim()}`);
      if (Date.now() > deadline) throw new Error(`sshd did not listen within ${timeoutMs} ms: ${this.log.trim()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** One Host entry of the client config. */
  hostEntry(alias: string, key: string, knownHosts: string): string {
    return [
      `Host ${alias}`,
      `  HostName ${this.address}`,
      `  Port ${this.port}`,
      '  User root',
      `  IdentityFile ${join(this.dir, key)}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${join(this.dir, knownHosts)}`,
      '  StrictHostKeyChecking yes',
      '  IdentityAgent none',
      '',
    ].join('\n');
  }

  /** A client config where the alias offers a key sshd does not accept, or knows no host key. */
  writeConfig(name: string, entry: { key?: string; knownHosts?: string }): string {
    const file = join(this.dir, name);
    writeFileSync(file, this.hostEntry(this.alias, entry.key ?? 'client_key', entry.knownHosts ?? 'known_hosts'));
    return file;
  }

  /** sshd's own log so far (for failure messages). */
  output(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((r) => proc.once('close', r));
      proc.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
