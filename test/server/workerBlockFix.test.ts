// The language server on a `workers: N` block that overlaps another service's port: both sides are flagged, and
// the quick fix moves the block to the next free run of N in the role's range, after which berth.yaml is clean.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspTestClient, pick, tempWorkspace } from './lspClient';

const YAML = `version: 1
ranges:
  http: 18090-18119
services:
  datastorage:
    workers: 4
    ports: { http: 18090 }
  notification:
    ports: { http: 18092 }
`;

describe('worker block quick fix', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  before(async () => {
    ws = tempWorkspace({ 'berth.yaml': YAML });
    c = await LspTestClient.start(ws.root);
  });
  after(async () => {
    await c.dispose();
    ws.cleanup();
  });

  test('"Move the block to the next free run" fixes the overlap', async () => {
    const berth = await c.open('berth.yaml', YAML, 'yaml');
    const diags = await c.current(berth, (d) => d.length === 2);
    assert.deepEqual(
      diags.map((d) => [d.code, d.range.start.line]),
      [
        ['duplicate-allocation', 6],
        ['duplicate-allocation', 8],
      ],
    );
    const block = diags.find((d) => d.range.start.line === 6)!;
    const actions = await c.codeActions(berth, block.range, [block]);
    await c.apply(pick(actions, 'Move the datastorage.http block (workers: 4) to the next free run 18093-18096').edit!);
    assert.equal(c.text(berth), YAML.replace('{ http: 18090 }', '{ http: 18093 }'));
    assert.deepEqual(await c.current(berth), []);
  });
});
