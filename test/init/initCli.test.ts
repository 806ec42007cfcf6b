// `berth init` spawned as a process (the bundled CLI): proposal on stdout, report on stderr, --write
// with its refusals, --format json, and bad input (exit 2, nothing written).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { spawnedCli } from '../cli/buildCli';
import { tempWorkspace } from '../cli/tempWorkspace';

const repo = join(__dirname, '..', '..');
const docFixture = join(__dirname, 'fixtures', 'allocation-doc');
const DOC = 'docs/architecture/decisions/DD-TEST-001-port-allocation-strategy.md';
const spawn = spawnedCli(repo);
const berth = (args: string[], cwd?: string) => spawn(['init', ...args], cwd);

/** A copy of the document fixture to write into. */
function docWorkspace(): string {
  const root = tempWorkspace({});
  cpSync(docFixture, root, { recursive: true });
  return root;
}

describe('berth init', () => {
  test('the demo: a berth.yaml that parses cleanly, a seen-in comment on every port, the report on stderr', async () => {
    const r = await berth(['examples/demo']);
    assert.equal(r.exitCode, 0, r.stderr);
    const parsed = parseBerthYaml(r.stdout, 'berth.yaml');
    assert.deepEqual(parsed.findings, []);
    const we = parsed.config!.services.find((s) => s.name === 'workflowexecution')!;
    assert.deepEqual(
      we.ports.map((p) => `${p.role} ${p.port}`),
      ['postgres 15441', 'redis 16388', 'datastorage 18097'],
    );
    assert.deepEqual(we.configs, ['test/integration/workflowexecution/**']);
    const portLines = r.stdout.split('\n').filter((l) => /^ {6}[\w-]+: (\d+|\{ port)/.test(l));
    assert.ok(portLines.length >= 8);
    for (const l of portLines) assert.match(l, / # seen in [\w./-]+:\d+/, l);
    // The WE config still points at HAPI's Redis: reported, not given to WE.
    assert.match(r.stderr, /port 16387 is used by 'holmesgptapi' .* and 'workflowexecution'/);
    assert.match(r.stderr, /config\.yaml:10 {2}error {2}port 16387 belongs to 'holmesgptapi' \(redis\)/);
    assert.match(r.stderr, /'workflowexecution' uses 2 ports as datastorage: 18100 .*, 18097 .*; proposed 18097/);
  });

  test('document + code: the planted duplicate and the doc/code disagreement are reported', async () => {
    const r = await berth(['--from-doc', DOC, '--table', 'Integration'], docFixture);
    assert.equal(r.exitCode, 0, r.stderr);
    const config = parseBerthYaml(r.stdout, 'berth.yaml').config!;
    const hapi = config.services.find((s) => s.name === 'hapi')!;
    assert.deepEqual(hapi.configs, ['holmesgpt-api/**']);
    assert.deepEqual(hapi.ports.find((p) => p.role === 'postgres')?.sharedWith, ['notification']);
    assert.match(r.stdout, /redis: 16388 # seen in docs\/.*\.md:47 \(\+1 more\)/);
    assert.match(
      r.stderr,
      /port 16382 \(redis of 'signalprocessing'\) is also allocated to 'authwebhook'.*\[duplicate-allocation\]/,
    );
    assert.match(
      r.stderr,
      /config\.yaml:8: 'workflowexecution' uses 16387, but the document gives 16387 to 'hapi' as redis \(docs\/.*\.md:48\)/,
    );
  });

  test('--format json: the proposal as data, the notes and the check', async () => {
    const r = await berth(['--from-doc', DOC, '--table', 'integration', '--format', 'json'], docFixture);
    assert.equal(r.exitCode, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      berthYaml: { services: Record<string, { ports: Record<string, unknown> }>; ranges: Record<string, string> };
      notes: { kind: string }[];
      check: { code: string; port: number }[];
    };
    assert.equal(out.berthYaml.services.workflowexecution.ports.redis, 16388);
    assert.equal(out.berthYaml.ranges.redis, '16379-16399');
    assert.ok(out.check.some((f) => f.code === 'duplicate-allocation' && f.port === 16382));
    assert.ok(out.notes.some((n) => n.kind === 'disagreement'));
  });

  test('--write writes berth.yaml once; again it refuses; --force replaces it; no temp file is left', async () => {
    const root = docWorkspace();
    const args = ['--from-doc', DOC, '--table', 'integration', '--write'];
    const first = await berth(args, root);
    assert.equal(first.exitCode, 0, first.stderr);
    assert.equal(first.stdout, '');
    const written = readFileSync(join(root, 'berth.yaml'), 'utf8');
    assert.ok(parseBerthYaml(written, 'berth.yaml').config?.services.some((s) => s.name === 'workflowexecution'));
    writeFileSync(join(root, 'berth.yaml'), 'version: 1\nservices: {}\n');
    const again = await berth(args, root);
    assert.equal(again.exitCode, 2);
    assert.match(again.stderr, /berth\.yaml exists; --force replaces it/);
    assert.equal(readFileSync(join(root, 'berth.yaml'), 'utf8'), 'version: 1\nservices: {}\n');
    const forced = await berth([...args, '--force'], root);
    assert.equal(forced.exitCode, 0, forced.stderr);
    assert.equal(readFileSync(join(root, 'berth.yaml'), 'utf8'), written);
    assert.deepEqual(
      readdirSync(root).filter((f) => f.includes('.tmp')),
      [],
    );
  });

  test('bad input: exit 2, a located message, nothing written', async () => {
    const root = docWorkspace();
    writeFileSync(
      join(root, 'missing-cell.md'),
      '| Service | PostgreSQL | Redis |\n|---|---|---|\n| Gateway | 15433 |\n',
    );
    writeFileSync(
      join(root, 'dup.md'),
      '| Service | Redis |\n|---|---|\n| Gateway | 16380 |\n| **Gateway** | 16381 |\n',
    );
    writeFileSync(join(root, 'prose.md'), '# Ports\n\nNo tables here.\n');
    writeFileSync(join(root, 'binary.md'), Buffer.from([0x23, 0, 1, 2]));
    const cases: [string[], RegExp][] = [
      [
        ['--from-doc', 'missing-cell.md'],
        /^berth init: missing-cell\.md:3: the row has 2 cell\(s\), the header \(line 1\) has 3$/m,
      ],
      [
        ['--from-doc', 'dup.md'],
        /^berth init: dup\.md:4: 'gateway' has a second row in this table \(first at line 3\)$/m,
      ],
      [['--from-doc', 'prose.md'], /^berth init: prose\.md: no allocation table found/m],
      [['--from-doc', 'binary.md'], /^berth init: binary\.md: not a text document/m],
      [['--from-doc', 'nope.md'], /^berth init: nope\.md: cannot read the document \(ENOENT\)/m],
      [['--from-doc', DOC], /several tables allocate the same ports/],
      [['--force', '--from-doc', 'dup.md'], /--force only goes with --write/],
      [['--format', 'toml'], /--format must be one of yaml, json/],
    ];
    for (const [args, message] of cases) {
      // --write on every case but the one that tests --force without it.
      const r = await berth(args[0] === '--force' ? args : [...args, '--write'], root);
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(existsSync(join(root, 'berth.yaml')), false, `${args.join(' ')} wrote berth.yaml`);
    }
    const notDir = await berth(['--root', join(root, 'dup.md')]);
    assert.equal(notDir.exitCode, 2);
    assert.match(notDir.stderr, /is not a directory/);
  });
});
