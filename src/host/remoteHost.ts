// The holder scan and process ends on a remote engine's machine, through its ssh way in (HostShell). Each step
// is one of Berth's fixed commands (the only data in them are pids, checked integers); the output is parsed by
// the same /proc parsers as the local scan (holderParse.ts). A tcp engine has no way in: its holders are "not
// visible from here", and nothing is ever ended on this machine on its behalf.
import type { EngineHost, HostShell } from '../model/engineHost';
import type { PortHolder } from '../model/holder';
import { describeForwarder, holderKind, parseCmdline, parsePasswd, parseProcNetTcp, parseStat } from './holderParse';
import type { HolderScan } from './portScan';
import type { TerminateResult } from './terminate';

const TIMEOUT_MS = 20_000;

/** Sockets, users and socket-owning fds in one round trip (GNU find prints each fd's link at once). */
export const SOCKETS_COMMAND =
  'echo @@tcp; cat /proc/net/tcp; echo @@tcp6; cat /proc/net/tcp6 2>/dev/null; echo @@passwd; cat /etc/passwd; ' +
  "echo @@fd; find /proc/[0-9]*/fd -maxdepth 1 -lname 'socket:*' -printf '%h %l\\n' 2>/dev/null; true";

/** Per pid: stat, Uid line, comm, cgroup and the NUL-separated cmdline, each after a marker. */
export function procsCommand(pids: number[]): string {
  const list = pids.filter((p) => Number.isInteger(p) && p > 0).join(' ');
  return (
    `for p in ${list}; do echo "@@pid $p"; cat /proc/$p/stat 2>/dev/null; echo; echo @@uid; ` +
    "grep '^Uid:' /proc/$p/status 2>/dev/null; echo @@comm; cat /proc/$p/comm 2>/dev/null; echo @@cgroup; " +
    "cat /proc/$p/cgroup 2>/dev/null; echo @@cmdline; cat /proc/$p/cmdline 2>/dev/null; printf '\\0@@end\\n'; done"
  );
}

/** Splits "@@name\n…" sections of the sockets command. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(/^@@/m).slice(1)) {
    const nl = part.indexOf('\n');
    out.set(part.slice(0, nl < 0 ? part.length : nl).trim(), nl < 0 ? '' : part.slice(nl + 1));
  }
  return out;
}

export interface RemoteSockets {
  sockets: ReturnType<typeof parseProcNetTcp>;
  users: Map<number, string>;
  /** socket inode → pids holding it. */
  owners: Map<number, number[]>;
}

export function parseSockets(text: string, wanted: Set<number>): RemoteSockets {
  const s = sections(text);
  const sockets = [...parseProcNetTcp(s.get('tcp') ?? '', wanted), ...parseProcNetTcp(s.get('tcp6') ?? '', wanted)];
  const owners = new Map<number, number[]>();
  for (const line of (s.get('fd') ?? '').split('\n')) {
    const m = /^\/proc\/(\d+)\/fd socket:\[(\d+)\]$/.exec(line.trim());
    if (!m) continue;
    const list = owners.get(Number(m[2])) ?? [];
    if (!list.includes(Number(m[1]))) list.push(Number(m[1]));
    owners.set(Number(m[2]), list);
  }
  return { sockets: sockets.filter((x) => x.inode !== 0), users: parsePasswd(s.get('passwd') ?? ''), owners };
}

export interface RemoteProc {
  command: string;
  cmdline: string[];
  ppid?: number;
  uid?: number;
  containerId?: string;
}

export function parseProcs(text: string): Map<number, RemoteProc> {
  const out = new Map<number, RemoteProc>();
  for (const block of text.split('\0@@end\n')) {
    const m =
      /@@pid (\d+)\n([\s\S]*?)\n@@uid\n([\s\S]*?)@@comm\n([\s\S]*?)@@cgroup\n([\s\S]*?)@@cmdline\n([\s\S]*)$/.exec(
        block,
      );
    if (!m || !m[2].trim()) continue; // gone between the two round trips
    const cmdline = parseCmdline(m[6]); // /proc's cmdline ends in its own NUL
    const uid = /^Uid:\s+(\d+)/m.exec(m[3]);
    const id = /[0-9a-f]{64}/.exec(m[5])?.[0];
    out.set(Number(m[1]), {
      command: m[4].trim() || (cmdline[0]?.split('/').pop() ?? '?'),
      cmdline,
      ppid: parseStat(m[2]).ppid,
      uid: uid ? Number(uid[1]) : undefined,
      ...(id ? { containerId: id } : {}),
    });
  }
  return out;
}

