// "Notification shares PostgreSQL 15439 with HAPI", "15439 (PostgreSQL, shared with Notification)": a line
// that names a port and says it is shared with someone. Port finders skip comments, where teams write
// this; init reports each such line, so a sharing the code does not declare is not lost silently.
import { normalizeName } from './names';

export interface SharedMention {
  file: string;
  /** 0-based line. */
  line: number;
  port: number;
  /** The name as written, and normalised as service names are. */
  with: string;
  service: string;
}

const SHARED = /\bshar(?:e|es|ed|ing)\b[^.;\n]*?\bwith\s+([A-Za-z][\w-]*)/i;
const PORT = /(?<![\d.:-])(\d{4,5})(?![\d.-])/g;

export function sharedMentions(file: string, lines: string[]): SharedMention[] {
  const out: SharedMention[] = [];
  for (const [i, l] of lines.entries()) {
    const m = SHARED.exec(l);
    if (!m) continue;
    const service = normalizeName(m[1]);
    if (
      !service ||
      /^(the|a|an|us|me|them|other|others|another|every|all|each|someone|somebody|anyone|anybody|everyone|nobody|none)$/.test(
        service,
      )
    )
      continue;
    // The port the phrase is about: inside "shares … with", else the nearest before it ("15439 (…, shared
    // with X), 16387 (Redis)"), else the nearest after it ("shared with X: 15439").
    const from = m.index;
    const to = m.index + m[0].length;
    const ports = [...l.matchAll(PORT)]
      .map((p) => ({ port: Number(p[1]), at: p.index }))
      .filter((p) => p.port >= 1024 && p.port <= 65535);
    const pick =
      ports.find((p) => p.at >= from && p.at < to) ??
      ports.filter((p) => p.at < from).pop() ??
      ports.find((p) => p.at >= to);
    if (pick) out.push({ file, line: i, port: pick.port, with: m[1], service });
  }
  return out;
}
