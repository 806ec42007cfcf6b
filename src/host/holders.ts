// Who holds each host port, in ONE pass: on Linux /proc/net/tcp{,6} (every socket, not only LISTEN:
// Podman's conmon keeps bound, non-listening reservations) joined with the /proc/<pid>/fd that hold them
// (socketOwners.ts); elsewhere one lsof call.
import type { PortHolder } from '../model/holder';
import { describeForwarder, holderKind, parseLsof, parsePasswd, parseProcNetTcp } from './holderParse';
import { readProcTable, readSmall } from './procFiles';
import { procInfo, type ProcInfo } from './procInfo';
import { socketOwners } from './socketOwners';

export type { HolderKind, PortHolder } from '../model/holder';

async function scanLinux(wanted: Set<number>): Promise<PortHolder[]> {
  // Two table walks in parallel (the threadpool), each as few read() calls as the kernel allows.
  const [tcp4, tcp6] = await Promise.all([readProcTable('/proc/net/tcp'), readProcTable('/proc/net/tcp6')]);
  const sockets = [...parseProcNetTcp(tcp4 ?? '', wanted), ...parseProcNetTcp(tcp6 ?? '', wanted)].filter(
    // TIME_WAIT and friends have inode 0: nobody holds them.
    (s) => s.inode !== 0,
  );
  if (sockets.length === 0) return [];
  const users = parsePasswd(readSmall('/etc/passwd') ?? '');
  const owners = await socketOwners(new Set(sockets.map((s) => s.inode)));
  const infos = new Map<number, ProcInfo>();
  const info = (pid: number) => {
    if (!infos.has(pid)) infos.set(pid, procInfo(pid));
    return infos.get(pid)!;
  };
  const holders: PortHolder[] = [];
  for (const s of sockets) {
    const pids = owners.get(s.inode) ?? [];
    if (pids.length === 0) {
      holders.push({
        port: s.port,
        pid: 0,
        command: '?',
        cmdline: [],
        uid: s.uid,
        user: users.get(s.uid),
        state: s.state,
        kind: 'process',
        address: s.address,
      });
      continue;
    }
    for (const pid of pids) {
      const p = info(pid);
      const kind = holderKind(p.command, p.cmdline);
      const uid = p.uid ?? s.uid;
      holders.push({
        port: s.port,
        pid,
        ppid: p.ppid,
        command: p.command,
        cmdline: p.cmdline,
        uid,
        user: users.get(uid),
        state: s.state,
        kind,
        address: s.address,
        ...describeForwarder(kind, p.cmdline),
      });
    }
  }
  return holders;
}

async function scanLsof(wanted: Set<number>): Promise<PortHolder[]> {
  // execa is ESM-only: a dynamic import loads it from CommonJS (tsx, the bundle) and only when needed.
  const { execa } = await import('execa');
  const r = await execa('lsof', ['-nP', '-iTCP', '-F', 'pcRuLnT'], { reject: false });
  // lsof exits 1 when nothing matched; anything on stdout is still valid.
  if (r.exitCode !== 0 && !r.stdout) {
    if (r.failed && (r as { code?: string }).code === 'ENOENT')
      throw new Error('lsof is not installed: cannot see port holders');
    return [];
  }
  const records = parseLsof(r.stdout, wanted);
  if (records.length === 0) return [];
  // One ps call for the full command lines (lsof only gives a truncated command name).
  const pids = [...new Set(records.map((x) => x.pid))];
  const ps = await execa('ps', ['-o', 'pid=', '-o', 'command=', '-p', pids.join(',')], { reject: false });
  const cmdlines = new Map<number, string[]>();
  for (const line of ps.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    // ps joins argv with spaces; splitting on spaces is the best available without /proc.
    if (m) cmdlines.set(Number(m[1]), m[2].split(' ').filter(Boolean));
  }
  return records.map((x) => {
    const cmdline = cmdlines.get(x.pid) ?? [x.command];
    const kind = holderKind(x.command, cmdline);
    return {
      port: x.port,
      pid: x.pid,
      ppid: x.ppid,
      command: x.command,
      cmdline,
      uid: x.uid,
      user: x.user,
      state: x.state,
      kind,
      address: x.address,
      ...describeForwarder(kind, cmdline),
    };
  });
}

function dedupeHolders(list: PortHolder[]): PortHolder[] {
  // Order: listeners first; one entry per (port, pid, address).
  const rank = { listen: 0, bound: 1, other: 2 };
  const seen = new Set<string>();
  return [...list]
    .sort((a, b) => rank[a.state] - rank[b.state])
    .filter((h) => {
      const key = `${h.port}/${h.pid}/${h.pid === 0 ? h.address : ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Holders of each asked port (a port nobody holds maps to []). */
export async function scanHolders(
  ports: number[],
  opts: { method?: 'proc' | 'lsof' } = {},
): Promise<Map<number, PortHolder[]>> {
  const wanted = new Set(ports.filter((p) => Number.isInteger(p) && p > 0 && p < 65536));
  const result = new Map<number, PortHolder[]>([...wanted].map((p) => [p, []]));
  if (wanted.size === 0) return result;
  const method = opts.method ?? (process.platform === 'linux' ? 'proc' : 'lsof');
  const found = method === 'proc' ? await scanLinux(wanted) : await scanLsof(wanted);
  for (const h of dedupeHolders(found)) result.get(h.port)!.push(h);
  return result;
}
