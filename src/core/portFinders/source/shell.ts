// Shell scripts and Makefile recipes (the bash grammar): `docker|podman run -p 15441:5432` (with line
// continuations), `--publish=…`, `--port 18131`, `PORT=15441`, `export REDIS_PORT=…`, `${PORT:-15441}`
// defaults, URLs in arguments, YAML in heredocs. echo/printf arguments are messages; arguments after
// `docker|podman exec` run inside the container.
import type { PortRef, PortRefKind } from '../../types';
import { LineIndex } from '../../text';
import { isValidPort, scanHostPorts } from '../text';
import { embeddedPorts } from './embedded';
import { ENGINE_COMMAND, hostSide } from './context';
import type { Literal, SourceFacts } from './facts';
import { isAddressName, isPortName } from './names';
import { named } from './nodes';
import type { ParsedSource, SyntaxNode } from './syntax';

const QUERY = '(command) @cmd (variable_assignment) @assign (heredoc_body) @heredoc';

export function readShell(tree: ParsedSource, text: string): SourceFacts {
  const lines = new LineIndex(text);
  const refs: PortRef[] = [];
  const push = (
    lit: Literal,
    kind: PortRefKind,
    port: number,
    from: number,
    to: number,
    extra: Partial<PortRef> = {},
  ) => refs.push({ port, kind, range: lines.rangeOf(lit.at(from), lit.at(to - 1) + 1), ...extra });
  for (const hit of tree.captures(QUERY)) {
    if (hit.name === 'cmd') readCommand(hit.node, push);
    else if (hit.name === 'assign') readAssignment(hit.node, push);
    else if (hit.name === 'heredoc') {
      const lit: Literal = { kind: 'string', value: hit.node.text, at: (i) => hit.node.startIndex + i, verbatim: true };
      for (const r of embeddedPorts(lit.value) ?? [])
        push(lit, r.kind, r.port, r.from, r.to, r.host ? { host: r.host } : {});
    }
  }
  return { refs, calls: [], declarations: [] };
}

type Push = (lit: Literal, kind: PortRefKind, port: number, from: number, to: number, extra?: Partial<PortRef>) => void;

function readAssignment(node: SyntaxNode, push: Push): void {
  const name = node.childForFieldName('name')?.text ?? '';
  const valueNode = node.childForFieldName('value');
  const lit = valueNode && word(valueNode);
  if (!lit) return;
  const exported = node.parent?.type === 'declaration_command' || node.parent?.type === 'command';
  if (/^\d{1,5}$/.test(lit.value) && isPortName(name)) {
    if (isValidPort(Number(lit.value)))
      push(lit, exported ? 'env-set' : 'source-key', Number(lit.value), 0, lit.value.length, { name });
    return;
  }
  const listen = isAddressName(name) ? /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0)?:(\d{1,5})$/.exec(lit.value) : null;
  if (listen && isValidPort(Number(listen[1]))) {
    push(lit, 'listen', Number(listen[1]), lit.value.length - listen[1].length, lit.value.length, { name });
    return;
  }
  hostPorts(lit, push);
}

