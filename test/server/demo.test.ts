// The bundled example (examples/demo): the two problems its seed tells show up without opening anything,
// and fixing them in the editor clears them. Read-only: fixes are applied to open buffers only.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LspTestClient, messageOf, pick } from './lspClient';

const demo = path.resolve(__dirname, '../../examples/demo');
const weConfig = 'test/integration/workflowexecution/config/config.yaml';
const auditTest = 'test/integration/workflowexecution/audit_datastorage_test.go';

describe('examples/demo over LSP', () => {
  let c: LspTestClient;
  before(async () => {
    c = await LspTestClient.start(demo);
  });
  after(() => c.dispose());

  test("the workspace scan reports HAPI's Redis 16387 and the unallocated 18100", async () => {
    const cfg = await c.diagnostics(c.uri(weConfig), (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      cfg.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['port-owned-by-other-service', 9]],
    );
    assert.match(messageOf(cfg.diagnostics[0]), /'hapi'/);
    const audit = await c.diagnostics(c.uri(auditTest), (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      audit.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['port-not-allocated', 15]],
    );
    assert.ok(
      !c.published.some((p) => p.uri === c.uri('berth.yaml') && p.diagnostics.length > 0),
      'berth.yaml is clean',
    );
  });

  test('fixing them in the editor clears them', async () => {
    const text = readFileSync(path.join(demo, weConfig), 'utf8');
    const uri = await c.open(weConfig, text, 'yaml');
    const [d] = await c.current(uri, (x) => x.length === 1);
    await c.apply(pick(await c.codeActions(uri, d.range, [d]), "Use workflowexecution's redis port 16388").edit!);
    assert.equal(c.text(uri), text.replace('host.containers.internal:16387', 'host.containers.internal:16388'));
    assert.deepEqual(await c.current(uri), []);

    const go = readFileSync(path.join(demo, auditTest), 'utf8');
    const goUri = await c.open(auditTest, go, 'go');
    const [w] = await c.current(goUri, (x) => x.length === 1);
    await c.apply(pick(await c.codeActions(goUri, w.range, [w]), 'Ignore on this line').edit!);
    assert.equal(c.text(goUri), go.replace('"http://localhost:18100"', '"http://localhost:18100" // berth-ignore'));
    assert.deepEqual(await c.current(goUri), []);
  });
});
