// The server applies the same scope as `berth check`: prose only through a glob naming its extension, and
// `check: { unallocated }` from berth.yaml, followed when berth.yaml changes in the editor.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { LspTestClient, tempWorkspace, codes } from './lspClient';
import { berthYaml, fixtureFiles } from './fixture';

describe('server: what is checked', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  beforeEach(async () => {
    ws = tempWorkspace({ ...fixtureFiles(), 'test/we/NOTES.md': 'Redis runs on localhost:16387.\n' });
    c = await LspTestClient.start(ws.root);
  });
  afterEach(async () => {
    await c.dispose();
    ws.cleanup();
  });

  test('markdown under a `**` glob is not checked; the same text in a config file is', async () => {
    const md = await c.open('test/we/NOTES.md', 'Redis runs on localhost:16387.\n', 'markdown');
    assert.deepEqual(await c.current(md), []);
    const yaml = await c.open('test/we/notes.yaml', 'redis: localhost:16387\n', 'yaml');
    assert.deepEqual(codes(await c.current(yaml)), ['port-owned-by-other-service']);
  });

  test('check.unallocated: a port outside every range is reported only once berth.yaml says everywhere', async () => {
    const uri = await c.open('test/we/app.yaml', 'server:\n  port: 8080\n', 'yaml');
    assert.deepEqual(await c.current(uri), []);
    const berth = await c.open('berth.yaml', berthYaml, 'yaml');
    await c.current(berth);
    await c.replaceAll(berth, berthYaml.replace('version: 1\n', 'version: 1\ncheck: { unallocated: everywhere }\n'));
    await c.diagnostics(uri, (p) => codes(p.diagnostics).join() === 'port-not-allocated');
  });
});
