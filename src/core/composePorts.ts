// What one compose `ports:` entry publishes: short syntax "[IP:][HOST:]CONTAINER[/PROTO]" with ports or
// ranges ("8000-8001:80-81", "[::1]:8080:80", "127.0.0.1::80"), long syntax `published` ("8000-8001" too),
// and `${VAR:-N}` defaults standing for their value. The one reading of compose port specs: the port rules
// (YAML AST and line fallback) and compose stacks all call it. Spans are offsets into the text given.
import type { PortRef, Range } from './types';
import { isValidPort } from './portFinders/text';

/** A published host port or range, with where each end is written. */
export interface HostPorts {
  from: number;
  to: number;
  /** [start, end) of the text naming the first and the last port (the same span for a single port). */
  fromSpan: [number, number];
  toSpan: [number, number];
}

export interface PortMapping {
  hostIp?: string;
  /** Undefined when the engine picks the host port (no host part, empty, or a variable without default). */
  host?: HostPorts;
  container?: { from: number; to: number };
  protocol: string;
}

/** A published range yields at most this many port references (they share a span). */
export const MAX_RANGE_PORTS = 100;
const VAR_DEFAULT = /^\$\{[A-Za-z_]\w*:?-([^}]*)\}$/;
const RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/** A port or range at `offset`, a `${VAR:-default}` standing for its default; undefined when it names no fixed port. */
export function readPortRange(text: string, offset = 0): HostPorts | undefined {
  const v = VAR_DEFAULT.exec(text);
  if (v) return readPortRange(v[1], offset + text.length - 1 - v[1].length);
  const m = RANGE.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (!isValidPort(from) || !isValidPort(to) || from > to) return undefined;
  const fromSpan: [number, number] = [offset, offset + m[1].length];
  const toSpan: [number, number] =
    m[2] === undefined ? fromSpan : [offset + text.length - m[2].length, offset + text.length];
  return { from, to, fromSpan, toSpan };
}

/** Splits on ':' outside `${…}` and `[…]`. */
function splitColons(text: string): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      parts.push({ text: text.slice(start, i), start });
      start = i + 1;
    }
  }
  parts.push({ text: text.slice(start), start });
  return parts;
}

/** Short syntax; undefined when the text is not a port spec at all. `offset` is where `text` starts. */
export function parseShortPort(text: string, offset = 0): PortMapping | undefined {
  let body = text.trim();
  const lead = text.length - text.trimStart().length;
  let protocol = 'tcp';
  const proto = /\/([a-z]+)$/i.exec(body);
  if (proto) {
    protocol = proto[1].toLowerCase();
    body = body.slice(0, proto.index);
  }
  const parts = splitColons(body);
  const containerPart = parts[parts.length - 1];
  const container = readPortRange(containerPart.text);
  if (!container && !VAR_DEFAULT.test(containerPart.text) && !/^\$/.test(containerPart.text)) return undefined;
  const out: PortMapping = { protocol };
  if (container) out.container = { from: container.from, to: container.to };
  if (parts.length >= 2) {
    const h = parts[parts.length - 2];
    const host = readPortRange(h.text, offset + lead + h.start);
    if (host) out.host = host;
  }
  if (parts.length >= 3) {
    const ip = parts
      .slice(0, -2)
      .map((p) => p.text)
      .join(':')
      .replace(/^\[|\]$/g, '');
    if (ip !== '') out.hostIp = ip;
  }
  return out;
}

/** The port references of a published host port or range; `toRange` turns offsets into ranges. */
export function hostPortRefs(
  host: HostPorts,
  toRange: (start: number, end: number) => Range,
  hostIp?: string,
): PortRef[] {
  const extra = hostIp ? { host: hostIp } : {};
  const out: PortRef[] = [];
  const last = Math.min(host.to, host.from + MAX_RANGE_PORTS - 1);
  for (let port = host.from; port <= last; port++) {
    // The ends point at their own digits; ports between them at the whole range.
    const [start, end] =
      port === host.from ? host.fromSpan : port === host.to ? host.toSpan : [host.fromSpan[0], host.toSpan[1]];
    out.push({ port, range: toRange(start, end), kind: 'compose-published', ...extra });
  }
  return out;
}
