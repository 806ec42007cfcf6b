// Java: fields and locals, assignments, setters (setPort(…)), method and constructor arguments, array
// initialisers, text blocks holding YAML.
import type { Binding, LanguageRules, Literal } from './facts';
import { argumentsBefore, calleeText, named, numberLiteral, quoted, sameNode, sequenceOf, unwrapValue } from './nodes';
import type { SyntaxNode } from './syntax';

export const javaRules: LanguageRules = {
  family: 'java',
  query: `(decimal_integer_literal) @lit (string_literal) @lit (method_declaration) @decl (constructor_declaration) @decl`,
  literal,
  bind,
  declaration(node) {
    const name = node.childForFieldName('name')?.text;
    const params = node.childForFieldName('parameters');
    if (!name || !params) return undefined;
    return {
      name,
      params: named(params).map((p) => p.childForFieldName('name')?.text ?? named(p).pop()?.text ?? '_'),
    };
  },
  calleeOf,
  isStatement: (node) =>
    /(statement|declaration|^block|^program|^class_body|^constructor_body)$/.test(node.type) &&
    node.type !== 'expression_statement',
};

function calleeOf(node: SyntaxNode): string | undefined {
  if (node.type === 'method_invocation') {
    const object = node.childForFieldName('object');
    const name = node.childForFieldName('name')?.text ?? '';
    return object ? `${calleeText(object)}.${name}` : name;
  }
  if (node.type === 'object_creation_expression') return calleeText(node.childForFieldName('type')).replace(/<.*$/, '');
  return undefined;
}

function literal(node: SyntaxNode): Literal | undefined {
  if (node.type === 'decimal_integer_literal') return numberLiteral(node);
  if (node.type !== 'string_literal') return undefined;
  return node.text.startsWith('"""') ? quoted(node, 3) : quoted(node, 1);
}

const WRAPPERS = new Set(['parenthesized_expression', 'cast_expression']);
const unwrap = (node: SyntaxNode) => unwrapValue(node, WRAPPERS, 'argument_list', calleeOf);

function bind(node: SyntaxNode): Binding {
  const n = unwrap(node);
  const p = n.parent;
  if (!p) return { kind: 'none' };
  switch (p.type) {
    case 'variable_declarator':
    case 'element_value_pair': {
      const name = (p.childForFieldName('name') ?? p.childForFieldName('key'))?.text;
      return name ? { kind: 'name', name } : { kind: 'none' };
    }
    case 'assignment_expression': {
      const left = p.childForFieldName('left');
      if (!left || sameNode(left, n)) break;
      const name = left.type === 'field_access' ? left.childForFieldName('field')?.text : left.text;
      return name ? { kind: 'name', name } : { kind: 'none' };
    }
    case 'argument_list': {
      const callee = p.parent ? calleeOf(p.parent) : undefined;
      const seq = sequenceOf(named(p), n);
      return callee !== undefined && seq ? { kind: 'arg', callee, ...seq } : { kind: 'none' };
    }
    case 'array_initializer': {
      const holder = p.parent?.type === 'array_creation_expression' ? p.parent : p;
      const seq = sequenceOf(named(p), n, argumentsBefore(holder, 'argument_list'));
      return seq ? { kind: 'element', ...seq } : { kind: 'none' };
    }
  }
  return { kind: 'none' };
}