function readCommand(node: SyntaxNode, push: Push): void {
  const nameNode = node.childForFieldName('name');
  const args = node.childrenForFieldName('argument').filter((a): a is SyntaxNode => a !== null);
  const command = nameNode ? (word(nameNode.namedChild(0) ?? nameNode)?.value ?? nameNode.text) : '';
  if (/^(echo|printf|log|info|warn|error|die)$/.test(command.replace(/^.*\//, ''))) return;
  const words = [command, ...args.map((a) => word(a)?.value ?? '')];
  const exec = words.indexOf('exec');
  const engine = words.findIndex((w) => ENGINE_COMMAND.test(w));
  const forward = words.indexOf('port-forward');
  const lsof = /(^|\/)lsof$/.test(command);
  const insideFrom = engine >= 0 && exec > engine ? exec : words.length;
  for (let i = 0; i < args.length && i + 1 < insideFrom; i++) {
    const lit = word(args[i]);
    if (!lit || !/\d/.test(lit.value)) continue;
    const prev = words[i];
    // lsof -ti:18097, lsof -i :18097, lsof -iTCP:18097: the host port whose holder a cleanup looks for
    const held = lsof ? /^(?:-\w*i(?:tcp|udp)?)?:(\d{1,5})$/i.exec(lit.value) : null;
    if (held && (lit.value.startsWith('-') || prev === '-i') && isValidPort(Number(held[1]))) {
      push(lit, 'hostport', Number(held[1]), lit.value.length - held[1].length, lit.value.length);
      continue;
    }
    const flag = /^(-p=?|--publish=)(?=\S)/.exec(lit.value);
    if (prev === '-p' || prev === '--publish' || flag || (forward >= 0 && forward <= i)) {
      const offset = flag && prev !== '-p' && prev !== '--publish' ? flag[0].length : 0;
      const host = hostSide(lit.value.slice(offset));
      if (host)
        push(
          lit,
          'publish',
          host.port,
          offset + host.start,
          offset + host.start + String(host.port).length,
          host.host ? { host: host.host } : {},
        );
      continue;
    }
    const option = /^--?([\w-]+)=(\d{1,5})$/.exec(lit.value);
    if (option && isPortName(option[1]) && isValidPort(Number(option[2]))) {
      push(lit, 'source-key', Number(option[2]), lit.value.length - option[2].length, lit.value.length, {
        name: option[1],
      });
      continue;
    }
    // `: "${WORKER_PORT:=18230}"`: a default assigned to a port-named variable
    const assigned = /^"?\$\{(\w+):?[-=](\d{1,5})\}"?$/.exec(args[i].text);
    if (assigned && isPortName(assigned[1]) && isValidPort(Number(assigned[2]))) {
      push(lit, 'source-key', Number(assigned[2]), 0, lit.value.length, { name: assigned[1] });
      continue;
    }
    const flagName = /^--?([\w-]+)$/.exec(prev)?.[1];
    if (flagName && isPortName(flagName) && /^\d{1,5}$/.test(lit.value) && isValidPort(Number(lit.value))) {
      push(lit, 'source-key', Number(lit.value), 0, lit.value.length, { name: flagName });
      continue;
    }
    hostPorts(lit, push);
  }
}

function hostPorts(lit: Literal, push: Push): void {
  const found: PortRef[] = [];
  scanHostPorts(lit.value, 0, 0, found);
  for (const r of found)
    push(lit, r.kind, r.port, r.range.start.character, r.range.end.character, r.host ? { host: r.host } : {});
}

/**
 * A shell word's value with each character's offset: quotes removed, `${VAR:-15441}` read as its default
 * (the port a script falls back to), other expansions kept as their text.
 */
function word(node: SyntaxNode): Literal | undefined {
  const pieces: { value: string; start: number }[] = [];
  if (!collect(node, pieces)) return undefined;
  const value = pieces.map((p) => p.value).join('');
  const starts: number[] = [];
  for (const p of pieces) for (let i = 0; i < p.value.length; i++) starts.push(p.start + i);
  return {
    kind: 'string',
    value,
    at: (i) => starts[Math.min(i, starts.length - 1)] ?? node.startIndex,
    verbatim: false,
  };
}

function collect(node: SyntaxNode, out: { value: string; start: number }[]): boolean {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'string_content':
      out.push({ value: node.text, start: node.startIndex });
      return true;
    case 'raw_string':
      out.push({ value: node.text.slice(1, -1), start: node.startIndex + 1 });
      return true;
    case 'string':
    case 'concatenation': {
      const kids = named(node);
      if (node.type === 'string' && kids.length === 0) return true;
      return kids.every((k) => collect(k, out));
    }
    case 'expansion': {
      const m = /^\$\{\w+:?[-=](\d{1,5})\}$/.exec(node.text);
      if (m) out.push({ value: m[1], start: node.endIndex - 1 - m[1].length });
      else out.push({ value: node.text, start: node.startIndex });
      return true;
    }
    default:
      out.push({ value: node.text, start: node.startIndex });
      return true;
  }
}

const MAKE_ASSIGN = /^(\s*(?:export\s+|override\s+)?)([A-Za-z_][\w.-]*)(\s*(?:\?|::?|\+|!)?=\s*)(.*)$/;

/**
 * A Makefile as the shell sees its recipes: recipe lines (tab-indented) keep their columns, with the `@`/`-`
 * prefixes and `$$` escapes blanked; every other line is emptied. Variable assignments (`PORT ?= 15441`)
 * are read here directly, since they are make syntax, not shell.
 */
export function shellTextOfMakefile(text: string): { text: string; refs: PortRef[] } {
  const refs: PortRef[] = [];
  let recipe = false;
  const lines = text.split('\n').map((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const continued = recipe;
    recipe = false;
    if (line.startsWith('\t') || continued) {
      recipe = line.endsWith('\\');
      return line.replace(/^(\t[ \t]*)([@+-]*)/, (m: string) => ' '.repeat(m.length)).replace(/\$\$/g, ' $');
    }
    const m = MAKE_ASSIGN.exec(line.replace(/\s#.*$/, ''));
    if (m) {
      const value = m[4].trimEnd();
      const col = m[1].length + m[2].length + m[3].length;
      if (/^\d{1,5}$/.test(value) && isPortName(m[2]) && isValidPort(Number(value))) {
        refs.push({
          port: Number(value),
          kind: 'source-key',
          name: m[2],
          range: { start: { line: i, character: col }, end: { line: i, character: col + value.length } },
        });
      } else {
        const found: PortRef[] = [];
        scanHostPorts(value, i, col, found);
        refs.push(...found);
      }
    }
    return '';
  });
  return { text: lines.join('\n'), refs };
}
