// How followed log lines are written into the terminal (pure: unit-tested without VS Code). One container: the
// engine's timestamp, then the line. A stack: compose's layout, each line after its step's name padded to the
// widest (`postgres | …`), the names in distinct ANSI colors.
import type { LogLine } from '../engine/connection';

const COLORS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

/** Millisecond precision is enough to read (engines send nanoseconds): `2026-12-01T11:45:24.123Z`. */
export function shortStamp(time: string | undefined): string {
  if (!time) return '';
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d{1,3})?\d*(Z|[+-]\d\d:\d\d)$/.exec(time);
  return m ? `${m[1]}${m[2] ?? ''}${m[3]}` : time;
}

export interface Prefixer {
  /** The terminal text of one line of the source at `index`. */
  line(index: number, l: LogLine): string;
  /** A line Berth says about the source at `index` (or about everything, without one). */
  notice(text: string, index?: number): string;
}

/** Prefixes for these sources' labels (none for a single source, like `docker logs`). */
export function prefixer(labels: string[]): Prefixer {
  const width = Math.max(0, ...labels.map((l) => l.length));
  const tag = (i: number) =>
    labels.length > 1 ? `\x1b[${COLORS[i % COLORS.length]}m${labels[i].padEnd(width)} |${RESET} ` : '';
  return {
    line: (i, l) => `${tag(i)}${l.time ? `${DIM}${shortStamp(l.time)}${RESET} ` : ''}${l.text}\r\n`,
    notice: (text, i) => `${i === undefined ? '' : tag(i)}${DIM}── ${text}${RESET}\r\n`,
  };
}
