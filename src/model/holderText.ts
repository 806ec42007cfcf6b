// The ONE way a port holder is put into words, in the tree, `berth status`, the preflight and cleanup.
import type { PortHolder } from './holder';

const MAX_SHORT = 48;
const MAX_LINE = 80;

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** "a process of postgres (not visible to Berth)": a socket whose process Berth may not see (pid 0). */
function invisibleText(h: PortHolder): string {
  return `a process of ${h.user ?? `uid ${h.uid ?? '?'}`} (not visible to Berth)`;
}

/** The holder's command line, or its command name when the line is not readable. */
export function holderCommand(h: PortHolder): string {
  return h.cmdline.length ? h.cmdline.join(' ') : h.command;
}

/** The program's base name with its arguments ("node server.js", not "/usr/local/bin/node server.js"). */
export function holderProgram(h: PortHolder): string {
  if (!h.cmdline.length) return h.command;
  const [argv0, ...args] = h.cmdline;
  return [argv0.split(/[\\/]/).pop() || argv0, ...args].join(' ');
}

/** The program's base name alone: "gvproxy", "node", "another process" for one Berth cannot see. */
export function holderName(h: PortHolder): string {
  if (h.kind !== 'process') return h.kind;
  if (h.pid === 0) return 'another process';
  return (h.cmdline[0] ?? h.command).split(/[\\/]/).pop() || h.command;
}

/** "pid 4242 node server.js (dev)": a plain process by pid, command line and user. */
export function describeProcess(h: PortHolder): string {
  if (h.pid === 0) return invisibleText(h);
  const cmd = holderCommand(h);
  const shown = cmd.length > MAX_LINE ? `${cmd.slice(0, MAX_LINE - 3)}…` : cmd;
  return `pid ${h.pid} ${shown}${h.user ? ` (${h.user})` : h.uid !== undefined ? ` (uid ${h.uid})` : ''}`;
}

/** A holder as status and cleanup name it: a plain process by pid and command line, a forwarder by kind and pid. */
export function describeHolder(h: PortHolder): string {
  return h.kind === 'process' ? describeProcess(h) : `${h.kind} (pid ${h.pid})`;
}

/** "docker-proxy (pid 594, 599, root) and node (pid 12)": IPv4 and IPv6 sockets of one program read as one. */
export function describeHolders(hs: PortHolder[]): string {
  const groups = new Map<string, PortHolder[]>();
  for (const h of hs) {
    const key = h.pid ? `${h.command}|${h.containerId ?? ''}` : '?';
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  return [...groups.values()]
    .map((g) => {
      const h = g[0];
      if (!h.pid) return invisibleText(h);
      const pids = [...new Set(g.map((x) => x.pid))].join(', ');
      return `${h.command} (pid ${pids}${h.user ? `, ${h.user}` : ''}${h.containerId ? `, container ${h.containerId.slice(0, 12)}` : ''})`;
    })
    .join(' and ');
}

/** "docker-proxy", "gvproxy", "1234 node server.js" or, for a socket whose process Berth cannot see, the host's words. */
export function holderShort(h: PortHolder): string {
  if (h.pid === 0) return clip(invisibleText(h), MAX_SHORT);
  if (h.kind === 'process') return clip(`${h.pid} ${holderProgram(h)}`, MAX_SHORT);
  return h.kind;
}

/** Everything known about the holder, for tooltips. */
export function holderLong(h: PortHolder): string {
  if (h.pid === 0) return invisibleText(h);
  const who = h.user ?? (h.uid !== undefined ? `uid ${h.uid}` : undefined);
  const parts = [
    `pid ${h.pid}`,
    who,
    h.kind !== 'process' ? h.kind : undefined,
    h.containerId ? `container ${h.containerId.slice(0, 12)}` : undefined,
  ];
  return `${holderCommand(h)} (${parts.filter(Boolean).join(', ')})`;
}

/** "pid 1234 node dev-server.js": who holds the port, as one short phrase (no user, no kind). */
export function holderBrief(h: PortHolder): string {
  if (h.pid === 0) return clip(invisibleText(h), MAX_SHORT);
  return clip(h.kind === 'process' ? `pid ${h.pid} ${holderProgram(h)}` : `${h.kind} pid ${h.pid}`, MAX_SHORT);
}

/** Each fact Show Holder lists about one holder: pid, command line, user, container, socket. */
export function holderFacts(h: PortHolder): string[] {
  if (h.pid === 0) return [invisibleText(h)];
  const who = h.user ?? (h.uid !== undefined ? `uid ${h.uid}` : undefined);
  return [
    `pid ${h.pid}${h.ppid ? ` (parent ${h.ppid})` : ''}${h.kind !== 'process' ? ` · ${h.kind}` : ''}`,
    `command line: ${holderCommand(h)}`,
    `user: ${who ?? 'unknown'}`,
    `container: ${h.containerId ? h.containerId.slice(0, 12) : 'none'}`,
    ...(h.address ? [`socket: ${h.address}:${h.port} (${h.state})`] : []),
  ];
}
