// The exact findings of berth check's pipeline on each corpus workspace: the host-port references and the
// port diagnostics are what the expected file says, except the known misses and known false positives it
// lists (each with a reason). Fixing one of those fails this test until the list is updated, on purpose.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collect, readExpected, workspaceRoot, WORKSPACES } from './collect';
import { keyOf, type ExpectedFile, type PortAt } from './score';

function without<T extends PortAt>(items: T[], remove: PortAt[]): T[] {
  const left = [...items];
  for (const r of remove) {
    const i = left.findIndex((x) => keyOf(x) === keyOf(r));
    assert.ok(i >= 0, `known deviation ${keyOf(r)} is not among the expected references`);
    left.splice(i, 1);
  }
  return left;
}

const sorted = (keys: string[]) => [...keys].sort();

/** What the finders should report today: the expected references, minus known misses, plus known false positives. */
function expectedNow(expected: ExpectedFile): { references: string[]; diagnostics: string[] } {
  const found = without(expected.references, expected.knownMisses ?? []);
  const extra = expected.knownFalsePositives ?? [];
  const refKeys = new Set(expected.references.map(keyOf));
  for (const f of extra) assert.ok(!refKeys.has(keyOf(f)), `known false positive ${keyOf(f)} is an expected reference`);
  return {
    references: sorted([...found, ...extra].map(keyOf)),
    diagnostics: sorted([
      ...found.filter((r) => r.diagnostic !== null).map((r) => `${keyOf(r)} ${r.diagnostic}`),
      ...extra.filter((f) => f.diagnostic).map((f) => `${keyOf(f)} ${f.diagnostic}`),
    ]),
  };
}

describe('corpus: exact findings of berth check', () => {
  for (const ws of WORKSPACES) {
    it(ws, async () => {
      const expected = readExpected(ws);
      const actual = await collect(workspaceRoot(ws));
      const want = expectedNow(expected);
      assert.deepEqual(sorted(actual.references.map(keyOf)), want.references, `${ws}: host-port references`);
      assert.deepEqual(
        sorted(actual.diagnostics.map((d) => `${keyOf(d)} ${d.code}`)),
        want.diagnostics,
        `${ws}: port diagnostics`,
      );
      // berth.yaml and the stacks are clean: nothing but port diagnostics is reported.
      const others = actual.findings.filter(
        (f) => f.code !== 'port-owned-by-other-service' && f.code !== 'port-not-allocated',
      );
      assert.deepEqual(
        others.map((f) => `${f.file}:${f.line} ${f.code} ${f.message}`),
        [],
      );
      assert.equal(actual.exitCode, want.diagnostics.some((d) => d.endsWith('port-owned-by-other-service')) ? 1 : 0);
    });
  }
});
