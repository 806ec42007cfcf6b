// A multi-root workspace: each workspace folder is its own scope. A file is checked against the berth.yaml of the
// folder that holds it, so the same port text is another service's in one folder and the file's own in the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspTestClient, tempWorkspace, codes } from './lspClient';

/** `owner` owns conf/ and its http port; `other` has the other port. */
const yaml = (owner: [string, number], other: [string, number]) => `version: 1
ranges:
  http: 24830-24839
services:
  ${owner[0]}:
    ports: { http: ${owner[1]} }
    configs: ["conf/**"]
  ${other[0]}:
    ports: { http: ${other[1]} }
`;

test("each folder's files are checked against that folder's berth.yaml", async () => {
  // shop: api owns conf/ and 24831, 24832 is web's. ledger: books owns conf/ and 24832.
  const ws = tempWorkspace({
    'shop/berth.yaml': yaml(['api', 24831], ['web', 24832]),
    'shop/conf/app.yaml': 'server:\n  port: 24832\n',
    'ledger/berth.yaml': yaml(['books', 24832], ['api', 24831]),
    'ledger/conf/app.yaml': 'server:\n  port: 24832\n',
  });
  const c = await LspTestClient.start(ws.root, { folders: ['shop', 'ledger'] });
  try {
    const shop = await c.open('shop/conf/app.yaml', 'server:\n  port: 24832\n', 'yaml');
    const ledger = await c.open('ledger/conf/app.yaml', 'server:\n  port: 24832\n', 'yaml');
    const inShop = await c.current(shop, (d) => d.length > 0);
    assert.deepEqual(codes(inShop), ['port-owned-by-other-service']);
    assert.match(JSON.stringify(inShop[0]!.message), /belongs to 'web'/);
    // In ledger 24832 is the port of books, which owns ledger's conf/: nothing to say.
    assert.deepEqual(await c.current(ledger), []);
  } finally {
    await c.dispose();
    ws.cleanup();
  }
});
