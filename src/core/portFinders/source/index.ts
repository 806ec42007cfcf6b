// Source files: parse with the language's grammar (through the injected parser), read the literals that
// are host ports, and match numeric call arguments against the workspace's declarations.
import type { PortRef } from '../../types';
import type { Declaration, Family, LanguageRules, PendingCall, ReadMemo, SourceFacts } from './facts';
import { readTree } from './facts';
import { goRules } from './go';
import { javaRules } from './java';
import { javascriptRules } from './javascript';
import { kotlinRules } from './kotlin';
import { isPortName } from './names';
import { pythonRules } from './python';
import { readShell, shellTextOfMakefile } from './shell';
import { grammarOf, sourceLanguageOf, type SourceLanguage, type SourceParser } from './syntax';
import { deleteAtOrUnder } from '../../folderPaths';

export type { SourceFacts, Declaration, Family, ReadMemo } from './facts';
export { SOURCE_FILE_GLOBS } from './syntax';

const RULES: Record<Exclude<SourceLanguage, 'bash'>, LanguageRules> = {
  go: goRules,
  typescript: javascriptRules,
  tsx: javascriptRules,
  javascript: javascriptRules,
  python: pythonRules,
  java: javaRules,
  kotlin: kotlinRules,
};

/** What the source finders need from their caller: a parser, and the workspace's declarations when known. */
export interface SourceContext {
  parser: SourceParser;
  declarations?: DeclarationIndex;
  /** The document's identity for incremental re-parsing (the server passes the URI). */
  key?: string;
  /** The document's previous read, so an edit re-reads only the chunks it changed. */
  memo?: ReadMemo;
  /** Facts already read this scan (the declaration pass), by path: a file is parsed once per scan. */
  read?: Map<string, { text: string; facts: SourceFacts }>;
}

/** Source files this large or minified are not read (a generated bundle is nobody's port table). */
const MAX_SOURCE_CHARS = 1024 * 1024;
const MAX_LINE_CHARS = 10_000;

/** Why a source file is skipped, or undefined when it is read. */
export function sourceSkipReason(path: string, text: string): string | undefined {
  if (!sourceLanguageOf(path)) return undefined;
  if (text.length > MAX_SOURCE_CHARS) return 'source file larger than 1 MiB';
  let start = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', start)) {
    const end = i === -1 ? text.length : i;
    if (end - start > MAX_LINE_CHARS)
      return `minified (line ${text.slice(0, start).split('\n').length} is longer than ${MAX_LINE_CHARS} characters)`;
    if (i === -1) return undefined;
    start = i + 1;
  }
}

/** The grammars a set of files needs. */
export function grammarsFor(paths: Iterable<string>): Set<SourceLanguage> {
  const out = new Set<SourceLanguage>();
  for (const p of paths) {
    const kind = sourceLanguageOf(p);
    if (kind) out.add(grammarOf(kind));
  }
  return out;
}

/**
 * Reads the source files of a scan once: their declarations go into the index (so a call in one file finds
 * the function declared in another), their facts into `read` for the port pass that follows.
 */
export function indexSources(files: Iterable<{ path: string; text: string }>, ctx: SourceContext): void {
  for (const { path, text } of files) {
    if (!sourceLanguageOf(path) || sourceSkipReason(path, text)) continue;
    const facts = readSource(path, text, ctx.parser);
    if (!facts) continue;
    ctx.declarations?.setFile(path, facts.declarations);
    ctx.read?.set(path, { text, facts });
  }
}

/**
 * Callees of this scan's numeric call arguments that no indexed declaration answers, by name: their
 * declarations may live in files no service claims (a shared test helper package).
 */
export function unresolvedCallees(ctx: SourceContext): Map<Family, Set<string>> {
  const out = new Map<Family, Set<string>>();
  for (const { facts } of ctx.read?.values() ?? []) {
    for (const c of facts.calls) {
      if (ctx.declarations?.lookup(c.family, c.callee, c.arity).length) continue;
      const names = out.get(c.family) ?? new Set<string>();
      names.add(c.callee);
      out.set(c.family, names);
    }
  }
  return out;
}

/** The language family of a file (calls resolve only within one). */
export function familyOf(path: string): Family | undefined {
  const kind = sourceLanguageOf(path);
  return kind === undefined ? undefined : kind === 'makefile' || kind === 'bash' ? 'shell' : RULES[kind].family;
}

