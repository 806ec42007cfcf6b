// Kotlin (and Gradle .kts scripts): properties and constants, assignments, named arguments
// (`startStub(hostPort = 18632)`, `embeddedServer(Netty, port = 18630)`), call arguments and list
// elements (`ProcessBuilder("docker", "run", "-p", "16621:6379")`), `to` pairs in maps, raw strings.
import type { Binding, LanguageRules, Literal } from './facts';
import { calleeText, named, numberLiteral, quoted, sameNode, sequenceOf, unwrapValue } from './nodes';
import type { SyntaxNode } from './syntax';

export const kotlinRules: LanguageRules = {
  family: 'kotlin',
  query: `(number_literal) @lit (string_literal) @lit (multiline_string_literal) @lit (function_declaration) @decl (class_declaration) @decl`,
  literal,
  bind,
  declaration(node) {
    const name = node.childForFieldName('name')?.text;
    if (!name) return undefined;
    const list =
      node.type === 'function_declaration'
        ? named(node).find((c) => c.type === 'function_value_parameters')
        : named(named(node).find((c) => c.type === 'primary_constructor') ?? node).find(
            (c) => c.type === 'class_parameters',
          );
    if (!list) return undefined;
    return { name, params: named(list).map((p) => named(p).find((c) => c.type === 'identifier')?.text ?? '_') };
  },
  calleeOf,
  isStatement: (node) =>
    /(declaration|^block|^source_file|^class_body|^function_body|^statements|^lambda_literal|^annotated_lambda)$/.test(
      node.type,
    ),
};

function calleeOf(node: SyntaxNode): string | undefined {
  if (node.type !== 'call_expression') return undefined;
  const callee = named(node)[0];
  return callee && callee.type !== 'value_arguments' ? calleeText(callee).replace(/<.*?>/g, '') : undefined;
}

function literal(node: SyntaxNode): Literal | undefined {
  if (node.type === 'number_literal') return numberLiteral(node);
  if (node.type === 'string_literal') return quoted(node, 1);
  if (node.type === 'multiline_string_literal') return rawString(node);
  return undefined;
}

/** A raw string, where `${'$'}` writes a `$` (compose's `${PORT:-15462}` in a YAML block): read as one. */
function rawString(node: SyntaxNode): Literal {
  const lit = quoted(node, 3);
  const raw = lit.value;
  if (!raw.includes(DOLLAR)) return lit;
  const from: number[] = [];
  let value = '';
  for (let i = 0; i < raw.length;) {
    from.push(i);
    const escaped = raw.startsWith(DOLLAR, i);
    value += escaped ? '$' : raw[i];
    i += escaped ? DOLLAR.length : 1;
  }
  // Every character of the value maps to where it is in the file, so embedded YAML maps back exactly.
  return { kind: 'string', value, at: (i) => lit.at(from[i] ?? raw.length), verbatim: lit.verbatim };
}

const DOLLAR = "${'$'}";

const WRAPPERS = new Set(['parenthesized_expression', 'as_expression']);
const unwrap = (node: SyntaxNode) => unwrapValue(node, WRAPPERS, 'value_argument', calleeOf);

/** The expression a value argument holds (after its `name =` label when it has one). */
const argumentValue = (arg: SyntaxNode) => named(arg).pop() ?? arg;

function bind(node: SyntaxNode): Binding {
  // An object or class as the holder of its members (`object Ports { const val GATEWAY_HTTP = 18630 }`).
  if (node.type === 'object_declaration' || node.type === 'class_declaration') {
    const name = node.childForFieldName('name')?.text;
    return name ? { kind: 'name', name } : { kind: 'none' };
  }
  const n = unwrap(node);
  const p = n.parent;
  if (!p) return { kind: 'none' };
  // `System.getenv("X")?.toInt() ?: 16620`: the default is bound to what the elvis expression is.
  if (
    p.type === 'binary_expression' &&
    sameNode(p.childForFieldName('right'), n) &&
    p.childForFieldName('operator')?.text === '?:'
  )
    return bind(p);
  switch (p.type) {
    case 'property_declaration': {
      const name = named(p)
        .find((c) => c.type === 'variable_declaration')
        ?.namedChild(0)?.text;
      const holder = p.parent?.type === 'class_body' ? p.parent.parent : null;
      return name ? { kind: 'name', name, ...(holder ? { map: holder } : {}) } : { kind: 'none' };
    }
    case 'class_parameter': {
      // data class GatewayConfig(val httpPort: Int = 18630)
      const name = named(p).find((c) => c.type === 'identifier')?.text;
      return name ? { kind: 'name', name } : { kind: 'none' };
    }
    case 'function_value_parameters': {
      // fun startStub(hostPort: Int = 18632): the default follows its parameter.
      const items = named(p);
      const param = items[items.findIndex((c) => sameNode(c, n)) - 1];
      const name = param?.type === 'parameter' ? named(param).find((c) => c.type === 'identifier')?.text : undefined;
      return name ? { kind: 'name', name } : { kind: 'none' };
    }
    case 'assignment': {
      const left = p.childForFieldName('left');
      if (!left || sameNode(left, n)) break;
      const name = left.type === 'navigation_expression' ? named(left).pop()?.text : left.text;
      return name ? { kind: 'name', name } : { kind: 'none' };
    }
    case 'value_argument': {
      const parts = named(p);
      if (parts.length === 2 && parts[0].type === 'identifier' && sameNode(parts[1], n))
        return { kind: 'name', name: parts[0].text };
      const args = p.parent;
      const callee = args?.parent ? calleeOf(args.parent) : undefined;
      const seq = args ? sequenceOf(named(args).map(argumentValue), n) : undefined;
      return callee !== undefined && seq ? { kind: 'arg', callee, ...seq } : { kind: 'none' };
    }
    case 'infix_expression': {
      // mapOf("ledger.port" to 18610, "5432/tcp" to 15432, 18130 to 8080): the key names the value.
      const [left, op, right] = named(p);
      if (op?.text !== 'to' || !left || !right) break;
      if (sameNode(right, n)) {
        const key = literal(left);
        return key?.kind === 'string' ? { kind: 'name', name: key.value } : { kind: 'none' };
      }
      return { kind: 'mapKey', value: right };
    }
  }
  return { kind: 'none' };
}
