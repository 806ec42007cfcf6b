// The expected files themselves: each entry points at a line that holds its port, in a file a service
// claims; nothing is both a reference and a near miss; the corpus keeps the size the issue asks for.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { serviceForFile } from '../../src/core/ownership';
import { readExpected, workspaceRoot, WORKSPACES } from './collect';
import { keyOf, languageGroup, type LanguageGroup, type PortAt } from './score';

function lineHolds(root: string, p: PortAt): boolean {
  const line = readFileSync(join(root, p.file), 'utf8').split('\n')[p.line - 1] ?? '';
  // 16_401-style numeric separators are written as they are in the source; "18110-18112:…" holds 18111.
  if (line.includes(String(p.port)) || line.includes(String(p.port).replace(/(\d{3})$/, '_$1'))) return true;
  return [...line.matchAll(/(\d{1,5})-(\d{1,5})/g)].some((m) => Number(m[1]) <= p.port && p.port <= Number(m[2]));
}

describe('corpus expected files', () => {
  for (const ws of WORKSPACES) {
    it(`${ws}: every entry is on a line holding its port; references are in claimed files`, () => {
      const root = workspaceRoot(ws);
      const expected = readExpected(ws);
      const config = parseBerthYaml(readFileSync(join(root, 'berth.yaml'), 'utf8')).config;
      assert.ok(config, `${ws}/berth.yaml parses`);
      const bad = [...expected.references, ...expected.nearMisses].filter((p) => !lineHolds(root, p)).map(keyOf);
      assert.deepEqual(bad, []);
      const unclaimed = expected.references.filter((r) => !serviceForFile(config, r.file)).map(keyOf);
      assert.deepEqual(unclaimed, []);
      const refs = new Set(expected.references.map(keyOf));
      assert.deepEqual(
        expected.nearMisses.filter((n) => refs.has(keyOf(n))).map(keyOf),
        [],
        'no place is both a reference and a near miss',
      );
    });
  }

  it('holds at least 150 references, 40 per language group (Java 10)', () => {
    const all = WORKSPACES.flatMap((ws) => readExpected(ws).references);
    const per = new Map<LanguageGroup, number>();
    for (const r of all) per.set(languageGroup(r.file), (per.get(languageGroup(r.file)) ?? 0) + 1);
    assert.ok(all.length >= 150, `${all.length} references`);
    for (const g of ['go', 'ts-js', 'python', 'shell', 'yaml-compose-env'] as const)
      assert.ok((per.get(g) ?? 0) >= 40, `${g}: ${per.get(g) ?? 0}`);
    assert.ok((per.get('java') ?? 0) >= 10, `java: ${per.get('java') ?? 0}`);
    const planted = all.filter((r) => r.diagnostic !== null).length;
    assert.ok(planted >= 6, `${planted} planted diagnostics`);
  });
});
