// Host-side URLs and host:port strings in any text (Go, TypeScript, Python sources, values of other
// formats). Only hosts that reach the host's own ports count; `postgres:5432` or `db.example.com:443`
// name another machine or a container and are not host ports. Inside a container (a compose healthcheck,
// what follows `docker exec`) `localhost` is the container itself: only the host-gateway names reach the host.
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

/** Names a container reaches its host by. */
const HOST_GATEWAYS = new Set(['host.containers.internal', 'host.docker.internal']);

/** `host.docker.internal`, `host.containers.internal`: the host as a container addresses it. */
export function isHostGateway(host: string | undefined): boolean {
  return host !== undefined && HOST_GATEWAYS.has(host.toLowerCase());
}
/** `docker exec`, `podman exec`, `docker container exec`, `docker compose exec`, `podman-compose exec`. */
const EXEC = /\b(?:docker|podman)(?:[ \t]+compose|-compose|[ \t]+container)?[ \t]+exec\b/;

/**
 * Appends the host-side URL / host:port references in `segment`, which starts at column `col0` of line `line`.
 * `inContainer`: the whole segment runs inside a container. Returns true when the segment ends inside a
 * container (it was, or a `docker|podman exec` starts in it), so a continued command line stays there.
 */
export function scanHostPorts(
  segment: string,
  line: number,
  col0: number,
  out: PortRef[],
  inContainer = false,
): boolean {
  const exec = inContainer ? 0 : segment.search(EXEC);
  if (segment.indexOf(':') === -1) return exec !== -1; // fast path: most lines hold no colon-port at all
  HOST_PORT.lastIndex = 0;
  for (let m = HOST_PORT.exec(segment); m; m = HOST_PORT.exec(segment)) {
    const port = Number(m[3]);
    if (!isValidPort(port)) continue;
    const portStart = m.index + m[0].length - m[3].length;
    const host = m[2].toLowerCase().replace(/^\[|\]$/g, '');
    if (exec !== -1 && m.index >= exec && !HOST_GATEWAYS.has(host)) continue;
    out.push({
      port,
      range: lineRange(line, col0 + portStart, col0 + portStart + m[3].length),
      kind: m[1] ? 'url' : 'hostport',
      host,
    });
  }
  return exec !== -1;
}

/** True when a command line goes on on the next line (a trailing backslash). */
export function continues(line: string): boolean {
  return /\\\s*$/.test(line);
}

export function findTextPorts(text: string): PortRef[] {
  const out: PortRef[] = [];
  const lines = splitLines(text);
  let inContainer = false; // a `docker exec …` command continued over lines
  for (let i = 0; i < lines.length; i++) {
    const ended = scanHostPorts(lines[i], i, 0, out, inContainer);
    inContainer = ended && continues(lines[i]);
  }
  return out;
}
