// The outside-declarations lookup in the server answers from what it keeps: a claimed Go file calls a helper
// no service claims and one declared nowhere (so every re-check looks outside). After start-up, re-checks
// after a berth.yaml edit, a helper's change and a claimed file's change walk no directory, and read only the
// files an event named; a helper created or deleted on disk (watched-file event) is seen. fs is spied on, not
// replaced: every call goes through to the disk.
import { test, describe, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import * as path from 'node:path';
import { FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspTestClient, tempWorkspace } from './lspClient';
import { fixtureFiles } from './fixture';

const helperGo = 'package infra\n\nfunc NewConfig(name string, postgresPort, redisPort int) *Config { return nil }\n';
const waitGo = 'package infra\n\nfunc WaitFor(redisPort int) {}\n';
/** NewConfig's redis argument is hapi's port; WaitFor is declared nowhere until wait.go is created. */
const suiteGo = 'package we\n\nvar cfg = NewConfig("we", 15441, 16387)\n\nfunc init() { WaitFor(16387) }\n';

/** Spies on the fs calls that walk or read the workspace; `since()` names what was touched under root since. */
function diskSpy(root: string) {
  const spies = {
    walk: mock.method(fsp, 'readdir'),
    read: mock.method(fsp, 'readFile'),
    readSync: mock.method(fs, 'readFileSync'),
  };
  const inRoot = (calls: { arguments: unknown[] }[]) =>
    calls.map((c) => String(c.arguments[0])).filter((p) => p.startsWith(root));
  let mark = { walk: 0, read: 0, readSync: 0 };
  return {
    reset() {
      mark = {
        walk: spies.walk.mock.callCount(),
        read: spies.read.mock.callCount(),
        readSync: spies.readSync.mock.callCount(),
      };
    },
    since() {
      const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
      return {
        walked: inRoot(spies.walk.mock.calls.slice(mark.walk)).map(rel),
        read: [
          ...inRoot(spies.read.mock.calls.slice(mark.read)),
          ...inRoot(spies.readSync.mock.calls.slice(mark.readSync)),
        ].map(rel),
      };
    },
  };
}

describe('server: re-checks look for helpers in what the server keeps', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  let disk: ReturnType<typeof diskSpy>;
  beforeEach(() => {
    ws = tempWorkspace({
      ...fixtureFiles(),
      'test/we/suite_test.go': suiteGo,
      'test/infra/helpers.go': helperGo,
      ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`vendor/d${i % 6}/f${i}.go`, 'package v\n'])),
    });
    disk = diskSpy(ws.root);
  });
  afterEach(async () => {
    await c.dispose();
    mock.restoreAll();
    ws.cleanup();
  });

  const args = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.range.start.line}:${String(d.code)}`);

  test('no walk after start-up; events name what is read again; created and deleted helpers are seen', async () => {
    c = await LspTestClient.start(ws.root);
    const suite = c.uri('test/we/suite_test.go');
    await c.diagnostics(suite, (p) => args(p).join() === '2:port-owned-by-other-service');
    assert.ok(
      c.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'),
      'source files watched',
    );

    disk.reset();
    let since = c.published.length;
    await c.writeFile('test/infra/wait.go', waitGo, FileChangeType.Created);
    await c.diagnostics(suite, (p) => p.diagnostics.length === 2, { since });
    assert.deepEqual(disk.since(), { walked: [], read: ['test/infra/wait.go'] }, 'a created helper is read, alone');

    disk.reset();
    since = c.published.length;
    await c.deleteFile('test/infra/wait.go');
    await c.diagnostics(suite, (p) => p.diagnostics.length === 1, { since });
    assert.deepEqual(disk.since(), { walked: [], read: [] }, 'a deleted helper is forgotten without a walk');

    // berth.yaml edited in the editor: hapi's redis moves, so 16387 is nobody's (a re-check of every claimed file).
    const berth = await c.open('berth.yaml', fixtureFiles()['berth.yaml'], 'yaml');
    await c.current(berth);
    disk.reset();
    since = c.published.length;
    await c.replaceAll(berth, c.text(berth).replace('redis: 16387', 'redis: 16388'));
    await c.diagnostics(suite, (p) => args(p).join() === '2:port-not-allocated', { since });
    assert.deepEqual(disk.since(), { walked: [], read: [] }, 'a berth.yaml edit re-checks from memory');

    // The helper's parameter is renamed on disk: NewConfig no longer takes a port there.
    disk.reset();
    since = c.published.length;
    await c.writeFile('test/infra/helpers.go', helperGo.replace('redisPort', 'redisDb'));
    await c.diagnostics(suite, (p) => p.diagnostics.length === 0, { since });
    assert.deepEqual(disk.since().walked, [], 'a helper edit re-checks without a walk');
    assert.deepEqual(disk.since().read, ['test/infra/helpers.go'], 'only the edited helper is read again');

    // A claimed source file edited on disk: only it is read again.
    disk.reset();
    since = c.published.length;
    await c.writeFile(
      'test/we/suite_test.go',
      suiteGo.replace('var cfg = NewConfig("we", 15441, 16387)', 'const RedisPort = 16387'),
    );
    await c.diagnostics(suite, (p) => args(p).join() === '2:port-not-allocated', { since });
    assert.deepEqual(disk.since(), { walked: [], read: ['test/we/suite_test.go'] });
  });

  test('a client that cannot watch source files: each re-check looks on disk, so a new helper is still found', async () => {
    c = await LspTestClient.start(ws.root, { watches: false });
    const suite = c.uri('test/we/suite_test.go');
    await c.diagnostics(suite, (p) => p.diagnostics.length === 1);
    assert.deepEqual(c.registrations, []);
    // Written without an event: the walk of the next re-check finds it.
    fs.writeFileSync(path.join(ws.root, 'test/infra/wait.go'), waitGo);
    const berth = await c.open('berth.yaml', fixtureFiles()['berth.yaml'], 'yaml');
    await c.current(berth);
    disk.reset();
    const since = c.published.length;
    await c.replaceAll(berth, c.text(berth).replace('http: 18110', 'http: 18111'));
    await c.diagnostics(suite, (p) => p.diagnostics.length === 2, { since });
    assert.ok(disk.since().walked.length > 0, 'without events the tree is walked');
  });
});
