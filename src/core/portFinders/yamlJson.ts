// YAML and JSON configs, read line by line (fast, and tolerant of half-typed files): numeric values of
// port-like keys (port, *_port, *-port, *Port, PORT), `- KEY_PORT=N` list entries, and host-side URLs /
// host:port in any value.
import type { PortRef } from '../types';
import { lineRange } from '../text';
import { isValidPort, scanHostPorts, splitLines } from './text';

// key: value pairs, block (`port: 5432`), flow (`{ port: 5432 }`) or JSON (`"port": 5432`).
const KEY_VALUE = /(^|[\s{,[])(["']?)([A-Za-z_$][\w$.-]*)\2\s*:\s*(["']?)(\d{1,5})\4(?=\s*(?:$|[,}\]]))/g;
// `- REDIS_PORT=16379` (compose environment lists and similar).
const LIST_ASSIGN = /^(\s*-\s*["']?)([A-Za-z_][\w.]*)=(\d{1,5})["']?\s*$/;

function isPortKey(key: string): boolean {
  return /^port$/i.test(key) || /[_-]port$/i.test(key) || /[a-z0-9]Port$/.test(key);
}

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

/** Appends the port references of one YAML/JSON line (comment already stripped). */
export function scanYamlLine(content: string, line: number, out: PortRef[]): void {
  if (content.indexOf(':') !== -1) {
    KEY_VALUE.lastIndex = 0;
    for (let m = KEY_VALUE.exec(content); m; m = KEY_VALUE.exec(content)) {
      const port = Number(m[5]);
      if (!isPortKey(m[3]) || !isValidPort(port)) continue;
      const end = m.index + m[0].length - m[4].length;
      out.push({ port, range: lineRange(line, end - m[5].length, end), kind: 'key' });
    }
    scanHostPorts(content, line, 0, out);
  } else if (content.indexOf('=') !== -1) {
    const m = LIST_ASSIGN.exec(content);
    if (m && /port$/i.test(m[2]) && isValidPort(Number(m[3]))) {
      const start = m[1].length + m[2].length + 1;
      out.push({ port: Number(m[3]), range: lineRange(line, start, start + m[3].length), kind: 'key' });
    }
  }
}

export function findYamlJsonPorts(text: string): PortRef[] {
  const out: PortRef[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const t = l.trimStart();
    if (t === '' || t.startsWith('#') || t.startsWith('//')) continue;
    scanYamlLine(l.slice(0, contentEnd(l)), i, out);
  }
  return out;
}
