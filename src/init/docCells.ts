// What one cell of an allocation table says. Markup, emoji and a trailing note are tolerated around
// the value; a parenthetical "shared with X" is kept:
//   "15433"  "**16388** ⭐"  "15439 (shared with Notification)"  "18090-18099"  "N/A"  "—"
//   "Data Storage: 18091, Embedding: 18000"  → ports labelled by role
import { normalizeName, roleName, stripMarkup } from './names';

export type Cell =
  | { kind: 'empty' }
  | { kind: 'port'; port: number; shared: string[] | 'unnamed' | undefined }
  | { kind: 'range'; from: number; to: number }
  | { kind: 'labelled'; ports: { role: string; port: number }[] }
  | { kind: 'unreadable'; text: string };

const NONE = /^(n\/?a|none|-+|—|–|tbd\?*|\s*)$/i;
const PORT = /^(\d{1,5})\b/;
const RANGE = /^(\d{1,5})\s*[-–]\s*(\d{1,5})\b/;

export function readCell(raw: string): Cell {
  const text = stripMarkup(raw.replace(/\\\|/g, '|')).trim();
  const bare = text
    .replace(/\([^)]*\)/g, '')
    .replace(/[^\w\s:,/.\-–—]/gu, '')
    .trim();
  if (/^tbd/i.test(bare)) return { kind: 'unreadable', text };
  if (NONE.test(bare)) return { kind: 'empty' };
  if (/^[A-Za-z][^:]*:\s*\d/.test(bare)) return labelled(bare, text);
  const range = RANGE.exec(bare);
  if (range && rest(bare, range[0]) && valid(range[1]) && valid(range[2]) && Number(range[1]) <= Number(range[2]))
    return { kind: 'range', from: Number(range[1]), to: Number(range[2]) };
  const port = PORT.exec(bare);
  if (port && rest(bare, port[0]) && valid(port[1]))
    return { kind: 'port', port: Number(port[1]), shared: sharedWith(text) };
  return { kind: 'unreadable', text };
}

/** Only words may follow the value ("15433 shared"), not more digits or separators that make it something else. */
function rest(bare: string, matched: string): boolean {
  return /^(\s+[A-Za-z].*)?$/.test(bare.slice(matched.length));
}

function valid(digits: string): boolean {
  const n = Number(digits);
  return n >= 1 && n <= 65535;
}

function labelled(bare: string, text: string): Cell {
  const ports: { role: string; port: number }[] = [];
  for (const part of bare.split(/[,;]|\s+\/\s+/)) {
    const m = /^\s*([A-Za-z][^:]*?)\s*:\s*(\d{1,5})\s*$/.exec(part);
    if (!m || !valid(m[2]) || !roleName(m[1])) return { kind: 'unreadable', text };
    ports.push({ role: roleName(m[1]), port: Number(m[2]) });
  }
  return { kind: 'labelled', ports };
}

/** "(shared with Notification, WE)" → [notification, we]; "(shared)" → 'unnamed'. */
function sharedWith(text: string): string[] | 'unnamed' | undefined {
  const m = /\(\s*shared\b([^)]*)\)/i.exec(text);
  if (!m) return undefined;
  const names = m[1]
    .replace(/^\s*with\b/i, '')
    .split(/,|\band\b|&|\//)
    .map(normalizeName)
    .filter(Boolean);
  return names.length > 0 ? names : 'unnamed';
}
