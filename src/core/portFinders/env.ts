// .env files: KEY=VALUE lines. Numeric values of port-like keys (REDIS_PORT, not CONTAINER_PORT), and
// host-side URLs or host:port in any value.
import type { PortRef } from '../types';
import { lineRange } from '../text';
import { isValidPort, scanHostPorts, splitLines } from './text';
import { isPortKey } from './yamlJson';

const ASSIGN = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(.*)$/;

export function findEnvPorts(text: string): PortRef[] {
  const out: PortRef[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const m = ASSIGN.exec(lines[i]);
    if (!m) continue;
    const valueCol = m[1].length + m[2].length + m[3].length;
    let value = m[4];
    let col = valueCol;
    const q = value[0];
    if ((q === '"' || q === "'") && value.indexOf(q, 1) > 0) {
      value = value.slice(1, value.indexOf(q, 1));
      col += 1;
    } else {
      const hash = value.search(/\s#/); // unquoted values end at an inline comment
      if (hash !== -1) value = value.slice(0, hash);
      value = value.trimEnd();
    }
    if (isPortKey(m[2]) && /^\d{1,5}$/.test(value) && isValidPort(Number(value))) {
      out.push({ port: Number(value), range: lineRange(i, col, col + value.length), kind: 'key' });
    } else {
      scanHostPorts(value, i, col, out);
    }
  }
  return out;
}
