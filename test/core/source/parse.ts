// Test helper: the real grammars (loaded once per test process) and the port references of a snippet.
import { strict as assert } from 'node:assert';
import { LineIndex } from '../../../src/core/text';
import { findPorts } from '../../../src/core/portFinders/index';
import { DeclarationIndex } from '../../../src/core/portFinders/source/index';
import { grammarOf, sourceLanguageOf } from '../../../src/core/portFinders/source/syntax';
import { Grammars } from '../../../src/host/grammars';

export const grammars = new Grammars();

export interface Ref {
  port: number;
  kind: string;
  /** 0-based line; the helper asserts that the range covers exactly the port's digits. */
  line: number;
  name?: string;
  callee?: string;
}

/** References with kind, line (and the name/callee when there is one), in file order. */
export async function refs(path: string, text: string, declarations = new DeclarationIndex()): Promise<Ref[]> {
  const kind = sourceLanguageOf(path);
  if (kind) await grammars.load([grammarOf(kind)]);
  const index = new LineIndex(text);
  return findPorts(path, text, { parser: grammars, declarations })
    .map((r) => {
      const covered = text.slice(index.offsetAt(r.range.start), index.offsetAt(r.range.end));
      assert.equal(covered, String(r.port), `range of ${r.port} on line ${r.range.start.line} covers "${covered}"`);
      return r;
    })
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((r) => ({
      port: r.port,
      kind: r.kind,
      line: r.range.start.line,
      ...(r.name ? { name: r.name } : {}),
      ...(r.callee ? { callee: r.callee } : {}),
    }));
}

/** Just the ports, in file order. */
export async function ports(path: string, text: string, declarations?: DeclarationIndex): Promise<number[]> {
  return (await refs(path, text, declarations)).map((r) => r.port);
}
