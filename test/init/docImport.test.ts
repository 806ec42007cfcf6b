// Allocation tables of markdown documents: the fixture modelled on a real team's allocation document
// (range tables per tier, port matrices per tier, per-service yaml blocks, a revision history) and bad input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDocuments, type DocInput } from '../../src/init/docImport';
import { InitInputError } from '../../src/init/proposal';
import { readDocTables } from '../../src/init/docTables';

const DOC_PATH = 'docs/architecture/decisions/DD-TEST-001-port-allocation-strategy.md';
const doc: DocInput = {
  path: DOC_PATH,
  text: readFileSync(join(__dirname, 'fixtures', 'allocation-doc', DOC_PATH), 'utf8'),
};

function problems(docs: DocInput[], table?: string): string[] {
  try {
    importDocuments(docs, table);
  } catch (e) {
    if (e instanceof InitInputError) return e.problems;
    throw e;
  }
  assert.fail('expected the input to be refused');
}

describe('allocation documents', () => {
  test('every table row is accounted for: imported, or reported with its line', () => {
    const imp = importDocuments([doc], 'integration');
    const bodyRows = readDocTables(doc.text).tables.flatMap((t) => t.rows.map((r) => r.line));
    assert.ok(bodyRows.length >= 24, `rows: ${bodyRows.length}`);
    assert.deepEqual(
      imp.rows.map((r) => r.seen.line).sort((a, b) => a - b),
      bodyRows.sort((a, b) => a - b),
    );
    for (const r of imp.rows.filter((x) => x.outcome === 'reported')) {
      const table = readDocTables(doc.text).tables.find((t) => t.rows.some((x) => x.line === r.seen.line))!;
      const said = imp.notes.some(
        (n) => n.where?.line === r.seen.line || (n.where?.line === table.line && n.kind === 'document'),
      );
      assert.ok(said, `row ${r.seen.line} is neither imported nor reported`);
    }
    // The unreadable TBD row is reported at its own line.
    const tbd = doc.text.split('\n').findIndex((l) => l.includes('TBD')) + 1;
    assert.ok(imp.notes.some((n) => n.where?.line === tbd && /TBD/.test(n.message)));
  });

  test('the integration tier: ranges, Label: port cells, shared ports, N/A; revision history ignored', () => {
    const imp = importDocuments([doc], 'integration');
    assert.deepEqual(
      imp.ranges.map((r) => `${r.role} ${r.from}-${r.to}`),
      ['postgres 15433-15449', 'redis 16379-16399', 'datastorage 18090-18119'],
    );
    const we = imp.allocations.filter((a) => a.service === 'workflowexecution').map((a) => `${a.role} ${a.port}`);
    assert.deepEqual(we, ['postgres 15441', 'redis 16388', 'datastorage 18097']);
    const ai = imp.allocations.filter((a) => a.service === 'aianalysis').map((a) => `${a.role} ${a.port}`);
    assert.deepEqual(ai, ['postgres 15438', 'redis 16384', 'datastorage 18095', 'embedding 18000']);
    const hapi = imp.allocations.find((a) => a.service === 'hapi' && a.role === 'postgres')!;
    assert.deepEqual(hapi.shared, ['notification']);
    assert.equal(imp.aliases.get('hapi')?.[0], 'holmesgptapi');
    assert.deepEqual(
      imp.allocations.filter((a) => a.service === 'gateway').map((a) => a.role),
      ['redis', 'datastorage'],
    );
    assert.ok(imp.notes.some((n) => /Revision History' skipped: a revision history/.test(n.message)));
    assert.ok(!imp.allocations.some((a) => a.port === 16387 && a.service !== 'hapi'));
  });

  test('without --table, tiers that allocate the same ports are listed with headings and lines', () => {
    const p = problems([doc]);
    assert.match(p[0], /several tables allocate the same ports .*--table TEXT/);
    assert.deepEqual(
      p.slice(1).map((l) => l.replace(/,.*$/, '')),
      [
        `  ${DOC_PATH}:20: range table under 'Integration Tests (Podman)' (line 18)`,
        `  ${DOC_PATH}:28: range table under 'E2E Tests (Kind NodePorts)' (line 26)`,
        `  ${DOC_PATH}:38: port table under 'Integration Tests' (line 36)`,
        `  ${DOC_PATH}:56: port table under 'E2E Tests' (line 54)`,
      ],
    );
  });

  test('--table E2E picks the other tier', () => {
    const imp = importDocuments([doc], 'E2E');
    assert.deepEqual(
      imp.allocations.filter((a) => a.service === 'gateway').map((a) => a.port),
      [26380, 28091],
    );
    assert.equal(imp.ranges.find((r) => r.role === 'redis')?.from, 26379);
    assert.match(problems([doc], 'staging')[0], /no table's heading contains 'staging'/);
  });

  test('a range table with a column per tier: --table picks the column', () => {
    const text =
      '## Ranges\n\n| Pool | Integration | E2E |\n|---|---|---|\n| PostgreSQL | 15433-15449 | 25433-25449 |\n';
    const imp = importDocuments([{ path: 'r.md', text }], 'e2e');
    assert.deepEqual(
      imp.ranges.map((r) => [r.role, r.from, r.to, r.seen.line]),
      [['postgres', 25433, 25449, 5]],
    );
  });

  test('a per-service yaml block that contradicts its table row is reported', () => {
    const text = [
      '| Service | Redis |',
      '|---|---|',
      '| Gateway | 16380 |',
      '',
      '### Gateway',
      '',
      '```yaml',
      'redis:',
      '  addr: localhost:16390',
      '```',
      '',
    ].join('\n');
    const imp = importDocuments([{ path: 'd.md', text }], undefined);
    assert.deepEqual(
      imp.notes.map((n) => n.message),
      ["d.md:9: the code block for 'gateway' uses 16390, but the table allocates it to nobody"],
    );
  });
});

describe('bad documents are refused with located messages', () => {
  test('a row with a missing cell', () => {
    const text = '| Service | PostgreSQL | Redis |\n|---|---|---|\n| Gateway | 15433 |\n';
    assert.deepEqual(problems([{ path: 'a.md', text }]), ['a.md:3: the row has 2 cell(s), the header (line 1) has 3']);
  });

  test('duplicate service rows', () => {
    const text = '| Service | Redis |\n|---|---|\n| **Gateway** | 16380 |\n| gateway | 16381 |\n';
    assert.deepEqual(problems([{ path: 'a.md', text }]), [
      "a.md:4: 'gateway' has a second row in this table (first at line 3)",
    ]);
  });

  test('a document with no tables, or with no allocation table', () => {
    assert.deepEqual(problems([{ path: 'a.md', text: '# Ports\n\nWe use 15433.\n' }]), [
      'a.md: no allocation table found (0 table(s), none with port or range columns)',
    ]);
    const history = '| Version | Date | Changes |\n|---|---|---|\n| 1.0 | 2025-01-01 | first |\n';
    assert.deepEqual(problems([{ path: 'b.md', text: history }]), [
      'b.md: no allocation table found (1 table(s), none with port or range columns)',
    ]);
  });
});
