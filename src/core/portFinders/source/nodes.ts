// Small readers over syntax nodes shared by the language rules.
import type { Literal, Sequence } from './facts';
import { isConversion } from './names';
import type { SyntaxNode } from './syntax';

/** Node wrappers are created per access: the same node is the same span and type. */
export function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

export function named(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

export function indexIn(items: SyntaxNode[], node: SyntaxNode): number {
  return items.findIndex((c) => sameNode(c, node));
}

export function numberLiteral(node: SyntaxNode): Literal {
  const start = node.startIndex;
  return { kind: 'number', value: node.text, at: (i) => start + i, verbatim: true };
}

/** A string whose content lies between `open` and `close` delimiter characters. */
export function quoted(node: SyntaxNode, open: number, close = open): Literal {
  const text = node.text;
  const value = text.slice(open, text.length - close);
  const start = node.startIndex + open;
  return { kind: 'string', value, at: (i) => start + i, verbatim: !value.includes('\\') };
}

/** The arguments (or elements) around `node`, which is one of `list`'s items. */
export function sequenceOf(items: SyntaxNode[], node: SyntaxNode, before?: SyntaxNode[]): Sequence | undefined {
  const index = indexIn(items, node);
  return index < 0 ? undefined : { items, index, ...(before ? { before } : {}) };
}

/** When `list` is itself an argument of a call (`execa('podman', [...])`), the arguments before it. */
export function argumentsBefore(list: SyntaxNode, argsType: string): SyntaxNode[] | undefined {
  const args = list.parent;
  if (!args || args.type !== argsType) return undefined;
  const items = named(args);
  const i = indexIn(items, list);
  return i < 0 ? undefined : items.slice(0, i);
}

/** Keeps the dotted text of a callee short and comparable: `foo.bar(x).baz` → `foo.bar().baz`. */
export function calleeText(node: SyntaxNode | null): string {
  return node ? node.text.replace(/\s+/g, '') : '';
}

/**
 * Steps out of wrappers that do not change what a value is bound to: the grammar's parentheses, casts and
 * element wrappers, and one-argument conversions (`uint16(15441)`, `str(15441)`, `Number('15441')`).
 */
export function unwrapValue(
  node: SyntaxNode,
  wrappers: ReadonlySet<string>,
  argsType: string,
  calleeOf: (call: SyntaxNode) => string | undefined,
): SyntaxNode {
  let n = node;
  for (let p = n.parent; p; p = n.parent) {
    if (wrappers.has(p.type)) n = p;
    else if (p.type === argsType && p.namedChildCount === 1 && p.parent && isConversion(calleeOf(p.parent) ?? ''))
      n = p.parent;
    else break;
  }
  return n;
}
