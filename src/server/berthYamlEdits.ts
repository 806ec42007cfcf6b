// Text edits to berth.yaml for the quick fixes. They are computed on the yaml package's node offsets so the
// user's layout (block or flow maps, comments, CRLF) is kept: one inserted line or one replaced number.
import { isMap, isPair, isScalar, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver/node';

/** Adds `role: port` under services.<service>.ports, creating `ports:` when the service has none. */
export function insertPortRole(text: string, service: string, role: string, port: number): TextEdit | undefined {
  let doc;
  try {
    doc = parseDocument(text, { keepSourceTokens: false });
  } catch {
    return undefined;
  }
  if (doc.errors.length > 0) return undefined; // never edit a file we cannot read reliably
  const services = mapValue(doc.contents, 'services');
  const servicePair = services && findPair(services, service);
  if (!servicePair) return undefined;
  const td = TextDocument.create('berth.yaml', 'yaml', 0, text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const entry = `${yamlKey(role)}: ${port}`;
  const serviceMap = isMap(servicePair.value) ? servicePair.value : undefined;
  if (!serviceMap) return undefined;
  const portsPair = findPair(serviceMap, 'ports');
  if (!portsPair) return appendToMap(text, td, serviceMap, `ports:`, `{ ${entry} }`, eol, [entry]);
  if (isMap(portsPair.value)) return appendToMap(text, td, portsPair.value, yamlKey(role) + ':', String(port), eol);
  // `ports:` with nothing (or null) after it: give it a flow map on the same line.
  const key = portsPair.key as Node | null;
  if (!key?.range) return undefined;
  const valueNode = portsPair.value as Node | null;
  if (valueNode && isScalar(valueNode) && valueNode.value !== null) return undefined; // a wrong type: leave it
  const colon = text.indexOf(':', key.range[1]);
  if (colon < 0) return undefined;
  const at = td.positionAt(colon + 1);
  const end = valueNode?.range ? td.positionAt(valueNode.range[1]) : at;
  return { range: { start: at, end }, newText: ` { ${entry} }` };
}

/**
 * Appends `key value` as the last entry of map: after the last pair's line at its indentation (block map), or
 * before the closing brace (flow map). blockChild: lines to put under key, one level deeper, in a block map.
 */
function appendToMap(
  text: string,
  td: TextDocument,
  map: YAMLMap,
  key: string,
  flowValue: string,
  eol: string,
  blockChild?: string[],
): TextEdit | undefined {
  const items = map.items.filter(isPair);
  if (map.flow) {
    if (!map.range) return undefined;
    const close = text.lastIndexOf('}', map.range[1]);
    if (close < map.range[0]) return undefined;
    const last = items[items.length - 1];
    const lastEnd = last ? nodeEnd(last) : undefined;
    if (lastEnd === undefined) return { range: rangeAt(td, close), newText: ` ${key} ${flowValue} ` };
    return { range: rangeAt(td, lastEnd), newText: `, ${key} ${flowValue}` };
  }
  const last = items[items.length - 1];
  const lastKey = last?.key as Node | null | undefined;
  const lastEnd = last ? nodeEnd(last) : undefined;
  if (!lastKey?.range || lastEnd === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', lastKey.range[0] - 1) + 1;
  const indent = text.slice(lineStart, lastKey.range[0]);
  if (!/^[ \t]*$/.test(indent)) return undefined; // key not at the start of its line: an unusual layout
  // After the last pair's value, at the end of that line (a trailing comment stays where it is).
  let eolAt = text.indexOf('\n', Math.max(lastEnd - 1, 0));
  if (eolAt < 0) eolAt = text.length;
  else if (text[eolAt - 1] === '\r') eolAt -= 1;
  const childIndent = indent + (indent.includes('\t') ? '\t' : '  ');
  const newText = blockChild
    ? `${eol}${indent}${key}${blockChild.map((c) => `${eol}${childIndent}${c}`).join('')}`
    : `${eol}${indent}${key} ${flowValue}`;
  return { range: rangeAt(td, eolAt), newText };
}

/** Replaces the number at range (a port in berth.yaml or a config file) with port, keeping any text around it. */
export function replacePortNumber(
  td: TextDocument,
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
  oldPort: number | undefined,
  port: number,
): TextEdit | undefined {
  const start = td.offsetAt(range.start);
  const slice = td.getText(range);
  if (oldPort !== undefined && slice !== String(oldPort)) {
    // The finding's range may span a whole URL or host:port: replace only the port's digits in it.
    const m = new RegExp(`(?<!\\d)${oldPort}(?!\\d)`).exec(slice);
    if (!m) return undefined;
    return {
      range: { start: td.positionAt(start + m.index), end: td.positionAt(start + m.index + m[0].length) },
      newText: String(port),
    };
  }
  if (!/^\d+$/.test(slice)) return undefined;
  return { range, newText: String(port) };
}

function mapValue(node: unknown, key: string): YAMLMap | undefined {
  if (!isMap(node)) return undefined;
  const pair = findPair(node, key);
  return pair && isMap(pair.value) ? pair.value : undefined;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item;
  }
  return undefined;
}

function nodeEnd(pair: Pair): number | undefined {
  const value = pair.value as Node | null;
  if (value?.range) return value.range[1];
  const key = pair.key as Node | null;
  return key?.range ? key.range[1] : undefined;
}

function rangeAt(td: TextDocument, offset: number) {
  const p = td.positionAt(offset);
  return { start: p, end: p };
}

/** Role names are plain keys normally; quote the rare one YAML would misread. */
function yamlKey(role: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(role) ? role : JSON.stringify(role);
}
