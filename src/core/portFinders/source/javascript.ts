// TypeScript, TSX and JavaScript (the three grammars share these node types): const/let, object keys,
// class fields, assignments (process.env.X_PORT = …), default parameters, JSX attributes, call and
// constructor arguments, arrays, template literals holding YAML.
import type { Binding, LanguageRules, Literal } from './facts';
import { argumentsBefore, calleeText, named, numberLiteral, quoted, sameNode, sequenceOf, unwrapValue } from './nodes';
import type { SyntaxNode } from './syntax';

export const javascriptRules: LanguageRules = {
  family: 'js',
  query: `(number) @lit (string) @lit (template_string) @lit
(function_declaration) @decl (method_definition) @decl (variable_declarator value: (arrow_function)) @decl
(variable_declarator value: (function_expression)) @decl`,
  literal,
  bind,
  declaration(node) {
    let name = node.childForFieldName('name')?.text;
    const fn = node.type === 'variable_declarator' ? node.childForFieldName('value') : node;
    const params = fn?.childForFieldName('parameters');
    if (!name || !params) return undefined;
    if (node.type === 'method_definition' && name === 'constructor') {
      const cls = node.parent?.parent; // class_body → class
      name = cls?.childForFieldName('name')?.text;
      if (!name) return undefined;
    }
    return { name, params: named(params).map(paramName) };
  },
  calleeOf(node) {
    if (node.type === 'call_expression') return calleeText(node.childForFieldName('function'));
    if (node.type === 'new_expression') return calleeText(node.childForFieldName('constructor'));
    return undefined;
  },
  isStatement: (node) => /(statement|declaration|^statement_block|^program|^class_body)$/.test(node.type),
};

function paramName(p: SyntaxNode): string {
  const target = p.childForFieldName('pattern') ?? p.childForFieldName('left') ?? p;
  return target.type === 'identifier' ? target.text : '_';
}

function literal(node: SyntaxNode): Literal | undefined {
  if (node.type === 'number') return numberLiteral(node);
  if (node.type === 'string' || node.type === 'template_string') return quoted(node, 1);
  return undefined;
}

const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression']);

const conversionCall = (call: SyntaxNode) =>
  call.type === 'call_expression' ? calleeText(call.childForFieldName('function')) : undefined;
const unwrap = (node: SyntaxNode) => unwrapValue(node, WRAPPERS, 'arguments', conversionCall);

function bind(node: SyntaxNode): Binding {
  const n = unwrap(node);
  const p = n.parent;
  if (!p) return { kind: 'none' };
  switch (p.type) {
    case 'variable_declarator':
    case 'public_field_definition':
    case 'field_definition':
    case 'enum_assignment':
    case 'required_parameter':
    case 'optional_parameter':
    case 'assignment_pattern':
    case 'object_assignment_pattern':
    case 'assignment_expression': {
      const target =
        p.childForFieldName('name') ??
        p.childForFieldName('property') ??
        p.childForFieldName('pattern') ??
        p.childForFieldName('left') ??
        p.namedChild(0);
      if (!target || sameNode(target, n)) break;
      return nameOfTarget(target);
    }
    case 'pair': {
      const key = p.childForFieldName('key');
      if (!key || sameNode(key, n)) break;
      const name = keyName(key);
      if (!name) break;
      // testcontainers: withExposedPorts({ container: 5432, host: 15432 })
      if (
        name === 'host' &&
        p.parent &&
        named(p.parent).some((q) => keyName(q.childForFieldName('key')) === 'container')
      )
        return { kind: 'name', name: 'hostPort' };
      return { kind: 'name', name };
    }
    case 'jsx_expression': {
      const attr = p.parent;
      const name = attr?.type === 'jsx_attribute' ? attr.namedChild(0)?.text : undefined;
      return name ? { kind: 'name', name } : { kind: 'none' };
    }
    case 'arguments': {
      const call = p.parent;
      const fn = call?.childForFieldName('function') ?? call?.childForFieldName('constructor');
      const seq = sequenceOf(named(p), n);
      return fn && seq ? { kind: 'arg', callee: calleeText(fn), ...seq } : { kind: 'none' };
    }
    case 'array': {
      const seq = sequenceOf(named(p), n, argumentsBefore(p, 'arguments'));
      return seq ? { kind: 'element', ...seq } : { kind: 'none' };
    }
  }
  return { kind: 'none' };
}

function keyName(key: SyntaxNode | null): string | undefined {
  if (!key) return undefined;
  if (key.type === 'string') return key.text.slice(1, -1);
  if (key.type === 'computed_property_name') return undefined;
  return key.text;
}

/** `port`, `cfg.port`, `process.env.X_PORT`, `process.env['X_PORT']`. */
function nameOfTarget(target: SyntaxNode): Binding {
  if (target.type === 'member_expression' || target.type === 'subscript_expression') {
    const env = /^process\.env$/.test(calleeText(target.childForFieldName('object')));
    const prop = target.childForFieldName('property') ?? target.childForFieldName('index');
    const name = prop ? (prop.type === 'string' ? prop.text.slice(1, -1) : prop.text) : undefined;
    return name ? { kind: 'name', name, ...(env ? { env } : {}) } : { kind: 'none' };
  }
  if (
    target.type === 'identifier' ||
    target.type === 'property_identifier' ||
    target.type === 'private_property_identifier' ||
    target.type === 'shorthand_property_identifier_pattern'
  )
    return { kind: 'name', name: target.text };
  return { kind: 'none' };
}
