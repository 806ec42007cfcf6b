// A "remote host" for tests: a network namespace with its own address on a veth pair (a private /30), so what
// listens there is NOT on this machine's loopback. `enter()` runs a command with only the network namespace
// entered (nsenter --net): `ip netns exec` also remounts /sys, which hides the cgroup mounts container runtimes
// need. Everything is removed by destroy(), also after an interrupted run (create() deletes a leftover first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Why network namespace tests cannot run here, or undefined when they can. */
export function netnsMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  for (const tool of ['/usr/sbin/ip', '/usr/bin/nsenter'])
    if (!existsSync(tool) && !existsSync(tool.replace('/usr', ''))) return `${tool} is not installed`;
  return undefined;
}

const ip = (...args: string[]) => spawnSync('ip', args, { stdio: 'pipe', timeout: 10_000, encoding: 'utf8' });

export class TestNetns {
  readonly hostIp: string;
  readonly nsIp: string;
  /** The veth end on this machine; its peer (`<name>1`) lives in the namespace. */
  private readonly hostIf: string;

  /** `subnet`: the first three octets of a /30 of 10.213.x (x.1 here, x.2 there); names up to 13 characters. */
  constructor(
    readonly name: string,
    subnet: string,
  ) {
    this.hostIp = `${subnet}.1`;
    this.nsIp = `${subnet}.2`;
    this.hostIf = `${name}0`;
  }

  get path(): string {
    return `/run/netns/${this.name}`;
  }

  create(): void {
    this.destroy();
    const peer = `${this.name}1`;
    for (const args of [
      ['netns', 'add', this.name],
      ['link', 'add', this.hostIf, 'type', 'veth', 'peer', 'name', peer],
      ['link', 'set', peer, 'netns', this.name],
      ['addr', 'add', `${this.hostIp}/30`, 'dev', this.hostIf],
      ['link', 'set', this.hostIf, 'up'],
      ['-n', this.name, 'addr', 'add', `${this.nsIp}/30`, 'dev', peer],
      ['-n', this.name, 'link', 'set', peer, 'up'],
      ['-n', this.name, 'link', 'set', 'lo', 'up'],
    ]) {
      const r = ip(...args);
      if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr || r.error?.message}`);
    }
  }

  /** argv that runs `argv` inside the namespace's network (mounts and cgroups stay this machine's). */
  enter(argv: string[]): string[] {
    return ['nsenter', `--net=${this.path}`, '--', ...argv];
  }

  /** Removes the veth pair and the namespace; quiet when they are not there. */
  destroy(): void {
    ip('link', 'del', this.hostIf);
    ip('netns', 'del', this.name);
  }
}
