// The shapes the source finders share: what a language's rules say about a literal (its value, what it is
// bound to) and what reading a file yields (references, pending call arguments, declarations).
import type { PortRef, Range } from '../../types';
import type { SyntaxNode } from './syntax';

export type Family = 'go' | 'js' | 'python' | 'java' | 'kotlin' | 'shell';

/** A literal's value and where each of its characters sits in the file. */
export interface Literal {
  kind: 'number' | 'string';
  value: string;
  /** File offset of value index i (strings: the content starts after the opening quote). */
  at(i: number): number;
  /** The value is the file's text as is (no escapes), so text inside it maps back character for character. */
  verbatim: boolean;
}

/** An argument list or array a literal is an element of (`exec.Command("podman", "run", "-p", …)`). */
export interface Sequence {
  items: SyntaxNode[];
  index: number;
  /** When the sequence is itself a call argument: the call's arguments before it (`execa('podman', [...])`). */
  before?: SyntaxNode[];
}

export type Binding =
  | { kind: 'name'; name: string; env?: boolean; map?: SyntaxNode }
  | ({ kind: 'arg'; callee: string } & Sequence)
  | ({ kind: 'element' } & Sequence)
  | { kind: 'mapKey'; value: SyntaxNode }
  | { kind: 'none' };

/** A function, method or constructor a call can be matched against. */
export interface Declaration {
  family: Family;
  name: string;
  params: string[];
  /** Where the declaration is (0-based line), for hovers. */
  line: number;
}

/** A numeric call argument waiting for the workspace's declarations to say which parameter it fills. */
export interface PendingCall {
  family: Family;
  callee: string;
  index: number;
  arity: number;
  port: number;
  range: Range;
}

export interface SourceFacts {
  refs: PortRef[];
  calls: PendingCall[];
  declarations: Declaration[];
}

export interface LanguageRules {
  family: Family;
  /** A tree-sitter query capturing literals as @lit and callable declarations as @decl. */
  query: string;
  literal(node: SyntaxNode): Literal | undefined;
  bind(node: SyntaxNode): Binding;
  declaration(node: SyntaxNode): Omit<Declaration, 'family' | 'line'> | undefined;
  /** The callee's text when node is a call, else undefined. */
  calleeOf(node: SyntaxNode): string | undefined;
  /** Nodes that end the search for an enclosing call (statements, blocks). */
  isStatement(node: SyntaxNode): boolean;
}
