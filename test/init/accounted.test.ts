// init's general guarantee: every port a finding of the scan holds is in the proposal or named by a
// note of the report, on every workspace with a hand-written answer, the allocation-document fixture
// (merged with its document) and a workspace whose ports sit where no decision of init looks: files
// of no service, bare keys there.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { readDocument } from '../../src/init/docRead';
import { noteNamesPort } from '../../src/init/proposal';
import { runInit, type InitOptions } from '../../src/init/runInit';
import { scanWorkspace } from '../../src/init/scan';
import { removeTempWorkspaces, tempWorkspace } from '../cli/tempWorkspace';
import { corpusWorkspaces } from './measure';

after(removeTempWorkspaces);

const repo = join(__dirname, '..', '..');

/** Each port of the scan that the proposal does not allocate and no note names, with where it is. */
async function vanished(opts: InitOptions): Promise<string[]> {
  const scan = await scanWorkspace(opts.root);
  const { proposal } = await runInit(opts);
  assert.ok(scan.refs.length > 0, 'the workspace holds port findings');
  const allocated = new Set(proposal.services.flatMap((s) => s.ports.map((p) => p.port)));
  return scan.refs
    .filter((r) => !allocated.has(r.port) && !proposal.notes.some((n) => noteNamesPort(n, r.port)))
    .map((r) => `${r.port} at ${r.file}:${r.line + 1}`);
}

for (const root of new Set(corpusWorkspaces(repo).map((w) => w.root)))
  test(`no port of ${relative(repo, root)} vanishes from init's output`, async () => {
    assert.deepEqual(await vanished({ root }), []);
  });

test('no port vanishes when a document is merged in', async () => {
  const root = join(__dirname, 'fixtures', 'allocation-doc');
  const doc = readDocument(root, root, 'docs/architecture/decisions/DD-TEST-001-port-allocation-strategy.md');
  assert.deepEqual(await vanished({ root, docs: [doc], table: 'integration' }), []);
});

test('ports in files of no service and bare keys there are reported, located', async () => {
  const root = tempWorkspace({
    'services/orders/.env': 'PORT=18110\n',
    'services/orders/src/config.ts': 'export const ordersPort = 18110;\n',
    'scripts/smoke.sh': [18110, 18199, 18198, 18197, 18196]
      .map((p) => `curl -sf http://localhost:${p}/health\n`)
      .join(''),
    'tools/loadgen/config.yaml': 'target:\n  port: 18195\n',
  });
  assert.deepEqual(await vanished({ root }), []);
  const { proposal } = await runInit({ root });
  const smoke = proposal.notes.find((n) => n.where?.file === 'scripts/smoke.sh');
  assert.equal(
    smoke?.message,
    'scripts/smoke.sh: 18199 (line 2), 18198 (line 3), 18197 (line 4), 18196 (line 5) are only in files of no service: not placed; add the folder to a service if they are its',
  );
  assert.deepEqual(smoke?.where, { file: 'scripts/smoke.sh', line: 2 });
  assert.match(
    proposal.notes.find((n) => n.port === 18195)?.message ?? '',
    /^tools\/loadgen\/config\.yaml: 18195 \(line 2\) is only in files of no service/,
  );
});
