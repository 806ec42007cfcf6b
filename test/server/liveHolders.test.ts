// The hover's live holder: what the extension pushes with berth/holders (its last scan) shows under the port's
// owner; a malformed push is refused with a located log line and the last good holders stay.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver/node';
import { HOLDERS_NOTIFICATION } from '../../src/server/liveHolders';
import { LspTestClient, tempWorkspace } from './lspClient';
import { fixtureFiles, weConfig } from './fixture';

function text(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  return (h.contents as { value: string }).value;
}

describe('hover with the live holder', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  before(async () => {
    ws = tempWorkspace(fixtureFiles());
    c = await LspTestClient.start(ws.root);
  });
  after(async () => {
    await c.dispose();
    ws.cleanup();
  });

  test('the pushed holder of the port under the cursor follows its owner, markdown escaped', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    await c.current(uri);
    assert.doesNotMatch(text(await c.hover(uri, { line: 1, character: 20 })), /now held/, 'nothing pushed yet');
    await c.notify(HOLDERS_NOTIFICATION, {
      holders: [
        { port: 16387, service: 'hapi', role: 'redis', now: 'now held by pid 1234 node dev_server.js (foreign)' },
        { port: 15439, service: 'hapi', role: 'postgres', now: 'now free' },
      ],
    });
    const hover = text(await c.hover(uri, { line: 1, character: 20 }));
    assert.match(hover, /`hapi` · redis/);
    assert.match(hover, /\n\n16387 — hapi's redis · now held by pid 1234 node dev\\_server\.js \(foreign\)$/);
    assert.match(text(await c.hover(uri, { line: 3, character: 9 })), /15439 — hapi's postgres · now free/);
  });

  test('a malformed push is refused and logged; the last holders stay', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    await c.notify(HOLDERS_NOTIFICATION, { holders: [{ port: 'x' }] });
    await c.notify(HOLDERS_NOTIFICATION, null);
    const hover = text(await c.hover(uri, { line: 1, character: 20 }));
    assert.match(hover, /16387 — hapi's redis · now held by pid 1234/);
    assert.ok(
      c.logs.some((l) => l.includes('berth/holders: holders[0] is not { port, service, role, now }')),
      c.logs.join('\n'),
    );
    assert.ok(c.logs.some((l) => l.includes('berth/holders: expected { holders: [...] }')));
  });
});
