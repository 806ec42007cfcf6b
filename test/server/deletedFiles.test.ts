// A long session must not keep what it judged of files that are gone: a file deleted on disk (watched-file
// event), a folder deleted as one event, a document closed whose file never was on disk and a workspace folder
// removed leave nothing in the server's per-file memory (berth/cacheSizes), their diagnostics are cleared, and a
// file (or folder) that comes back is checked again.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FileChangeType } from 'vscode-languageserver/node';
import { LspTestClient, tempWorkspace } from './lspClient';
import { fixtureFiles, weConfig } from './fixture';

type Sizes = { root: string; judged: number; texts: number; showing: number; declarationFiles: number }[];

describe('server: deleted files leave nothing behind', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  beforeEach(async () => {
    ws = tempWorkspace({
      ...fixtureFiles(),
      'test/we/infra/db.go': 'package infra\n\nfunc Connect(postgresPort int) {}\n',
      'test/we/infra/suite_test.go': 'package infra\n\nvar _ = Connect(15439)\n',
    });
    c = await LspTestClient.start(ws.root);
  });
  afterEach(async () => {
    await c.dispose();
    ws.cleanup();
  });

  const sizes = async () => (await c.request<Sizes>('berth/cacheSizes'))[0];

  test('a deleted file is pruned and cleared, and checked again once re-created', async () => {
    const config = c.uri('test/we/config.yaml');
    await c.diagnostics(config, (p) => p.diagnostics.length === 2);
    await c.diagnostics(c.uri('test/we/infra/suite_test.go'), (p) => p.diagnostics.length === 1);
    const before = await sizes();

    let since = c.published.length;
    await c.deleteFile('test/we/config.yaml');
    await c.diagnostics(config, (p) => p.diagnostics.length === 0, { since });
    const gone = await sizes();
    assert.equal(gone.judged, before.judged - 1, 'its port references are not kept');
    assert.equal(gone.texts, before.texts - 1, 'its text is not kept');
    assert.equal(gone.showing, before.showing - 1);

    since = c.published.length;
    await c.writeFile('test/we/config.yaml', weConfig, FileChangeType.Created);
    await c.diagnostics(config, (p) => p.diagnostics.length === 2, { since });
    assert.deepEqual(await sizes(), before);
  });

  test('a deleted folder takes its files, their declarations and their diagnostics', async () => {
    const suite = c.uri('test/we/infra/suite_test.go');
    await c.diagnostics(suite, (p) => p.diagnostics.length === 1);
    const before = await sizes();
    const since = c.published.length;
    await c.deleteFile('test/we/infra');
    // Cleared with the event itself, not by a later scan.
    assert.deepEqual((await c.diagnostics(suite, () => true, { since })).diagnostics, []);
    const after = await sizes();
    assert.equal(after.judged, before.judged - 2);
    assert.equal(after.texts, before.texts - 2);
    assert.equal(after.declarationFiles, before.declarationFiles - 1, "db.go's Connect is no longer declared");
  });

  test('a document closed whose file is not on disk is forgotten and cleared', async () => {
    await c.diagnostics(c.uri('test/we/config.yaml'), (p) => p.diagnostics.length === 2);
    const before = await sizes();
    const uri = await c.open('test/we/unsaved.yaml', 'redis:\n  port: 16387\n', 'yaml');
    await c.current(uri, (d) => d.length === 1);
    assert.equal((await sizes()).judged, before.judged + 1);
    const since = c.published.length;
    await c.close(uri);
    await c.diagnostics(uri, (p) => p.diagnostics.length === 0, { since });
    assert.deepEqual(await sizes(), before);
  });
});

test('a removed workspace folder takes what was kept for it and clears its diagnostics; added back, it is checked again', async () => {
  const files = fixtureFiles();
  const ws = tempWorkspace({
    ...Object.fromEntries(Object.entries(files).map(([rel, text]) => [`a/${rel}`, text])),
    ...Object.fromEntries(Object.entries(files).map(([rel, text]) => [`b/${rel}`, text])),
  });
  const c = await LspTestClient.start(ws.root, { folders: ['a', 'b'] });
  try {
    const inB = c.uri('b/test/we/config.yaml');
    await c.diagnostics(c.uri('a/test/we/config.yaml'), (p) => p.diagnostics.length === 2);
    await c.diagnostics(inB, (p) => p.diagnostics.length === 2);
    const open = await c.open('b/hapi/extra.json', '{ "dbPort": 15441 }\n', 'json');
    await c.current(open, (d) => d.length === 1);
    const roots = async () => (await c.request<Sizes>('berth/cacheSizes')).map((r) => r.root);
    assert.deepEqual(await roots(), [ws.root + '/a', ws.root + '/b']);

    let since = c.published.length;
    await c.changeFolders([], ['b']);
    await c.diagnostics(inB, (p) => p.diagnostics.length === 0, { since });
    // An open document of the removed folder belongs to no root now: nothing to say about it.
    await c.diagnostics(open, (p) => p.diagnostics.length === 0, { since });
    assert.deepEqual(await roots(), [ws.root + '/a']);

    since = c.published.length;
    await c.changeFolders(['b'], []);
    await c.diagnostics(inB, (p) => p.diagnostics.length === 2, { since });
    await c.diagnostics(open, (p) => p.diagnostics.length === 1, { since });
    assert.deepEqual(await roots(), [ws.root + '/a', ws.root + '/b']);
  } finally {
    await c.dispose();
    ws.cleanup();
  }
});
