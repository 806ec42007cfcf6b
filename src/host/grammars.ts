// The tree-sitter grammars (WASM, from @vscode/tree-sitter-wasm; Kotlin's from the tree-sitter-grammars
// project's package, which VS Code's set lacks) behind the core's SourceParser. Loading the
// runtime and a grammar is I/O and happens once, only for languages a checked file is written in; parsing
// is then synchronous. The server passes a document key so the next version re-parses incrementally.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Language, Node, Parser, Query, Tree } from '@vscode/tree-sitter-wasm';
import grammarFiles from './grammarFiles.json';
import type { ParsedSource, SourceLanguage, SourceParser, SyntaxNode } from '../core/portFinders/source/syntax';

type Runtime = typeof import('@vscode/tree-sitter-wasm');

/** Documents whose last tree is kept for incremental re-parsing (each costs WASM memory). */
const KEPT_TREES = 16;

/** The .wasm files the bundles carry in dist/grammars (esbuild.mjs copies them from this list). */
export const GRAMMAR_FILES: readonly string[] = grammarFiles.files;

/** Where the .wasm files are: beside the bundle (dist/grammars), or in the package when run from source. */
export function grammarDir(): string {
  const bundled = path.join(__dirname, 'grammars');
  if (existsSync(path.join(bundled, 'tree-sitter.wasm'))) return bundled;
  return packageDirOf('tree-sitter.wasm');
}

/** The folder of the installed package that ships a .wasm file (grammarFiles.json `from`, else VS Code's). */
export function packageDirOf(file: string): string {
  const from: Record<string, string> = grammarFiles.from;
  // createRequire: a plain require.resolve would make esbuild try to resolve the package at bundle time.
  return path.dirname(createRequire(__filename).resolve(from[file] ?? '@vscode/tree-sitter-wasm'));
}

export class Grammars implements SourceParser {
  private runtime: Promise<Runtime> | undefined;
  private ts: Runtime | undefined;
  private parser: Parser | undefined;
  private readonly languages = new Map<SourceLanguage, Language>();
  private readonly loading = new Map<SourceLanguage, Promise<void>>();
  private readonly queries = new Map<string, Query>();
  private readonly trees = new Map<string, { language: SourceLanguage; text: string; tree: Tree }>();
  /** Why a grammar could not be loaded, per language (its files are then read as plain text). */
  readonly failures = new Map<SourceLanguage, string>();

  private dir: string | undefined;

  constructor(dir?: string) {
    this.dir = dir;
  }

  /** Loads the grammars of these languages (once each); a grammar that fails to load is recorded, not thrown. */
  async load(languages: Iterable<SourceLanguage>): Promise<void> {
    await Promise.all([...new Set(languages)].map((l) => this.loadOne(l)));
  }

  isLoaded(language: SourceLanguage): boolean {
    return this.languages.has(language);
  }

  private loadOne(language: SourceLanguage): Promise<void> {
    let p = this.loading.get(language);
    if (!p) {
      p = (async () => {
        try {
          const ts = await this.init();
          const file = `tree-sitter-${language}.wasm`;
          const dir = existsSync(path.join(this.dir!, file)) ? this.dir! : packageDirOf(file);
          this.languages.set(language, await ts.Language.load(path.join(dir, file)));
        } catch (e) {
          this.failures.set(language, e instanceof Error ? e.message : String(e));
        }
      })();
      this.loading.set(language, p);
    }
    return p;
  }

  private init(): Promise<Runtime> {
    this.runtime ??= (async () => {
      this.dir ??= grammarDir();
      const mod: Runtime & { default?: Runtime } = await import('@vscode/tree-sitter-wasm');
      const ts = mod.default ?? mod; // a UMD module: its exports arrive as the default under ESM interop
      await ts.Parser.init({ locateFile: (file: string) => path.join(this.dir!, file) });
      this.parser = new ts.Parser();
      this.ts = ts;
      return ts;
    })();
    return this.runtime;
  }

