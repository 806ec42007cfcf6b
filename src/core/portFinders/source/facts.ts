// The language-neutral half of the source finders: each language says what a literal is and what it is
// bound to (LanguageRules); this file decides which literals are host ports and of what kind.
import type { PortRef, PortRefKind } from '../../types';
import { LineIndex } from '../../text';
import { isHostGateway, isValidPort, scanHostPorts } from '../text';
import { hostSide, inContainerEnv, inLogCall, isContainerEnvironment, isExecContext, isPortForward } from './context';
import { embeddedPorts } from './embedded';
import {
  isAddressName,
  isContainerSideName,
  isEnvSetter,
  isPortMapName,
  isListenCallee,
  isPortName,
  lastSegment,
  setterName,
} from './names';
import type { ParsedSource, SyntaxNode } from './syntax';

export type { Binding, Declaration, Family, LanguageRules, Literal, PendingCall, Sequence, SourceFacts } from './types';
import type { Binding, Declaration, LanguageRules, Literal, PendingCall, SourceFacts } from './types';

/** What one chunk of a file (a top-level declaration or statement) holds, at offsets from the chunk's start. */
interface ChunkFacts {
  refs: { ref: Omit<PortRef, 'range'>; start: number; end: number }[];
  calls: { call: Omit<PendingCall, 'range'>; start: number; end: number }[];
  declarations: { declaration: Omit<Declaration, 'line'>; start: number }[];
}

/**
 * Facts of the previous version of a document, by chunk text: an edit re-reads only the chunks it changed
 * (walking syntax nodes costs a WASM call per step; re-reading a 2,000-line file per keystroke would not
 * keep up with typing).
 */
export interface ReadMemo {
  chunks: Map<string, ChunkFacts>;
}

/** Reads one parsed file: its host-port literals, its unresolved call arguments and its declarations. */
export function readTree(rules: LanguageRules, tree: ParsedSource, text: string, memo?: ReadMemo): SourceFacts {
  const lines = new LineIndex(text);
  const facts: SourceFacts = { refs: [], calls: [], declarations: [] };
  const place = (found: ChunkFacts, base: number) => {
    for (const r of found.refs) facts.refs.push({ ...r.ref, range: lines.rangeOf(base + r.start, base + r.end) });
    for (const c of found.calls) facts.calls.push({ ...c.call, range: lines.rangeOf(base + c.start, base + c.end) });
    for (const d of found.declarations)
      facts.declarations.push({ ...d.declaration, line: lines.positionAt(base + d.start).line });
  };
  // Without a memo (a one-off read, as in `berth check`) the whole file is one chunk: one query run.
  if (!memo) {
    place(readChunk(rules, tree, tree.root, 0), 0);
    return facts;
  }
  const next = new Map<string, ChunkFacts>();
  for (const chunk of tree.root.namedChildren) {
    if (!chunk || /comment/.test(chunk.type)) continue;
    const key = chunk.text;
    const found = next.get(key) ?? memo.chunks.get(key) ?? readChunk(rules, tree, chunk, chunk.startIndex);
    next.set(key, found);
    place(found, chunk.startIndex);
  }
  memo.chunks = next;
  return facts;
}

function readChunk(rules: LanguageRules, tree: ParsedSource, chunk: SyntaxNode, base: number): ChunkFacts {
  const found: ChunkFacts = { refs: [], calls: [], declarations: [] };
  for (const hit of tree.captures(rules.query, base === 0 && chunk === tree.root ? undefined : chunk)) {
    if (hit.name === 'decl') {
      const d = rules.declaration(hit.node);
      if (d)
        found.declarations.push({ declaration: { ...d, family: rules.family }, start: hit.node.startIndex - base });
    } else if (hit.name === 'lit') {
      readLiteral(rules, hit.node, base, found);
    }
  }
  return found;
}

