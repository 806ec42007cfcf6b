// Short and long descriptions of a process holding a host port.
import { describeProcess } from '../../host/classify';
import type { PortHolder } from '../../host/holders';

const MAX = 48;

function clip(s: string, max = MAX): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
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

/** "docker-proxy", "gvproxy", "1234 node server.js" or, for a socket whose process Berth cannot see, the host's words. */
export function holderShort(h: PortHolder): string {
  if (h.pid === 0) return clip(describeProcess(h));
  if (h.kind === 'process') return clip(`${h.pid} ${holderProgram(h)}`);
  return h.kind;
}

/** Everything known about the holder, for tooltips. */
export function holderLong(h: PortHolder): string {
  if (h.pid === 0) return describeProcess(h);
  const who = h.user ?? (h.uid !== undefined ? `uid ${h.uid}` : undefined);
  const parts = [
    `pid ${h.pid}`,
    who,
    h.kind !== 'process' ? h.kind : undefined,
    h.containerId ? `container ${h.containerId.slice(0, 12)}` : undefined,
  ];
  return `${holderCommand(h)} (${parts.filter(Boolean).join(', ')})`;
}
