// src/cli/workspace.ts: how every command opens berth.yaml and says why it cannot (the command then exits 2).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openConfig, openWorkspace } from '../../src/cli/workspace';
import type { CliIo } from '../../src/cli/io';
import { removeTempWorkspaces, tempWorkspace as workspace } from './tempWorkspace';

after(removeTempWorkspaces);

/** stderr captured as it is written (synchronously, so it is complete when the call returns). */
function io(): { io: CliIo; stderr: () => string } {
  let text = '';
  const stderr = { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream;
  return { io: { stdout: new PassThrough(), stderr, stdin: new PassThrough(), cwd: '/' }, stderr: () => text };
}

test('no berth.yaml: undefined, and the reason under the command name', async () => {
  const root = workspace({ 'readme.md': 'x' });
  const t = io();
  assert.equal(await openConfig('status', root, t.io), undefined);
  assert.equal(t.stderr(), `berth status: no berth.yaml in ${root}\n`);
});

test('berth.yaml without a usable config: each error located, one per line', async () => {
  const root = workspace({ 'berth.yaml': '- just\n- a list\n' });
  const t = io();
  assert.equal(await openConfig('clean', root, t.io), undefined);
  assert.equal(
    t.stderr(),
    `berth clean: ${join(root, 'berth.yaml')} is unusable:\n  berth.yaml:1:1: berth.yaml must be a mapping: expected 'version', 'services' and optionally 'ranges'\n`,
  );
  // `berth check` reports those findings itself: the workspace opens.
  const c = io();
  assert.ok(await openWorkspace('check', root, c.io));
  assert.equal(c.stderr(), '');
});

test('a usable berth.yaml: its config, nothing said', async () => {
  const root = workspace({ 'berth.yaml': 'version: 1\nservices:\n  a:\n    ports: { redis: 16379 }\n' });
  const t = io();
  const loaded = await openConfig('up', root, t.io);
  assert.deepEqual(
    loaded?.config.services.map((s) => s.name),
    ['a'],
  );
  assert.equal(t.stderr(), '');
});
