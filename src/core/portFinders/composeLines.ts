// Compose files line by line: the fallback while a file does not parse as YAML (a user typing). The host
// side of `ports:` entries becomes 'compose-published' (compose port specs are read by core/composePorts);
// the values of container-side keys (environment, command, entrypoint, healthcheck) are the container's
// own; every other line is read as a YAML config (port keys, host-side URLs).
import type { PortRef } from '../types';
import { lineRange } from '../text';
import { hostPortRefs, parseShortPort, readPortRange } from '../composePorts';
import { CONTAINER_SIDE_KEYS } from '../composeFile';
import { splitLines } from './text';
import { CONTAINER_SCOPE, contentEnd, scanYamlLine } from './yamlJson';

const PORTS_KEY = /^(\s*(?:-\s+)?)(["']?)ports\2\s*:(?:\s+|$)(.*)$/;
const CONTAINER_KEY = /^(\s*(?:-\s+)?)(["']?)([a-z_]+)\2\s*:(?:\s+|$)(.*)$/;
const LONG_KEY = /^(["']?)([\w-]+)\1\s*:(?:\s+|$)(.*)$/;

export function findComposePortsByLine(text: string): PortRef[] {
  const out: PortRef[] = [];
  const lines = splitLines(text);
  let blockIndent = -1; // indentation of the `ports:` key whose block sequence we are in
  let inFlow = false; // inside a multi-line flow sequence `ports: [ ... ]`
  let containerIndent = -1; // indentation of the container-side key whose block we are in
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
    // Inside the block of a key at `keyIndent`: deeper lines, or sequence items at its own indentation.
    const isItem = t[0] === '-' && (t.length === 1 || t[1] === ' ');
    const within = (keyIndent: number) => keyIndent >= 0 && (indent > keyIndent || (indent === keyIndent && isItem));
    if (within(containerIndent)) {
      scanYamlLine(content, i, out, CONTAINER_SCOPE);
      continue;
    }
    containerIndent = -1;
    if (within(blockIndent)) {
      blockLine(content, indent, i, out);
      continue;
    }
    blockIndent = -1;
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
    const ck = CONTAINER_KEY.exec(content);
    if (ck && CONTAINER_SIDE_KEYS.has(ck[3])) {
      // A value on the lines below: a block, or a block scalar (`command: >`), perhaps anchored.
      if (/^(?:[&!]\S*\s*)*(?:[|>][-+0-9]*)?\s*$/.test(ck[4])) containerIndent = ck[1].length;
      else scanYamlLine(content, i, out, CONTAINER_SCOPE);
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

function shortSyntax(item: string, line: number, col: number, out: PortRef[]): void {
  const u = unquote(item, col);
  const m = parseShortPort(u.text, u.col);
  if (m?.host) out.push(...hostPortRefs(m.host, (s, e) => lineRange(line, s, e), m.hostIp));
}

/** A long-syntax `published` value: a port, a range, or a variable's default. */
function hostPart(p: { text: string; col: number }, line: number, out: PortRef[], hostIp?: string): void {
  const host = readPortRange(p.text, p.col);
  if (host) out.push(...hostPortRefs(host, (s, e) => lineRange(line, s, e), hostIp));
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
