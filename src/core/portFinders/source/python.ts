// Python: module constants, attributes, dict keys, keyword arguments, os.environ["X_PORT"] = …, call
// arguments, lists, triple-quoted strings holding YAML.
import type { Binding, LanguageRules, Literal } from './facts';
import { argumentsBefore, calleeText, indexIn, named, numberLiteral, sameNode, sequenceOf, unwrapValue } from './nodes';
import type { SyntaxNode } from './syntax';

export const pythonRules: LanguageRules = {
  family: 'python',
  query: `(integer) @lit (string) @lit (function_definition) @decl (class_definition) @decl`,
  literal,
  bind,
  declaration(node) {
    const name = node.childForFieldName('name')?.text;
    if (!name) return undefined;
    let fn: SyntaxNode | null = node;
    if (node.type === 'class_definition') {
      const body = node.childForFieldName('body');
      fn = body
        ? (named(body).find(
            (s) => s.type === 'function_definition' && s.childForFieldName('name')?.text === '__init__',
          ) ?? null)
        : null;
      if (!fn) return undefined;
    }
    const params = fn.childForFieldName('parameters');
    if (!params) return undefined;
    const names = named(params)
      .filter((p) => p.type !== 'keyword_separator' && p.type !== 'positional_separator')
      .map((p) => (p.type === 'identifier' ? p.text : ((p.childForFieldName('name') ?? p.namedChild(0))?.text ?? '_')))
      .map((n) => (n.startsWith('*') ? '...' : n)); // *args, **kwargs (also typed: `*extra: str`)
    const method = node.type === 'class_definition' || node.parent?.parent?.type === 'class_definition';
    return { name, params: method && /^(self|cls)$/.test(names[0] ?? '') ? names.slice(1) : names };
  },
  calleeOf: (node) => (node.type === 'call' ? calleeText(node.childForFieldName('function')) : undefined),
  isStatement: (node) =>
    /(statement|definition|^block|^module)$/.test(node.type) && node.type !== 'expression_statement',
};

function literal(node: SyntaxNode): Literal | undefined {
  if (node.type === 'integer') return numberLiteral(node);
  if (node.type !== 'string') return undefined;
  const open = node.namedChild(0);
  const close = node.namedChildren[node.namedChildCount - 1];
  if (open?.type !== 'string_start' || close?.type !== 'string_end') return undefined;
  const text = node.text;
  const from = open.endIndex - node.startIndex;
  const to = close.startIndex - node.startIndex;
  // """\ starts the content on the next line: the escaped newline is not part of the value.
  const skip = /^\\\r?\n/.exec(text.slice(from, to))?.[0].length ?? 0;
  const value = text.slice(from + skip, to);
  const start = node.startIndex + from + skip;
  const raw = /r/i.test(open.text);
  return { kind: 'string', value, at: (i) => start + i, verbatim: raw || !value.includes('\\') };
}

const WRAPPERS = new Set(['parenthesized_expression']);
const unwrap = (node: SyntaxNode) => unwrapValue(node, WRAPPERS, 'argument_list', pythonRules.calleeOf);

function bind(node: SyntaxNode): Binding {
  const n = unwrap(node);
  const p = n.parent;
  if (!p) return { kind: 'none' };
  switch (p.type) {
    case 'assignment': {
      const left = p.childForFieldName('left');
      if (!left || sameNode(left, n)) break;
      return nameOfTarget(left);
    }
    case 'expression_list':
    case 'tuple':
    case 'pattern_list': {
      const owner = p.parent;
      const left = owner?.type === 'assignment' ? owner.childForFieldName('left') : null;
      if (left && !sameNode(left, p) && (left.type === 'pattern_list' || left.type === 'tuple_pattern')) {
        const target = named(left)[indexIn(named(p), n)];
        return target ? nameOfTarget(target) : { kind: 'none' };
      }
      if (p.type === 'tuple') return element(p, n);
      break;
    }
    case 'pair': {
      const key = p.childForFieldName('key');
      if (!key || sameNode(key, n)) break;
      const name = key.type === 'string' ? literal(key)?.value : key.text;
      return name ? { kind: 'name', name, ...(p.parent ? { map: p.parent } : {}) } : { kind: 'none' };
    }
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = p.childForFieldName('name')?.text;
      return name ? { kind: 'name', name } : { kind: 'none' };
    }
    case 'argument_list': {
      const call = p.parent;
      if (call?.type !== 'call') break;
      const positional = named(p).filter((a) => a.type !== 'keyword_argument');
      const seq = sequenceOf(positional, n);
      return seq ? { kind: 'arg', callee: calleeText(call.childForFieldName('function')), ...seq } : { kind: 'none' };
    }
    case 'list':
      return element(p, n);
  }
  return { kind: 'none' };
}

function element(list: SyntaxNode, n: SyntaxNode): Binding {
  const seq = sequenceOf(named(list), n, argumentsBefore(list, 'argument_list'));
  return seq ? { kind: 'element', ...seq } : { kind: 'none' };
}

/** `PORT`, `self.port`, `os.environ["X_PORT"]`, `settings["port"]`. */
function nameOfTarget(target: SyntaxNode): Binding {
  if (target.type === 'identifier') return { kind: 'name', name: target.text };
  if (target.type === 'attribute') {
    const name = target.childForFieldName('attribute')?.text;
    return name ? { kind: 'name', name } : { kind: 'none' };
  }
  if (target.type === 'subscript') {
    const key = target.childForFieldName('subscript');
    const name = key?.type === 'string' ? literal(key)?.value : undefined;
    const env = /environ$/.test(calleeText(target.childForFieldName('value')));
    return name ? { kind: 'name', name, ...(env ? { env } : {}) } : { kind: 'none' };
  }
  return { kind: 'none' };
}
