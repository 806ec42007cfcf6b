// The pure half of the holder scan: /proc/net/tcp rows, /etc/passwd, /proc/<pid>/stat and cmdline, lsof -F
// output, and what a forwarder's command line tells (its kind, its container, where it forwards).
import type { HolderKind, PortHolder } from '../model/holder';

export interface SocketEntry {
  port: number;
  address: string;
  /** 'listen' (0A), 'bound' (07 CLOSE: bound, not listening), anything else 'other'. */
  state: PortHolder['state'];
  uid: number;
  inode: number;
}

function hexToIpv4(hex: string): string {
  const n = parseInt(hex, 16);
  // /proc prints the address as a host-endian (little-endian here) 32-bit word.
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

function hexToIpv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(parseInt(word.slice(b * 2, b * 2 + 2), 16));
  }
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  const s = groups.join(':');
  // Collapse the longest run of zero groups, as people write IPv6.
  const runs = [...s.matchAll(/(^|:)0(:0)+(:|$)/g)].sort((a, b) => b[0].length - a[0].length);
  return runs.length ? s.replace(runs[0][0], '::') : s;
}

/** Rows of /proc/net/tcp or tcp6 whose LOCAL port is wanted. */
export function parseProcNetTcp(text: string, wanted: Set<number>): SocketEntry[] {
  const out: SocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [addrHex, portHex] = f[1].split(':');
    const port = parseInt(portHex, 16);
    if (!wanted.has(port)) continue;
    const st = f[3].toUpperCase();
    out.push({
      port,
      address: addrHex.length > 8 ? hexToIpv6(addrHex) : hexToIpv4(addrHex),
      state: st === '0A' ? 'listen' : st === '07' ? 'bound' : 'other',
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return out;
}

export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && /^\d+$/.test(f[2]) && !users.has(Number(f[2]))) users.set(Number(f[2]), f[0]);
  }
  return users;
}

export function holderKind(command: string, cmdline: string[]): HolderKind {
  const exe = (cmdline[0] ?? command).split('/').pop() ?? command;
  for (const k of ['docker-proxy', 'conmon', 'rootlessport', 'gvproxy'] as const) {
    if (exe === k || command === k || exe.startsWith(`${k}-`)) return k;
  }
  if (exe === 'pasta' || exe === 'pasta.avx2' || command === 'pasta' || command === 'passt') return 'pasta';
  return 'process';
}

function argAfter(cmdline: string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < cmdline.length; i++) {
    for (const f of flags) {
      if (cmdline[i] === f) return cmdline[i + 1];
      if (cmdline[i].startsWith(`${f}=`)) return cmdline[i].slice(f.length + 1);
    }
  }
  return undefined;
}

/** What a forwarder's command line says about itself. */
export function describeForwarder(kind: HolderKind, cmdline: string[]): Pick<PortHolder, 'containerId' | 'forward'> {
  if (kind === 'conmon') {
    const id = argAfter(cmdline, '-c', '--cid');
    return id ? { containerId: id } : {};
  }
  if (kind === 'docker-proxy') {
    const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
    return {
      forward: {
        hostIp: argAfter(cmdline, '-host-ip'),
        hostPort: num(argAfter(cmdline, '-host-port')),
        containerIp: argAfter(cmdline, '-container-ip'),
        containerPort: num(argAfter(cmdline, '-container-port')),
      },
    };
  }
  return {};
}

/** /proc/<pid>/stat: "pid (comm) state ppid …" — comm may contain spaces and parentheses. */
export function parseStat(stat: string): { state: string; ppid?: number; startTicks?: string } {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(rest[1]);
  // Field 22, clock ticks after boot: with the pid it names one process, even once the pid is reused.
  const start = rest[19];
  return {
    state: rest[0],
    ppid: Number.isFinite(ppid) ? ppid : undefined,
    ...(start && /^\d+$/.test(start) ? { startTicks: start } : {}),
  };
}

/** The command name in /proc/<pid>/stat (field 2, in parentheses; it may itself hold parentheses and spaces). */
export function statComm(stat: string): string {
  return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
}

/** /proc/<pid>/cmdline: argv joined by NULs (an empty argument stays, the trailing NUL does not). */
export function parseCmdline(raw: string): string[] {
  return raw.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
}

export interface LsofRecord {
  pid: number;
  ppid?: number;
  command: string;
  uid?: number;
  user?: string;
  port: number;
  address: string;
  state: PortHolder['state'];
}

/** Output of `lsof -nP -iTCP -F pcRuLnT` (one record per field line, p starts a process, f a file). */
export function parseLsof(text: string, wanted: Set<number>): LsofRecord[] {
  const out: LsofRecord[] = [];
  let proc: Partial<LsofRecord> = {};
  let file: { name?: string; state?: string } | undefined;
  const flush = () => {
    const f = file;
    file = undefined;
    if (!f?.name || proc.pid === undefined) return;
    const local = f.name.split('->')[0];
    const m = /^(.*):(\d+)$/.exec(local);
    if (!m || !wanted.has(Number(m[2]))) return;
    // A name with "->" is an accepted connection on the port: its owner holds the port too.
    const st = f.name.includes('->')
      ? 'other'
      : f.state === 'LISTEN'
        ? 'listen'
        : f.state === 'CLOSED' || f.state === 'BOUND'
          ? 'bound'
          : 'other';
    out.push({
      pid: proc.pid,
      ppid: proc.ppid,
      command: proc.command ?? '?',
      uid: proc.uid,
      user: proc.user,
      port: Number(m[2]),
      address: m[1].replace(/^\[|\]$/g, ''),
      state: st,
    });
  };
  for (const line of text.split('\n')) {
    if (!line) continue;
    const tag = line[0];
    const v = line.slice(1);
    switch (tag) {
      case 'p':
        flush();
        proc = { pid: Number(v) };
        break;
      case 'R':
        proc.ppid = Number(v);
        break;
      case 'c':
        proc.command = v;
        break;
      case 'u':
        proc.uid = Number(v);
        break;
      case 'L':
        proc.user = v;
        break;
      case 'f':
        flush();
        file = {};
        break;
      case 'n':
        // Without the f field, n starts the next file.
        if (file?.name !== undefined) flush();
        file = { ...file, name: v };
        break;
      case 'T':
        if (file && v.startsWith('ST=')) file.state = v.slice(3);
        break;
    }
  }
  flush();
  return out;
}
