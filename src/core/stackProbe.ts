// A step's `ready:` probe (exec, http, tcp, health, log, once) read from berth.yaml, with located findings.
// Probe ports are an allocated role or a container port the step publishes (probes run from the host).
// http/tcp probes go to the engine's machine unless they name a `host:` (a name or an IP address, nothing more).
import { isMap } from 'yaml';
import type { Probe, StepPort } from './types';
import { readCommand } from './stepValues';
import { mapGet, readString, scalarValue, type YamlReader } from './yamlReader';
import { errorText } from './errorText';

/** The service whose step it is, and the roles it allocates. */
export interface ProbeContext {
  service: string;
  roles: string[];
}

const PROBE_KEYS = new Set(['exec', 'http', 'tcp', 'health', 'log', 'once']);

/** Probe port: a role, or a container port published by the step (probed on its host side). */
function readProbePort(
  node: unknown,
  sink: YamlReader,
  ctx: ProbeContext,
  ports: StepPort[],
  step: string,
): string | number | undefined {
  const v = scalarValue(node);
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
    const n = Number(v);
    if (!ports.some((p) => p.containerPort === n)) {
      sink.add(
        node,
        `step "${step}": probe port ${n} is not a container port this step publishes (probes run from the host)`,
        'stack',
      );
      return undefined;
    }
    return n;
  }
  if (typeof v === 'string') {
    if (!ctx.roles.includes(v)) {
      sink.add(
        node,
        `step "${step}": unknown role "${v}"; service "${ctx.service}" allocates ${ctx.roles.join(', ') || 'no ports'}`,
        'stack',
      );
      return undefined;
    }
    if (!ports.some((p) => p.role === v)) {
      sink.add(node, `step "${step}": probe role "${v}" is not published by this step`, 'stack', 'warning');
    }
    return v;
  }
  sink.add(node, 'probe port must be an allocated role or a published container port', 'schema');
  return undefined;
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*\\.?$`);
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** RFC 4291 text form: up to eight groups of 1-4 hex digits, one "::" at most, an IPv4 tail allowed. */
function isIpv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h ? h.split(':') : []));
  const tail = groups.length && IPV4.test(groups[groups.length - 1]) ? 2 : 0;
  const hex = tail ? groups.slice(0, -1) : groups;
  if (!hex.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const n = hex.length + tail;
  return halves.length === 2 ? n <= 7 : n === 8;
}

/** A probe's host: a host name, an IPv4 address or an IPv6 address (brackets allowed); no scheme, port or path. */
export function probeHostValid(host: string): string | undefined {
  const bare = /^\[(.*)\]$/.exec(host)?.[1] ?? host;
  if (bare.includes(':')) return isIpv6(bare) ? bare : undefined;
  if (/^[\d.]+$/.test(bare)) return IPV4.test(bare) ? bare : undefined;
  return HOST_NAME.test(bare) ? bare : undefined;
}

function readProbeHost(node: unknown, sink: YamlReader, what: string): string | undefined | null {
  const raw = readString(node, sink, what);
  if (raw === undefined) return null;
  const host = probeHostValid(raw.trim());
  if (host === undefined) {
    sink.add(
      node,
      `${what} must be a host name or an IP address, without scheme, port or path (got "${raw}")`,
      'schema',
    );
    return null;
  }
  return host;
}

export function readProbe(
  node: unknown,
  sink: YamlReader,
  ctx: ProbeContext,
  ports: StepPort[],
  step: string,
): Probe | undefined {
  if (!isMap(node)) {
    sink.add(node, 'ready must be a map with one of: exec, http, tcp, health, log, once', 'schema');
    return undefined;
  }
  const kinds = node.items.filter((p) => PROBE_KEYS.has(String(scalarValue(p.key))));
  for (const pair of node.items) {
    const key = String(scalarValue(pair.key));
    if (!PROBE_KEYS.has(key) && key !== 'expect')
      sink.add(pair.key, `unknown probe "${key}" (expected exec, http, tcp, health, log or once)`, 'schema');
  }
  if (kinds.length !== 1) {
    if (kinds.length > 1) sink.add(kinds[1].key, 'ready takes exactly one probe', 'schema');
    else if (node.items.length === 0)
      sink.add(node, 'ready needs a probe: exec, http, tcp, health, log or once', 'schema');
    return undefined;
  }
  const pair = kinds[0];
  const kind = String(scalarValue(pair.key));
  const expectPair = mapGet(node, 'expect');
  if (expectPair && kind !== 'exec') sink.add(expectPair.key, 'expect applies to exec probes only', 'schema');
  switch (kind) {
    case 'exec': {
      const command = readCommand(pair.value, sink, 'ready.exec');
      if (!command || command.length === 0) {
        if (command) sink.add(pair.value, 'ready.exec needs a command', 'schema');
        return undefined;
      }
      const expect = expectPair ? readString(expectPair.value, sink, 'ready.expect') : undefined;
      return expect === undefined ? { kind: 'exec', command } : { kind: 'exec', command, expect };
    }
    case 'http': {
      const v = pair.value;
      if (isMap(v)) {
        const portPair = mapGet(v, 'port');
        if (!portPair) {
          sink.add(v, 'ready.http needs a port (an allocated role or a published container port)', 'schema');
          return undefined;
        }
        const port = readProbePort(portPair.value, sink, ctx, ports, step);
        let path = '/';
        let status: number | undefined;
        let host: string | undefined | null;
        for (const p of v.items) {
          const k = scalarValue(p.key);
          if (k === 'path') path = readString(p.value, sink, 'ready.http.path') ?? path;
          else if (k === 'host') host = readProbeHost(p.value, sink, 'ready.http.host');
          else if (k === 'status') {
            const s = scalarValue(p.value);
            if (typeof s === 'number' && Number.isInteger(s) && s >= 100 && s <= 599) status = s;
            else sink.add(p.value, 'ready.http.status must be an HTTP status code', 'schema');
          } else if (k !== 'port')
            sink.add(
              p.key,
              `unknown key ready.http.${String(k)} (expected port, path, status, host)`,
              'schema',
              'warning',
            );
        }
        if (!path.startsWith('/')) path = '/' + path;
        if (port === undefined || host === null) return undefined;
        return {
          kind: 'http',
          port,
          path,
          ...(status === undefined ? {} : { status }),
          ...(host === undefined ? {} : { host }),
        };
      }
      const port = readProbePort(v, sink, ctx, ports, step);
      return port === undefined ? undefined : { kind: 'http', port, path: '/' };
    }
    case 'tcp': {
      const v = pair.value;
      const portNode = isMap(v) ? mapGet(v, 'port')?.value : v;
      if (portNode === undefined) {
        sink.add(v, 'ready.tcp needs a port', 'schema');
        return undefined;
      }
      const port = readProbePort(portNode, sink, ctx, ports, step);
      let host: string | undefined | null;
      if (isMap(v))
        for (const p of v.items) {
          const k = scalarValue(p.key);
          if (k === 'host') host = readProbeHost(p.value, sink, 'ready.tcp.host');
          else if (k !== 'port')
            sink.add(p.key, `unknown key ready.tcp.${String(k)} (expected port, host)`, 'schema', 'warning');
        }
      if (port === undefined || host === null) return undefined;
      return host === undefined ? { kind: 'tcp', port } : { kind: 'tcp', port, host };
    }
    case 'log': {
      const pattern = readString(pair.value, sink, 'ready.log');
      if (pattern === undefined) return undefined;
      try {
        new RegExp(pattern);
      } catch (e) {
        sink.add(pair.value, `ready.log is not a valid regular expression: ${errorText(e)}`, 'schema');
        return undefined;
      }
      return { kind: 'log', pattern };
    }
    case 'health':
    case 'once': {
      const v = scalarValue(pair.value);
      if (v === false) sink.add(pair.value, `ready.${kind}: false is not a probe; remove ready instead`, 'schema');
      return kind === 'health' ? { kind: 'health' } : { kind: 'once' };
    }
  }
  return undefined;
}
