// YAML and JSON configs, read line by line (fast, and tolerant of half-typed files): numeric values of
// port-like keys (port, *_port, *-port, *Port, PORT), `- KEY_PORT=N` list entries, and host-side URLs /
// host:port in any value. Kubernetes manifests describe pods: there only `hostPort` is a host port
// (containerPort, targetPort, a Service's port and nodePort are not; a nodePort reaches the host only
// through a kind config's extraPortMappings, whose hostPort is what counts), and URLs are the pod's own.
import type { PortRef } from '../types';
import { lineRange } from '../text';
import { continues, isValidPort, scanHostPorts, splitLines } from './text';
import { isPortName } from './source/names';

// key: value pairs, block (`port: 5432`), flow (`{ port: 5432 }`) or JSON (`"port": 5432`).
const KEY_VALUE = /(^|[\s{,[])(["']?)([A-Za-z_$][\w$.-]*)\2\s*:\s*(["']?)(\d{1,5})\4(?=\s*(?:$|[,}\]]))/g;
// `- REDIS_PORT=16379` (compose environment lists and similar).
const LIST_ASSIGN = /^(\s*-\s*["']?)([A-Za-z_][\w.]*)=(\d{1,5})["']?\s*$/;

/**
 * A key naming a host port, as source code's names are read (port, *_port, *-port, *Port, PORT, not
 * containerPort, target_port, nodePort …). Dotted keys are left out: Traefik's `…server.port` label names
 * the container's port.
 */
export function isPortKey(key: string): boolean {
  return !key.includes('.') && isPortName(key);
}

/** How one line of a YAML/JSON file is read: which keys hold host ports, and whether its URLs are a container's. */
export interface LineScope {
  isHostKey: (key: string) => boolean;
  inContainer: boolean;
}
export const CONFIG_SCOPE: LineScope = { isHostKey: isPortKey, inContainer: false };
/** What runs inside a container: its ports are its own; only host-gateway URLs reach the host. */
export const CONTAINER_SCOPE: LineScope = { isHostKey: () => false, inContainer: true };
const MANIFEST_SCOPE: LineScope = { isHostKey: (k) => k === 'hostPort', inContainer: true };
/** A Service's nodePort: not a host port by itself, but one through a kind config's extraPortMappings. */
const NODE_PORT_SCOPE: LineScope = { isHostKey: (k) => k === 'nodePort', inContainer: true };
const KIND_SCOPE: LineScope = { isHostKey: (k) => k === 'hostPort' || k === 'apiServerPort', inContainer: false };

/** The length of `line` before a YAML comment (`#` at the start or after a blank, outside quotes). */
export function contentEnd(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") {
      // A quote only opens a string at the start of a scalar, not inside a word like don't.
      if (i === 0 || /[\s:,[{-]/.test(line[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      return i;
    }
  }
  return line.length;
}

/**
 * Appends the port references of one YAML/JSON line (comment already stripped). Returns true when the line
 * ends inside a container command (see scanHostPorts).
 */
export function scanYamlLine(content: string, line: number, out: PortRef[], scope = CONFIG_SCOPE): boolean {
  if (content.indexOf(':') !== -1) {
    KEY_VALUE.lastIndex = 0;
    for (let m = KEY_VALUE.exec(content); m; m = KEY_VALUE.exec(content)) {
      const port = Number(m[5]);
      if (!scope.isHostKey(m[3]) || !isValidPort(port)) continue;
      const end = m.index + m[0].length - m[4].length;
      out.push({ port, range: lineRange(line, end - m[5].length, end), kind: 'key' });
    }
    return scanHostPorts(content, line, 0, out, scope.inContainer);
  }
  if (content.indexOf('=') !== -1) {
    const m = LIST_ASSIGN.exec(content);
    if (m && scope.isHostKey(m[2]) && isValidPort(Number(m[3]))) {
      const start = m[1].length + m[2].length + 1;
      out.push({ port: Number(m[3]), range: lineRange(line, start, start + m[3].length), kind: 'key' });
    }
  }
  return false;
}

/** The scope of each line: Kubernetes manifests and kind cluster configs are told apart per `---` document. */
function lineScopes(lines: string[]): LineScope[] {
  const scopes: LineScope[] = new Array<LineScope>(lines.length).fill(CONFIG_SCOPE);
  let start = 0;
  const close = (end: number) => {
    let kind: string | undefined;
    let api: string | undefined;
    for (let i = start; i < end; i++) {
      const m = /^(kind|apiVersion)\s*:\s*["']?([\w./-]+)/.exec(lines[i]);
      if (m && m[1] === 'kind') kind = m[2];
      else if (m) api = m[2];
    }
    if (kind === undefined || api === undefined) return;
    const scope = api.startsWith('kind.x-k8s.io/') ? KIND_SCOPE : MANIFEST_SCOPE;
    for (let i = start; i < end; i++) scopes[i] = scope;
  };
  for (let i = 0; i < lines.length; i++) {
    if (/^(---|\.\.\.)(\s|$)/.test(lines[i])) {
      close(i);
      start = i + 1;
    }
  }
  close(lines.length);
  return scopes;
}

export function findYamlJsonPorts(text: string): PortRef[] {
  const out: PortRef[] = [];
  const lines = splitLines(text);
  const scopes = text.includes('apiVersion') ? lineScopes(lines) : undefined;
  let inExec = false; // a `docker exec …` command continued over lines (a CI step's script)
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const t = l.trimStart();
    if (t === '' || t.startsWith('#') || t.startsWith('//')) continue;
    const scope = scopes?.[i] ?? CONFIG_SCOPE;
    const content = l.slice(0, contentEnd(l));
    const ended = scanYamlLine(content, i, out, inExec ? CONTAINER_SCOPE : scope);
    inExec = ended && continues(content);
  }
  return out;
}

/** The `nodePort` values of the file's Kubernetes manifests (documents with apiVersion and kind). */
export function findManifestNodePorts(text: string): PortRef[] {
  if (!text.includes('nodePort') || !text.includes('apiVersion')) return [];
  const lines = splitLines(text);
  const scopes = lineScopes(lines);
  const out: PortRef[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (scopes[i] !== MANIFEST_SCOPE) continue;
    const found: PortRef[] = [];
    scanYamlLine(lines[i].slice(0, contentEnd(lines[i])), i, found, NODE_PORT_SCOPE);
    out.push(...found.filter((r) => r.kind === 'key').map((r) => ({ ...r, name: 'nodePort' })));
  }
  return out;
}