/** Holders of each asked port on the shell's machine, as the local scan reports them (containers by cgroup). */
export async function scanRemote(shell: HostShell, ports: number[]): Promise<Map<number, PortHolder[]>> {
  const wanted = new Set(ports.filter((p) => Number.isInteger(p) && p > 0 && p < 65536));
  const result = new Map<number, PortHolder[]>([...wanted].map((p) => [p, []]));
  if (wanted.size === 0) return result;
  const first = await shell.run(SOCKETS_COMMAND, TIMEOUT_MS);
  const { sockets, users, owners } = parseSockets(first.stdout, wanted);
  const pids = [...new Set(sockets.flatMap((s) => owners.get(s.inode) ?? []))];
  const procs = pids.length ? parseProcs((await shell.run(procsCommand(pids), TIMEOUT_MS)).stdout) : new Map();
  const seen = new Set<string>();
  for (const s of sockets) {
    const holders = (owners.get(s.inode) ?? [0]).map((pid): PortHolder => {
      const p: RemoteProc | undefined = procs.get(pid);
      const cmdline = p?.cmdline ?? [];
      const kind = p ? holderKind(p.command, cmdline) : 'process';
      const uid = p?.uid ?? s.uid;
      return {
        port: s.port,
        pid,
        ppid: p?.ppid,
        command: p?.command ?? '?',
        cmdline,
        uid,
        user: users.get(uid),
        state: s.state,
        kind,
        address: s.address,
        ...(p?.containerId ? { containerId: p.containerId } : {}),
        ...describeForwarder(kind, cmdline),
      };
    });
    for (const h of holders) {
      const key = `${h.port}/${h.pid}/${h.pid === 0 ? h.address : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.get(h.port)!.push(h);
    }
  }
  for (const list of result.values()) list.sort((a, b) => rank[a.state] - rank[b.state]);
  return result;
}
const rank = { listen: 0, bound: 1, other: 2 };

/** SIGTERM, then SIGKILL after the grace period, on the shell's machine; only for the pid the plan listed. */
export async function terminateRemote(
  shell: HostShell,
  pid: number,
  opts: { graceMs?: number; expectCmdline?: string[] } = {},
): Promise<TerminateResult> {
  if (!Number.isInteger(pid) || pid <= 1) return { pid, outcome: 'refused', detail: `pid ${pid} is never signalled` };
  const now = parseProcs((await shell.run(procsCommand([pid]), TIMEOUT_MS)).stdout).get(pid);
  if (!now) return { pid, outcome: 'already-exited', detail: `pid ${pid} had already exited` };
  const want = opts.expectCmdline;
  if (want && want.length && (now.cmdline[0] !== want[0] || now.cmdline[1] !== want[1]))
    return { pid, outcome: 'refused', detail: `pid ${pid} now runs ${now.cmdline.join(' ')}: left alone` };
  const alive = async () => (await shell.run(`kill -0 ${pid}`, TIMEOUT_MS)).exitCode === 0;
  const term = await shell.run(`kill -TERM ${pid}`, TIMEOUT_MS);
  if (term.exitCode !== 0 && (await alive()))
    return { pid, outcome: 'failed', detail: `kill -TERM ${pid}: ${term.stderr.trim()}` };
  const deadline = Date.now() + (opts.graceMs ?? 3000);
  for (let wait = 50; Date.now() < deadline; wait = Math.min(wait * 2, 400)) {
    if (!(await alive())) return { pid, outcome: 'terminated', detail: `pid ${pid} ended on SIGTERM` };
    await new Promise((r) => setTimeout(r, wait));
  }
  await shell.run(`kill -KILL ${pid}`, TIMEOUT_MS);
  return (await alive())
    ? { pid, outcome: 'failed', detail: `pid ${pid} survived SIGKILL` }
    : { pid, outcome: 'killed', detail: `pid ${pid} ignored SIGTERM; killed` };
}

/** Thrown by the scan of a machine Berth has no way into. */
export class NotVisibleError extends Error {
  constructor(host: EngineHost) {
    super(
      `port holders on ${host.kind === 'local' ? 'this machine' : host.name} are not visible from here (a ${host.kind} engine gives no way in to its machine)`,
    );
    this.name = 'NotVisibleError';
  }
}

/**
 * The holder scan for the engine's machine: undefined for this machine (the local scan), the ssh scan for an
 * ssh engine, and a scan that says "not visible from here" for a tcp engine. Marked remote so that nothing
 * attributes its pids with this machine's /proc.
 */
export function holderScanOn(host: EngineHost, shell?: HostShell): HolderScan | undefined {
  if (host.kind === 'local') return undefined;
  const scan: HolderScan = shell
    ? (ports) => scanRemote(shell, ports)
    : () => Promise.reject(new NotVisibleError(host));
  return Object.assign(scan, { remote: true });
}
