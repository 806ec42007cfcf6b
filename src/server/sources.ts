// Source code in the language server: grammars load lazily (the first time a file of their language is
// analysed, never at activation), one declaration index per workspace root kept current file by file, and
// a notice (once per file) when a huge or minified source file is skipped.
import {
  DeclarationIndex,
  familyOf,
  grammarsFor,
  indexSources,
  sourceSkipReason,
  unresolvedCallees,
  type Family,
  type ReadMemo,
  type SourceContext,
} from '../core/portFinders/source/index';
import { Grammars } from '../host/grammars';
import { indexOutsideDeclarations, type OutsideFiles } from '../host/outsideDeclarations';

export class ServerSources {
  private readonly grammars = new Grammars();
  private readonly indexes = new WeakMap<object, DeclarationIndex>();
  private readonly noticed = new Set<string>();
  private readonly failed = new Set<string>();
  /** Per open document: its last read, chunk by chunk. */
  private readonly memos = new Map<string, ReadMemo>();
  /** Per root: the language families with calls the last scan left unresolved (a new file may answer them). */
  private readonly unresolved = new WeakMap<object, Set<Family>>();
  /** Per root: the last outside lookup (the files' version and the callees looked for); the same one is skipped. */
  private readonly looked = new WeakMap<object, string>();

  constructor(private readonly log: (msg: string) => void) {}

  /** Loads the grammars these files need (each once); a grammar that cannot load is logged once. */
  async prepare(rels: Iterable<string>): Promise<void> {
    const languages = grammarsFor(rels);
    if (languages.size === 0) return;
    await this.grammars.load(languages);
    for (const [language, why] of this.grammars.failures) {
      if (this.failed.has(language)) continue;
      this.failed.add(language);
      this.log(`berth: the ${language} grammar did not load (${why}); its files are read as plain text`);
    }
  }

  /** What checkFile needs for a root's files; `key` (a document URI) enables incremental re-parsing. */
  context(root: object, key?: string): SourceContext {
    if (key === undefined) return { parser: this.grammars, declarations: this.index(root) };
    let memo = this.memos.get(key);
    if (!memo) {
      memo = { chunks: new Map() };
      this.memos.set(key, memo);
    }
    return { parser: this.grammars, declarations: this.index(root), key, memo };
  }

  /**
   * A workspace scan: every source file's declarations first, so calls find functions of later files.
   * `changed`: the index differs from before the scan (open documents should be judged again).
   */
  async scanContext(
    root: { root: string },
    files: { path: string; text: string }[],
    outside: OutsideFiles,
  ): Promise<{ source: SourceContext; changed: boolean }> {
    const source: SourceContext = { ...this.context(root), read: new Map() };
    const before = this.index(root).version;
    indexSources(files, source);
    // Nothing outside changed and the same calls are unresolved: the lookup would index what it did last time.
    const lookup =
      outside.version === undefined ? undefined : `${outside.version} ${calleesKey(unresolvedCallees(source))}`;
    if (lookup === undefined || this.looked.get(root) !== lookup) {
      await indexOutsideDeclarations(
        root.root,
        files.map((f) => f.path),
        source,
        this.grammars,
        outside,
      );
      if (lookup !== undefined) this.looked.set(root, lookup);
    }
    this.unresolved.set(root, new Set(unresolvedCallees(source).keys()));
    return { source, changed: this.index(root).version !== before };
  }

  /** A file (or folder) changed or went away on disk: its declarations leave the index; true when it had some. */
  dropDeclarations(root: object, rel: string): boolean {
    return this.index(root).deleteFile(rel);
  }

  /** True when a source file of this name could declare what the last scan left unresolved. */
  mayResolve(root: object, rel: string): boolean {
    const family = familyOf(rel);
    return family !== undefined && this.unresolved.get(root)?.has(family) === true;
  }

  /** Sizes of what is kept for a root, for the memory report. */
  sizes(root: object): { declarationFiles: number } {
    return { declarationFiles: this.index(root).size };
  }

  /** Logs, once per file, that a huge or minified source file is not read. */
  noticeSkip(rel: string, text: string): void {
    const why = sourceSkipReason(rel, text);
    if (!why || this.noticed.has(rel)) return;
    this.noticed.add(rel);
    this.log(`berth: skipped ${rel}: ${why}`);
  }

  /** A deleted file's skip notice may be given again once it is re-created. */
  forgetPath(rel: string): void {
    this.noticed.delete(rel);
  }

  forget(key: string): void {
    this.grammars.forget(key);
    this.memos.delete(key);
  }

  private index(root: object): DeclarationIndex {
    let index = this.indexes.get(root);
    if (!index) {
      index = new DeclarationIndex();
      this.indexes.set(root, index);
    }
    return index;
  }
}

function calleesKey(callees: Map<Family, Set<string>>): string {
  return JSON.stringify([...callees].map(([family, names]) => [family, [...names].sort()]).sort());
}
