// Host-side URLs and host:port strings in any text (Go, TypeScript, Python sources, values of other
// formats). Only hosts that reach the host's own ports count; `postgres:5432` or `db.example.com:443`
// name another machine or a container and are not host ports.
import type { PortRef } from '../types';
import { lineRange } from '../text';

// Optional scheme://[userinfo@], then a host-side host (not part of a longer name), then :port.
const HOST_PORT =
  /(?<![\w.-])(?:([a-z][a-z0-9+.-]*):\/\/(?:[^\s/@"'`<>]*@)?)?(localhost|127\.0\.0\.1|0\.0\.0\.0|host\.containers\.internal|host\.docker\.internal|\[::1?\]):(\d{1,5})(?![\d.\w])/gi;

/** Splits text into lines without their terminators (\n or \r\n). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  return lines;
}

export function isValidPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** Appends the host-side URL / host:port references in `segment`, which starts at column `col0` of line `line`. */
export function scanHostPorts(segment: string, line: number, col0: number, out: PortRef[]): void {
  if (segment.indexOf(':') === -1) return; // fast path: most lines hold no colon-port at all
  HOST_PORT.lastIndex = 0;
  for (let m = HOST_PORT.exec(segment); m; m = HOST_PORT.exec(segment)) {
    const port = Number(m[3]);
    if (!isValidPort(port)) continue;
    const portStart = m.index + m[0].length - m[3].length;
    const host = m[2].toLowerCase().replace(/^\[|\]$/g, '');
    out.push({
      port,
      range: lineRange(line, col0 + portStart, col0 + portStart + m[3].length),
      kind: m[1] ? 'url' : 'hostport',
      host,
    });
  }
}

export function findTextPorts(text: string): PortRef[] {
  const out: PortRef[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) scanHostPorts(lines[i], i, 0, out);
  return out;
}
