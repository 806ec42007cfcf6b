// The slice of a concrete syntax tree the source finders read. Structurally a subset of web-tree-sitter's
// Node, so the host's parser hands its trees over as they are; the core never loads a grammar itself.

export type SourceLanguage = 'go' | 'typescript' | 'tsx' | 'javascript' | 'python' | 'java' | 'kotlin' | 'bash';

export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  /** UTF-16 offsets into the parsed text (web-tree-sitter parses JS strings as UTF-16). */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly parent: SyntaxNode | null;
  readonly namedChildren: (SyntaxNode | null)[];
  readonly namedChildCount: number;
  namedChild(index: number): SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  childrenForFieldName(name: string): (SyntaxNode | null)[];
}

export interface QueryHit {
  name: string;
  node: SyntaxNode;
}

export interface ParsedSource {
  readonly root: SyntaxNode;
  /** Captures of a tree-sitter query (compiled once per language by the parser), within `node` if given. */
  captures(query: string, node?: SyntaxNode): QueryHit[];
}

/**
 * Parses source text. Implemented in src/host (loading a grammar is I/O); parsing itself is pure.
 * `parse` answers undefined when the language's grammar is not loaded: the caller loads it first.
 */
export interface SourceParser {
  /** `key` names the document for incremental re-parsing of its next version (the editor's URI). */
  parse<T>(language: SourceLanguage, text: string, use: (tree: ParsedSource) => T, key?: string): T | undefined;
}

/** Source files by extension (lower-cased); Makefiles also by name. */
const BY_EXTENSION: Record<string, SourceLanguage | 'makefile'> = {
  go: 'go',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  py: 'python',
  pyi: 'python',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  sh: 'bash',
  bash: 'bash',
  zsh: 'bash',
  ksh: 'bash',
  mk: 'makefile',
  make: 'makefile',
};
const MAKEFILE_NAMES = ['makefile', 'gnumakefile'];

/** The grammar a file is read with, from its name; undefined for files that are not source code. */
export function sourceLanguageOf(path: string): SourceLanguage | 'makefile' | undefined {
  const name = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  if (MAKEFILE_NAMES.includes(name)) return 'makefile';
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  return Object.hasOwn(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : undefined;
}

/** Globs of the files sourceLanguageOf reads, for a file watcher (in their usual case: watchers match case). */
export const SOURCE_FILE_GLOBS = [
  `**/*.{${Object.keys(BY_EXTENSION).join(',')}}`,
  '**/{Makefile,makefile,GNUmakefile}',
];

/** The grammar that parses a file of that kind (Makefile recipes are shell). */
export function grammarOf(kind: SourceLanguage | 'makefile'): SourceLanguage {
  return kind === 'makefile' ? 'bash' : kind;
}
