// Compose files. The host side of `ports:` entries — short syntax ("H:C", "IP:H:C", "H1-H2:C1-C2",
// "C" has no host port), long syntax (`published`), `${VAR:-16379}` defaults — becomes
// 'compose-published'; container ports (the right side, `target`) never count. Every other line is
// read as a YAML config (port keys, host-side URLs). Line-based: fast on big files and tolerant of
// half-typed YAML while editing.
import type { PortRef } from '../types';
import { lineRange } from '../text';
import { isValidPort, splitLines } from './text';
import { contentEnd, scanYamlLine } from './yamlJson';

const PORTS_KEY = /^(\s*(?:-\s+)?)(["']?)ports\2\s*:(?:\s+|$)(.*)$/;
const LONG_KEY = /^(["']?)([\w-]+)\1\s*:(?:\s+|$)(.*)$/;
const VAR_DEFAULT = /^\$\{[A-Za-z_]\w*:?-([^}]*)\}$/;
/** A published range "8000-8999" yields at most this many references (they share a span). */
const MAX_RANGE_PORTS = 100;

export function findComposePorts(text: string): PortRef[] {
  const out: PortRef[] = [];
  const lines = splitLines(text);
  let blockIndent = -1; // indentation of the `ports:` key whose block sequence we are in
  let inFlow = false; // inside a multi-line flow sequence `ports: [ ... ]`
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const t = raw.trimStart();
    if (t === '' || t.startsWith('#')) continue;
    const content = raw.slice(0, contentEnd(raw));
    if (inFlow) {
      scanFlow(content, i, 0, out);
      if (content.includes(']')) inFlow = false;
      continue;
    }
    const indent = raw.length - t.length;
    if (blockIndent >= 0) {
      const isItem = t[0] === '-' && (t.length === 1 || t[1] === ' ');
      if (indent > blockIndent || (indent === blockIndent && isItem)) {
        blockLine(content, indent, i, out);
        continue;
      }
      blockIndent = -1;
    }
    const pm = PORTS_KEY.exec(content);
    if (pm) {
      // An anchor or tag before the sequence (`ports: &web-ports`) does not change what follows.
      const value = pm[3].replace(/^(?:[&!]\S*\s*)+/, '');
      const valueCol = content.length - value.length;
      if (value.trim() === '') blockIndent = pm[1].length;
      else if (value.trimStart()[0] === '[') {
        scanFlow(value, i, valueCol, out);
        if (!value.includes(']')) inFlow = true;
      }
      continue;
    }
    scanYamlLine(content, i, out);
  }
  return out;
}

/** One line inside a `ports:` block sequence: a new item, or a key of a long-syntax item. */
function blockLine(content: string, indent: number, line: number, out: PortRef[]): void {
  let body = content.slice(indent);
  let col = indent;
  if (body[0] === '-') {
    const after = body.slice(1).trimStart();
    col += body.length - after.length;
    body = after;
    if (body[0] === '{') return scanFlowMapping(body, line, col, out);
    if (!LONG_KEY.test(body)) return shortSyntax(body, line, col, out);
  }
  const m = LONG_KEY.exec(body);
  if (m && m[2] === 'published') {
    const value = m[3];
    hostPart(unquote(value, col + body.length - value.length), line, out);
  }
}

function unquote(s: string, col: number): { text: string; col: number } {
  const q = s[0];
  if ((q === '"' || q === "'") && s.indexOf(q, 1) > 0) return { text: s.slice(1, s.indexOf(q, 1)), col: col + 1 };
  return { text: s.trimEnd(), col };
}

/** "H:C", "IP:H:C", "[::1]:H:C", "H1-H2:C1-C2", "${V:-H}:C", each optionally "/tcp". */
function shortSyntax(item: string, line: number, col: number, out: PortRef[]): void {
  const u = unquote(item, col);
  const text = u.text.replace(/\/[a-z]+$/i, '');
  // Split on ':' outside ${...} and [...].
  const parts: { text: string; start: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      parts.push({ text: text.slice(start, i), start });
      start = i + 1;
    }
  }
  parts.push({ text: text.slice(start), start });
  if (parts.length === 2 || parts.length === 3) {
    const h = parts[parts.length - 2];
    const host = parts.length === 3 ? parts[0].text.replace(/^\[|\]$/g, '') : undefined;
    hostPart({ text: h.text, col: u.col + h.start }, line, out, host);
  }
}

/** The host side of a mapping: a port, a range, or a variable's default; anything else names no fixed port. */
function hostPart(p: { text: string; col: number }, line: number, out: PortRef[], host?: string): void {
  const v = VAR_DEFAULT.exec(p.text);
  if (v) return hostPart({ text: v[1], col: p.col + p.text.length - 1 - v[1].length }, line, out, host);
  const extra = host ? { host } : {};
  if (/^\d{1,5}$/.test(p.text)) {
    const port = Number(p.text);
    if (isValidPort(port))
      out.push({ port, range: lineRange(line, p.col, p.col + p.text.length), kind: 'compose-published', ...extra });
    return;
  }
  const r = /^(\d{1,5})-(\d{1,5})$/.exec(p.text);
  if (!r) return;
  const from = Number(r[1]);
  const to = Number(r[2]);
  if (!isValidPort(from) || !isValidPort(to) || from > to) return;
  const last = Math.min(to, from + MAX_RANGE_PORTS - 1);
  for (let port = from; port <= last; port++) {
    // The ends point at their own digits; ports between them at the whole range.
    const range =
      port === from
        ? lineRange(line, p.col, p.col + r[1].length)
        : port === to
          ? lineRange(line, p.col + r[1].length + 1, p.col + p.text.length)
          : lineRange(line, p.col, p.col + p.text.length);
    out.push({ port, range, kind: 'compose-published', ...extra });
  }
}

const FLOW_ITEM = /"[^"]*"|'[^']*'|[^\s,[\]{}"'][^,[\]{}]*/g;
const FLOW_MAPPING = /\{[^}]*\}?/g;

/** Items of a flow sequence segment (`[ "8080:80", {target: 80, published: 8080} ]` or a continuation line). */
function scanFlow(segment: string, line: number, col: number, out: PortRef[]): void {
  const blanked = segment.replace(FLOW_MAPPING, (m, offset: number) => {
    scanFlowMapping(m, line, col + offset, out);
    return ' '.repeat(m.length);
  });
  FLOW_ITEM.lastIndex = 0;
  for (let m = FLOW_ITEM.exec(blanked); m; m = FLOW_ITEM.exec(blanked)) shortSyntax(m[0], line, col + m.index, out);
}

/** `{ target: 80, published: 8080, host_ip: 127.0.0.1 }` */
function scanFlowMapping(text: string, line: number, col: number, out: PortRef[]): void {
  const m = /(?:^|[{,\s])["']?published["']?\s*:\s*("[^"]*"|'[^']*'|[^,}\s]+)/.exec(text);
  if (!m) return;
  const hostIp = /host_ip["']?\s*:\s*["']?([^,}\s"']+)/.exec(text)?.[1];
  hostPart(unquote(m[1], col + m.index + m[0].length - m[1].length), line, out, hostIp);
}
