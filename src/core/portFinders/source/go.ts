// Go: constants, variables, struct and map literal keys, assignments, call arguments, []string argument
// lists, raw strings holding YAML, map[int]int port maps.
import type { Binding, LanguageRules, Literal } from './facts';
import {
  argumentsBefore,
  calleeText,
  indexIn,
  named,
  numberLiteral,
  quoted,
  sameNode,
  sequenceOf,
  unwrapValue,
} from './nodes';
import type { SyntaxNode } from './syntax';

export const goRules: LanguageRules = {
  family: 'go',
  query: `(int_literal) @lit (interpreted_string_literal) @lit (raw_string_literal) @lit
(function_declaration) @decl (method_declaration) @decl`,
  literal,
  bind,
  declaration(node) {
    const name = node.childForFieldName('name')?.text;
    const params = node.childForFieldName('parameters');
    if (!name || !params) return undefined;
    const names = named(params).flatMap((p) => p.childrenForFieldName('name').map((n) => n?.text ?? '_'));
    return { name, params: names };
  },
  calleeOf: (node) => (node.type === 'call_expression' ? calleeText(node.childForFieldName('function')) : undefined),
  isStatement: (node) =>
    /(_statement|_declaration|^block|^source_file)$/.test(node.type) && node.type !== 'expression_statement',
};

function literal(node: SyntaxNode): Literal | undefined {
  if (node.type === 'literal_element') {
    const inner = node.namedChild(0);
    return inner ? literal(inner) : undefined;
  }
  if (node.type === 'int_literal') return numberLiteral(node);
  if (node.type === 'interpreted_string_literal') return quoted(node, 1);
  if (node.type === 'raw_string_literal') return { ...quoted(node, 1), verbatim: true };
  return undefined;
}

const WRAPPERS = new Set(['literal_element', 'parenthesized_expression']);
const unwrap = (node: SyntaxNode) => unwrapValue(node, WRAPPERS, 'argument_list', goRules.calleeOf);

function bind(node: SyntaxNode): Binding {
  const n = unwrap(node);
  const p = n.parent;
  if (!p) return { kind: 'none' };
  switch (p.type) {
    case 'expression_list': {
      const i = indexIn(named(p), n);
      const owner = p.parent;
      if (!owner) break;
      if (owner.type === 'const_spec' || owner.type === 'var_spec') {
        const names = owner.childrenForFieldName('name');
        const name = names[i] ?? names[0];
        return name ? { kind: 'name', name: name.text } : { kind: 'none' };
      }
      if (
        (owner.type === 'short_var_declaration' || owner.type === 'assignment_statement') &&
        sameNode(owner.childForFieldName('right'), p)
      ) {
        const left = owner.childForFieldName('left');
        const target = left && named(left)[i];
        const name = target && targetName(target);
        return name ? { kind: 'name', name } : { kind: 'none' };
      }
      if (owner.type === 'return_statement') {
        let f = owner.parent;
        while (f && f.type !== 'function_declaration' && f.type !== 'method_declaration' && f.type !== 'func_literal')
          f = f.parent;
        const name = f?.childForFieldName('name')?.text;
        return name ? { kind: 'name', name } : { kind: 'none' };
      }
      break;
    }
    case 'keyed_element': {
      const key = p.childForFieldName('key') ?? p.namedChild(0);
      const value = p.childForFieldName('value') ?? p.namedChild(1);
      if (sameNode(key, n)) return value ? { kind: 'mapKey', value } : { kind: 'none' };
      const k = key && (key.type === 'literal_element' ? key.namedChild(0) : key);
      if (!k) break;
      const name =
        k.type === 'interpreted_string_literal' || k.type === 'raw_string_literal' ? k.text.slice(1, -1) : k.text;
      const map = p.parent?.parent; // keyed_element → literal_value → composite_literal
      return map?.type === 'composite_literal' ? { kind: 'name', name, map } : { kind: 'name', name };
    }
    case 'literal_value': {
      const items = named(p).map((c) => (c.type === 'literal_element' ? (c.namedChild(0) ?? c) : c));
      const seq = sequenceOf(named(p), n, p.parent ? argumentsBefore(p.parent, 'argument_list') : undefined);
      return seq ? { kind: 'element', ...seq, items } : { kind: 'none' };
    }
    case 'argument_list': {
      const call = p.parent;
      if (call?.type !== 'call_expression') break;
      const seq = sequenceOf(named(p), n);
      return seq ? { kind: 'arg', callee: calleeText(call.childForFieldName('function')), ...seq } : { kind: 'none' };
    }
  }
  return { kind: 'none' };
}

/** `port`, `cfg.Port`, `env["X_PORT"]`: the name an assignment binds. */
function targetName(target: SyntaxNode): string | undefined {
  if (target.type === 'identifier') return target.text;
  if (target.type === 'selector_expression') return target.childForFieldName('field')?.text;
  if (target.type === 'index_expression') {
    const index = target.childForFieldName('index');
    return index?.type === 'interpreted_string_literal' ? index.text.slice(1, -1) : undefined;
  }
  return undefined;
}