function readLiteral(rules: LanguageRules, node: SyntaxNode, base: number, facts: ChunkFacts): void {
  const lit = rules.literal(node);
  // Single digits are counts and indexes, never a port anyone allocates.
  if (!lit || !/\d\d/.test(lit.value) || (lit.kind === 'string' && !MAY_HOLD_PORT.test(lit.value))) return;
  const found: ChunkFacts = { refs: [], calls: [], declarations: [] };
  judgeLiteral(rules, node, lit, base, found);
  // Only a literal that would count pays for the walk up to its call (most literals count for nothing).
  // Inside a container's environment only an address of the host gateway reaches the host.
  const toHost = found.calls.length === 0 && found.refs.every((r) => isHostGateway(r.ref.host));
  if (
    (found.refs.length > 0 || found.calls.length > 0) &&
    !inLogCall(rules, node) &&
    (toHost || !inContainerEnv(rules, node))
  ) {
    facts.refs.push(...found.refs);
    facts.calls.push(...found.calls);
  }
}

function judgeLiteral(rules: LanguageRules, node: SyntaxNode, lit: Literal, base: number, facts: ChunkFacts): void {
  const b = rules.bind(node);
  const span = (from: number, to: number) => ({ start: lit.at(from) - base, end: lit.at(to - 1) + 1 - base });
  const push = (kind: PortRefKind, port: number, from: number, to: number, extra: Partial<PortRef> = {}) =>
    facts.refs.push({ ref: { port, kind, ...extra }, ...span(from, to) });
  if (/^\d{1,5}$/.test(lit.value)) {
    const port = Number(lit.value);
    if (!isValidPort(port)) return;
    const len = lit.value.length;
    if (b.kind === 'name') {
      const spec = /^\d{1,5}\/(tcp|udp|sctp)$/.test(b.name);
      const map = b.map && !spec && !isPortName(b.name) ? rules.bind(b.map) : undefined;
      if (isPortName(b.name)) push(b.env ? 'env-set' : 'source-key', port, 0, len, { name: b.name });
      else if (spec)
        push('publish', port, 0, len); // docker-py {'5432/tcp': 15432}
      else if (map?.kind === 'name' && isPortMapName(map.name) && !isContainerSideName(b.name))
        push('source-key', port, 0, len, { name: `${map.name}[${b.name}]` }); // portByRole{"http": 18210}
    } else if (b.kind === 'arg') {
      const first = b.items[0] && rules.literal(b.items[0]);
      const setter = setterName(b.callee);
      const hostArg = HOST_BINDING_ARG[lastSegment(b.callee)];
      if (isContainerEnvironment(b.callee)) return;
      if (SOCKET_ADDRESS.test(lastSegment(b.callee)) && b.index === 1 && first?.kind === 'string') {
        // InetSocketAddress("127.0.0.1", 16620), Socket("localhost", 16620): a local host and its port.
        if (LOCAL_HOST.test(first.value)) push('hostport', port, 0, len, { host: first.value });
        return;
      }
      if (isEnvSetter(b.callee) && b.index === 1 && first?.kind === 'string' && isPortName(first.value))
        push('env-set', port, 0, len, { name: first.value });
      else if (b.index === 1 && b.items.length === 2 && first?.kind === 'string' && isPortName(first.value))
        push('source-key', port, 0, len, { name: first.value }); // os.getenv("X_PORT", "15441"), viper.SetDefault
      else if (hostArg !== undefined) {
        if (b.index === hostArg) push('publish', port, 0, len);
      } else if (setter && b.items.length === 1) push('source-key', port, 0, len, { name: setter });
      else if (isListenCallee(b.callee) && b.index === 0 && lit.kind === 'number')
        push('listen', port, 0, len); // app.listen(3000)
      else if (lit.kind === 'number' && !isExecContext(rules, b))
        facts.calls.push({
          call: { family: rules.family, callee: lastSegment(b.callee), index: b.index, arity: b.items.length, port },
          ...span(0, len),
        });
    } else if (b.kind === 'mapKey') {
      const v = rules.literal(b.value);
      if (v?.kind === 'number') push('publish', port, 0, len); // Go map[int]int{18130: 18130}: host side
    }
    return;
  }
  if (lit.kind !== 'string') return;
  if ((b.kind === 'arg' || b.kind === 'element') && isExecContext(rules, b)) return; // runs inside the container
  const hostPorts = (inContainer: boolean) => {
    const found: PortRef[] = [];
    scanHostPorts(lit.value, 0, 0, found, inContainer);
    for (const r of found)
      push(r.kind, r.port, r.range.start.character, r.range.end.character, r.host ? { host: r.host } : {});
  };
  // withEnv("DB_URL", "jdbc:postgresql://host.docker.internal:15462/…"): from the container to the host.
  if (b.kind === 'arg' && isContainerEnvironment(b.callee)) return hostPorts(true);
  const seq = b.kind === 'arg' || b.kind === 'element' ? b : undefined;
  const prev = seq && seq.index > 0 ? rules.literal(seq.items[seq.index - 1])?.value : undefined;
  let mapping: { offset: number } | undefined;
  if (prev === '-p' || prev === '--publish' || (seq && isPortForward(rules, seq))) mapping = { offset: 0 };
  else {
    const flag = /^(-p=?|--publish=)(?=\S)/.exec(lit.value);
    if (flag && seq) mapping = { offset: flag[0].length };
    else if (b.kind === 'name' && /^(ports?|publish|port_?bindings?|port_?mappings?)$/i.test(b.name))
      mapping = { offset: 0 };
  }
  if (mapping) {
    const host = hostSide(lit.value.slice(mapping.offset));
    if (host)
      push('publish', host.port, mapping.offset + host.start, mapping.offset + host.start + String(host.port).length, {
        ...(host.host ? { host: host.host } : {}),
      });
    return;
  }
  // "--server.port=18610", properties = ["server.port=18610"]: a port-named setting given its value,
  // unless it is a container's environment (`-e PORT=8080` follows -e or --env).
  const setting = SETTING.exec(lit.value);
  if (setting && isPortName(setting[2]) && !(prev === '-e' || prev === '--env')) {
    const port = Number(setting[3]);
    const start = lit.value.length - setting[3].length;
    if (isValidPort(port)) push('source-key', port, start, lit.value.length, { name: setting[2] });
    return;
  }
  const listens =
    (b.kind === 'name' && (isAddressName(b.name) || isPortName(b.name))) ||
    (b.kind === 'arg' && isListenCallee(b.callee));
  const listen = listens ? LISTEN.exec(lit.value) : null;
  if (listen) {
    const port = Number(listen[2]);
    const start = lit.value.length - listen[2].length;
    if (isValidPort(port))
      push('listen', port, start, lit.value.length, { ...(listen[1] ? { host: listen[1] } : {}), ...nameOf(b) });
    return;
  }
  if (lit.verbatim && (lit.value.includes('\n') || /^\s*[{[]/.test(lit.value))) {
    const embedded = embeddedPorts(lit.value);
    if (embedded) {
      for (const r of embedded) push(r.kind, r.port, r.from, r.to, r.host ? { host: r.host } : {});
      return;
    }
  }
  hostPorts(false);
}

/** A string can name a port only as digits alone, a mapping or address (`15441:5432`, `:8080`), a local host,
 *  a publish flag or embedded YAML/JSON: other strings ("svc12", "postgres:16-alpine") skip the syntax walk. */
const MAY_HOLD_PORT =
  /^\d+$|\d:\d|:\d+$|=\d+$|localhost|127\.0\.0\.1|0\.0\.0\.0|host\.(containers|docker)\.internal|\[::|\n|^\s*[{[]/;

const LISTEN = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1?\]|::)?:(\d{1,5})$/;
const SETTING = /^(--?)?([A-Za-z_][\w.-]*)=(\d{2,5})$/;
const SOCKET_ADDRESS = /^(InetSocketAddress|Socket|createConnection)$/;
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|::1?)$/;

/** Testcontainers-style calls that bind a host port: the argument index that is the host side. */
const HOST_BINDING_ARG: Record<string, number> = {
  with_bind_ports: 1, // testcontainers-python: with_bind_ports(container, host)
  withFixedExposedPort: 0, // Java FixedHostPortGenericContainer: (host, container)
  bindPort: 0, // docker-java Ports.Binding.bindPort(host)
};

function nameOf(b: Binding): Partial<PortRef> {
  return b.kind === 'name' ? { name: b.name } : {};
}