/** Indexes the declarations (only) of files outside the scan that mention a callee of their family. */
export function indexDeclarationsOf(
  files: { path: string; text: string }[],
  callees: Map<Family, Set<string>>,
  ctx: SourceContext,
): void {
  const mentions = new Map(
    [...callees].map(([family, names]) => [
      family,
      new RegExp(`\\b(${[...names].map((n) => n.replace(/[$]/g, '\\$')).join('|')})\\b`),
    ]),
  );
  for (const { path, text } of files) {
    const family = familyOf(path);
    const mention = family && mentions.get(family);
    if (!mention || !mention.test(text) || sourceSkipReason(path, text)) continue;
    const facts = readSource(path, text, ctx.parser);
    if (facts) ctx.declarations?.setFile(path, facts.declarations);
  }
}

/** Facts of one source file; undefined when it is not source code or its grammar is not loaded. */
export function readSource(
  path: string,
  text: string,
  parser: SourceParser,
  key?: string,
  memo?: ReadMemo,
): SourceFacts | undefined {
  const kind = sourceLanguageOf(path);
  if (!kind) return undefined;
  const language = grammarOf(kind);
  if (language === 'bash') {
    const shell = kind === 'makefile' ? shellTextOfMakefile(text) : { text, refs: [] };
    const facts = parser.parse(language, shell.text, (tree) => readShell(tree, shell.text), key);
    return facts && { ...facts, refs: [...shell.refs, ...facts.refs] };
  }
  const rules = RULES[language];
  return parser.parse(language, text, (tree) => readTree(rules, tree, text, memo), key);
}

/** The callables of a workspace by name, file by file so one file's edit replaces only its own. */
export class DeclarationIndex {
  private readonly byFile = new Map<string, Declaration[]>();
  private byName: Map<string, (Declaration & { file: string })[]> | undefined;
  /** Bumped whenever a file's declarations change (callers re-judge calls checked against an older index). */
  version = 0;

  setFile(file: string, declarations: Declaration[]): void {
    const before = this.byFile.get(file);
    if (!before && declarations.length === 0) return;
    if (before && JSON.stringify(before) === JSON.stringify(declarations)) return;
    if (declarations.length === 0) this.byFile.delete(file);
    else this.byFile.set(file, declarations);
    this.byName = undefined;
    this.version++;
  }

  /** Drops a file's declarations, or those of every file under a deleted folder; true when any were held. */
  deleteFile(file: string): boolean {
    if (!deleteAtOrUnder(this.byFile, file)) return false;
    this.byName = undefined;
    this.version++;
    return true;
  }

  /** How many files declare something (the server reports its memory with it). */
  get size(): number {
    return this.byFile.size;
  }

  /** Declarations of `name` in the caller's language family that accept `arity` arguments. */
  lookup(family: Family, name: string, arity: number): (Declaration & { file: string })[] {
    if (!this.byName) {
      this.byName = new Map();
      for (const [file, decls] of this.byFile) {
        for (const d of decls) {
          const key = `${d.family}:${d.name}`;
          this.byName.set(key, [...(this.byName.get(key) ?? []), { ...d, file }]);
        }
      }
    }
    // A trailing '...' parameter (Python *args) takes any number of arguments.
    return (this.byName.get(`${family}:${name}`) ?? []).filter(
      (d) => d.params.length >= arity || d.params[d.params.length - 1] === '...',
    );
  }
}

/** Call arguments whose parameter is port-like in the declaration they call (the same arity first). */
export function resolveCalls(calls: PendingCall[], index: DeclarationIndex | undefined): PortRef[] {
  if (!index) return [];
  const out: PortRef[] = [];
  for (const c of calls) {
    const candidates = index.lookup(c.family, c.callee, c.arity);
    const decl = candidates.find((d) => d.params.length === c.arity) ?? candidates[0];
    const param = decl?.params[c.index];
    if (param && isPortName(param))
      out.push({ port: c.port, range: c.range, kind: 'call-arg', name: param, callee: c.callee });
  }
  return out;
}

/** The port references of a source file, or undefined when the file is not source code the parser reads. */
export function findSourcePorts(path: string, text: string, ctx: SourceContext): PortRef[] | undefined {
  if (sourceSkipReason(path, text)) return [];
  const known = ctx.read?.get(path);
  const facts = known && known.text === text ? known.facts : readSource(path, text, ctx.parser, ctx.key, ctx.memo);
  if (!facts) return undefined;
  ctx.declarations?.setFile(path, facts.declarations);
  return [...facts.refs, ...resolveCalls(facts.calls, ctx.declarations)];
}