  parse<T>(language: SourceLanguage, text: string, use: (tree: ParsedSource) => T, key?: string): T | undefined {
    const lang = this.languages.get(language);
    const parser = this.parser;
    if (!lang || !parser) return undefined;
    parser.setLanguage(lang);
    const kept = key === undefined ? undefined : this.trees.get(key);
    const old = kept && kept.language === language ? editedTree(kept.tree, kept.text, text) : undefined;
    const tree = parser.parse(text, old);
    if (kept) {
      kept.tree.delete();
      this.trees.delete(key!);
    }
    if (!tree) return undefined;
    try {
      const root = tree.rootNode;
      return use({
        root,
        captures: (source, within) => {
          const scope = (within as Node | undefined) ?? root;
          return this.query(language, lang, source)
            .captures(scope)
            .map((c) => ({ name: c.name, node: linked(root, scope, c.node) }));
        },
      });
    } finally {
      if (key === undefined) tree.delete();
      else this.keep(key, { language, text, tree });
    }
  }

  /** Drops a closed document's tree. */
  forget(key: string): void {
    this.trees.get(key)?.tree.delete();
    this.trees.delete(key);
  }

  private keep(key: string, entry: { language: SourceLanguage; text: string; tree: Tree }): void {
    this.trees.set(key, entry);
    if (this.trees.size > KEPT_TREES) {
      const oldest = this.trees.keys().next().value as string;
      this.forget(oldest);
    }
  }

  private query(language: SourceLanguage, lang: Language, source: string): Query {
    const id = `${language}\0${source}`;
    let q = this.queries.get(id);
    if (!q) {
      q = new this.ts!.Query(lang, source); // ts is set: a language loaded, so init() resolved
      this.queries.set(id, q);
    }
    return q;
  }
}

/** The old tree told what changed (one span: common prefix and suffix), so tree-sitter re-parses only that. */
function editedTree(tree: Tree, before: string, after: string): Tree | undefined {
  if (before === after) return tree;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  tree.edit({
    startIndex: start,
    oldEndIndex: endBefore,
    newEndIndex: endAfter,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, endBefore),
    newEndPosition: pointAt(after, endAfter),
  });
  return tree;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * A captured node with its ancestors known. tree-sitter finds a node's parent by descending from the root
 * (linear in the siblings at each level): climbing from each literal of a 2,000-line file that way costs
 * more than parsing it. One descent from the chunk links the whole chain instead.
 */
function linked(root: Node, scope: Node, node: Node): SyntaxNode {
  return new LinkedNode(node, () => {
    // Only literals that are judged ask for their parent: link the chain then.
    let parent: SyntaxNode | null = scope.id === root.id ? null : new LinkedNode(root, null);
    let cur: Node | null = scope;
    while (cur && cur.id !== node.id) {
      parent = new LinkedNode(cur, parent);
      cur = cur.childWithDescendant(node);
    }
    return parent;
  });
}

class LinkedNode implements SyntaxNode {
  private up: SyntaxNode | null | (() => SyntaxNode | null);

  constructor(
    private readonly node: Node,
    parent: SyntaxNode | null | (() => SyntaxNode | null),
  ) {
    this.up = parent;
  }
  get parent(): SyntaxNode | null {
    if (typeof this.up === 'function') this.up = this.up();
    return this.up;
  }
  get type(): string {
    return this.node.type;
  }
  get text(): string {
    return this.node.text;
  }
  get startIndex(): number {
    return this.node.startIndex;
  }
  get endIndex(): number {
    return this.node.endIndex;
  }
  get namedChildren(): (SyntaxNode | null)[] {
    return this.node.namedChildren;
  }
  get namedChildCount(): number {
    return this.node.namedChildCount;
  }
  namedChild(index: number): SyntaxNode | null {
    return this.node.namedChild(index);
  }
  childForFieldName(name: string): SyntaxNode | null {
    return this.node.childForFieldName(name);
  }
  childrenForFieldName(name: string): (SyntaxNode | null)[] {
    return this.node.childrenForFieldName(name);
  }
}
