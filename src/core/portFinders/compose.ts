// Compose files, through the `yaml` AST (core/composeFile.ts, shared with compose stacks). The host side of
// each service's `ports:` entries becomes 'compose-published': short syntax, long syntax `published`,
// ranges, host IPs, `${VAR:-N}` defaults, anchors and `<<` merges; container ports (the right side,
// `target`, `expose`) never count. What runs inside the service's container (healthcheck, command,
// entrypoint, environment) names the container's own ports: only host-gateway URLs there reach the host.
// The rest is read like a YAML config. While a file does not parse (a user typing), or is too long to parse
// on every keystroke, the line scanner (composeLines.ts) stands in.
import { isMap, isScalar, isSeq, type Document, type Pair, type Scalar } from 'yaml';
import type { PortRef } from '../types';
import type { LineIndex } from '../text';
import { CONTAINER_SIDE_KEYS, deref, keyOf, readComposeFile, type ComposeFile } from '../composeFile';
import { hostPortRefs, parseShortPort, readPortRange } from '../composePorts';
import { findComposePortsByLine } from './composeLines';
import { continues, isValidPort, scanHostPorts } from './text';
import { CONFIG_SCOPE, CONTAINER_SCOPE, type LineScope } from './yamlJson';

/** Longer files are read line by line: parsing them on each keystroke would cost more than an edit may. */
export const MAX_AST_LINES = 3000;
const LIST_ASSIGN = /^([A-Za-z_][\w.]*)=(\d{1,5})$/;

export function findComposePorts(text: string): PortRef[] {
  if (linesAbove(text, MAX_AST_LINES)) return findComposePortsByLine(text);
  const file = readComposeFile(text);
  const doc = file.parsed.doc;
  if (!doc || file.syntaxErrors) return findComposePortsByLine(text);
  return new ComposeWalk(text, file, doc).run();
}

function linesAbove(text: string, max: number): boolean {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (++n > max) return true;
  return false;
}

class ComposeWalk {
  private readonly out: PortRef[] = [];
  /** Nodes already read: an anchored node is read once, in the first context that reaches it (services first). */
  private readonly seen = new Set<unknown>();
  private readonly index: LineIndex;

  constructor(
    private readonly text: string,
    private readonly file: ComposeFile,
    private readonly doc: Document,
  ) {
    this.index = file.parsed.index;
  }

  run(): PortRef[] {
    for (const svc of this.file.services) {
      if (!isMap(svc.node)) continue;
      for (const p of svc.pairs) {
        const k = keyOf(p);
        if (k === 'ports') this.ports(p.value);
        else if (k === 'expose')
          continue; // container ports only
        else this.config(p.value, k !== undefined && CONTAINER_SIDE_KEYS.has(k) ? CONTAINER_SCOPE : CONFIG_SCOPE);
      }
    }
    this.config(this.doc.contents, CONFIG_SCOPE); // top-level keys, x- extensions, networks …
    return this.out.sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  }

  private once(node: unknown): boolean {
    if (node == null || this.seen.has(node)) return false;
    this.seen.add(node);
    return true;
  }

  private ports(value: unknown): void {
    const node = deref(this.doc, value);
    if (!isSeq(node) || !this.once(node)) return;
    for (const raw of node.items) {
      const item = deref(this.doc, raw);
      if (!this.once(item)) continue;
      if (isScalar(item)) {
        const { text, start } = this.source(item);
        const m = parseShortPort(text, start);
        if (m?.host) this.out.push(...hostPortRefs(m.host, (s, e) => this.index.rangeOf(s, e), m.hostIp));
      } else if (isMap(item)) {
        const pairs = item.items as Pair[];
        const published = deref(this.doc, pairs.find((p) => keyOf(p) === 'published')?.value);
        const hostIp = deref(this.doc, pairs.find((p) => keyOf(p) === 'host_ip')?.value);
        if (!isScalar(published)) continue;
        const { text, start } = this.source(published);
        const host = readPortRange(text, start);
        const ip = isScalar(hostIp) && hostIp.value != null ? String(hostIp.value) : undefined;
        if (host) this.out.push(...hostPortRefs(host, (s, e) => this.index.rangeOf(s, e), ip));
      }
    }
  }

  private config(value: unknown, scope: LineScope, key?: string): void {
    const node = deref(this.doc, value);
    if (!this.once(node)) return;
    if (isMap(node)) {
      if (node === this.file.servicesNode) return; // read above, service by service
      for (const p of node.items as Pair[]) this.config(p.value, scope, keyOf(p));
    } else if (isSeq(node)) {
      for (const item of node.items) this.config(item, scope, undefined);
    } else if (isScalar(node)) {
      this.scalar(node, scope, key);
    }
  }

  private scalar(node: Scalar, scope: LineScope, key: string | undefined): void {
    const { text, start } = this.source(node);
    const v = node.value;
    if (key !== undefined && scope.isHostKey(key)) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : NaN;
      if (isValidPort(n)) {
        this.out.push({ port: n, range: this.index.rangeOf(start, start + text.length), kind: 'key' });
        return;
      }
    }
    if (typeof v !== 'string') return;
    const assign = key === undefined ? LIST_ASSIGN.exec(text) : null; // `- REDIS_PORT=16379`
    if (assign && scope.isHostKey(assign[1]) && isValidPort(Number(assign[2]))) {
      const at = start + text.length - assign[2].length;
      this.out.push({ port: Number(assign[2]), range: this.index.rangeOf(at, at + assign[2].length), kind: 'key' });
      return;
    }
    // Line by line through the source text, so positions are exact in block scalars and escaped strings.
    let inContainer = scope.inContainer;
    let offset = start;
    for (const line of text.split('\n')) {
      const at = this.index.positionAt(offset);
      const content = line.endsWith('\r') ? line.slice(0, -1) : line;
      const ended = scanHostPorts(content, at.line, at.character, this.out, inContainer);
      inContainer = scope.inContainer || (ended && continues(content));
      offset += line.length + 1;
    }
  }

  /** The scalar's source text without its quotes, and where it starts. */
  private source(node: Scalar): { text: string; start: number } {
    const [s, e] = node.range ?? [0, 0];
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    return quoted ? { text: this.text.slice(s + 1, e - 1), start: s + 1 } : { text: this.text.slice(s, e), start: s };
  }
}
