// The corpus scorer on small hand-made inputs: multiset matching, per-group counts, near-miss labels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { languageGroup, score, sumCounts, type ExpectedFile } from './score';

const expected: ExpectedFile = {
  references: [
    { file: 'a/suite_test.go', line: 3, port: 15441, diagnostic: null },
    { file: 'a/suite_test.go', line: 4, port: 16387, diagnostic: 'port-owned-by-other-service' },
    { file: 'a/setup.sh', line: 9, port: 18100, diagnostic: 'port-not-allocated' },
    { file: 'a/setup.sh', line: 9, port: 18100, diagnostic: 'port-not-allocated' },
  ],
  nearMisses: [{ file: 'a/podman-compose.yml', line: 12, port: 8080, why: 'healthcheck' }],
};

describe('corpus scorer', () => {
  it('counts true positives, misses and false positives by (file, line, port), as a multiset', () => {
    const s = score(expected, {
      references: [
        { file: 'a/suite_test.go', line: 3, port: 15441 },
        { file: 'a/setup.sh', line: 9, port: 18100 },
        { file: 'a/podman-compose.yml', line: 12, port: 8080 },
        { file: 'a/suite_test.go', line: 3, port: 15441 },
      ],
      diagnostics: [
        { file: 'a/setup.sh', line: 9, port: 18100, code: 'port-not-allocated' },
        { file: 'a/suite_test.go', line: 4, port: 16387, code: 'port-not-allocated' },
      ],
    });
    assert.deepEqual({ ...s.references }, { expected: 4, found: 4, truePositives: 2, precision: 0.5, recall: 0.5 });
    assert.deepEqual(
      s.missed.map((m) => `${m.file}:${m.line}:${m.port}`),
      ['a/suite_test.go:4:16387', 'a/setup.sh:9:18100'],
    );
    assert.deepEqual(s.falsePositives, [
      { file: 'a/suite_test.go', line: 3, port: 15441 },
      { file: 'a/podman-compose.yml', line: 12, port: 8080, nearMiss: 'healthcheck' },
    ]);
    // Diagnostics match on the code too: 16387 was reported, but as the wrong rule.
    assert.deepEqual({ ...s.diagnostics }, { expected: 3, found: 2, truePositives: 1, precision: 0.5, recall: 1 / 3 });
    assert.deepEqual(
      s.missedDiagnostics.map((m) => [m.port, m.diagnostic, m.reported]),
      [
        [16387, 'port-owned-by-other-service', 'port-not-allocated'],
        [18100, 'port-not-allocated', 'port-not-allocated'],
      ],
    );
    assert.deepEqual(
      s.extraDiagnostics.map((d) => [d.port, d.code]),
      [[16387, 'port-not-allocated']],
    );
  });

  it('splits the counts by language group', () => {
    const s = score(expected, {
      references: [
        { file: 'a/suite_test.go', line: 4, port: 16387 },
        { file: 'a/podman-compose.yml', line: 12, port: 8080 },
      ],
      diagnostics: [],
    });
    assert.deepEqual(s.byGroup.go?.references, {
      expected: 2,
      found: 1,
      truePositives: 1,
      precision: 1,
      recall: 0.5,
    });
    assert.deepEqual(s.byGroup.shell?.references, {
      expected: 2,
      found: 0,
      truePositives: 0,
      precision: null,
      recall: 0,
    });
    assert.deepEqual(s.byGroup['yaml-compose-env']?.references, {
      expected: 0,
      found: 1,
      truePositives: 0,
      precision: 0,
      recall: null,
    });
    assert.equal(s.byGroup.python, undefined);
  });

  it('names language groups by file name', () => {
    const cases: [string, string][] = [
      ['x/Makefile', 'shell'],
      ['x/GNUmakefile', 'shell'],
      ['x/run.sh', 'shell'],
      ['x/.env', 'yaml-compose-env'],
      ['x/.env.test', 'yaml-compose-env'],
      ['x/podman-compose.test.yml', 'yaml-compose-env'],
      ['x/kind.yaml', 'yaml-compose-env'],
      ['x/StatusPanel.tsx', 'ts-js'],
      ['x/wait.js', 'ts-js'],
      ['x/conftest.py', 'python'],
      ['x/ContractIT.java', 'java'],
      ['x/NOTES.md', 'other'],
      ['x/LICENSE', 'other'],
    ];
    assert.deepEqual(
      cases.map(([f]) => [f, languageGroup(f)]),
      cases,
    );
  });

  it('sums counts across workspaces', () => {
    assert.deepEqual(
      sumCounts([
        { expected: 4, found: 2, truePositives: 2, precision: 1, recall: 0.5 },
        { expected: 0, found: 2, truePositives: 0, precision: 0, recall: null },
      ]),
      { expected: 4, found: 4, truePositives: 2, precision: 0.5, recall: 0.5 },
    );
  });
});
