// The server over a real LSP connection: diagnostics on open, on edit, on berth.yaml changes, workspace scan.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, FileChangeType } from 'vscode-languageserver/node';
import { LspTestClient, tempWorkspace, codes, messageOf } from './lspClient';
import { berthYaml, fixtureFiles, weConfig } from './fixture';

describe('server diagnostics', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  beforeEach(async () => {
    ws = tempWorkspace(fixtureFiles());
    c = await LspTestClient.start(ws.root);
  });
  afterEach(async () => {
    await c.dispose();
    ws.cleanup();
  });

  test('opening a config file publishes the core findings with code, source and a berth.yaml location', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    const diags = await c.current(uri);
    assert.deepEqual(codes(diags), ['port-owned-by-other-service', 'port-owned-by-other-service']);
    const redis = diags.find((d) => d.range.start.line === 1)!;
    assert.equal(redis.source, 'berth');
    assert.equal(redis.severity, DiagnosticSeverity.Error);
    assert.deepEqual(redis.range, { start: { line: 1, character: 18 }, end: { line: 1, character: 23 } });
    assert.match(messageOf(redis), /16387 belongs to 'hapi' \(redis\)/);
    assert.equal(redis.relatedInformation?.length, 1);
    assert.equal(redis.relatedInformation![0].location.uri, c.uri('berth.yaml'));
    // hapi's `redis: 16387` line in berth.yaml
    assert.equal(berthYaml.split('\n')[redis.relatedInformation![0].location.range.start.line].trim(), 'redis: 16387');
  });

  test('an edit re-publishes for the new version', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    await c.current(uri, (d) => d.length === 2);
    await c.edit(uri, [
      { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } }, newText: '15441' },
    ]);
    const after = await c.current(uri);
    assert.deepEqual(
      after.map((d) => d.range.start.line),
      [1],
    );
    // typing an unallocated port in the redis range turns into a warning
    await c.edit(uri, [
      { range: { start: { line: 1, character: 18 }, end: { line: 1, character: 23 } }, newText: '16398' },
    ]);
    const warned = await c.current(uri);
    assert.deepEqual(codes(warned), ['port-not-allocated']);
    assert.equal(warned[0].severity, DiagnosticSeverity.Warning);
  });

  test('editing berth.yaml in the editor re-diagnoses the other open documents', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    await c.current(uri, (d) => d.length === 2);
    const berth = await c.open('berth.yaml', berthYaml, 'yaml');
    await c.current(berth);
    const mark = c.published.length;
    // hapi's redis moves to 16390: 16387 becomes unallocated
    await c.replaceAll(berth, berthYaml.replace('redis: 16387', 'redis: 16390'));
    const p = await c.diagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'port-not-allocated'), {
      since: mark,
    });
    assert.deepEqual(codes(p.diagnostics), ['port-not-allocated', 'port-owned-by-other-service']);
    assert.equal(p.version, c.version(uri));
  });

  test('berth.yaml changed on disk re-diagnoses open documents and the workspace', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    await c.current(uri, (d) => d.length === 2);
    const compose = c.uri('test/we/docker-compose.yml');
    await c.diagnostics(compose, (p) => p.diagnostics.length === 1);
    const mark = c.published.length;
    // workflowexecution gets 16387 shared by hapi: both files stop complaining about it
    await c.writeFile(
      'berth.yaml',
      berthYaml.replace('redis: 16387', 'redis: { port: 16387, shared_with: [workflowexecution] }'),
    );
    const open = await c.diagnostics(uri, (p) => p.diagnostics.length === 1, { since: mark });
    assert.deepEqual(
      open.diagnostics.map((d) => d.range.start.line),
      [3],
    );
    assert.equal(open.version, c.version(uri));
    await c.diagnostics(compose, (p) => p.diagnostics.length === 0, { since: mark });
  });

  test('files that are not open are reported from a workspace scan and follow changes on disk', async () => {
    const compose = c.uri('test/we/docker-compose.yml');
    const p = await c.diagnostics(compose, (x) => x.diagnostics.length > 0);
    assert.deepEqual(codes(p.diagnostics), ['port-owned-by-other-service']);
    assert.deepEqual(p.diagnostics[0].range.start, { line: 3, character: 9 });
    const env = await c.diagnostics(c.uri('audit/.env'), (x) => x.diagnostics.length > 0);
    assert.deepEqual(codes(env.diagnostics), ['port-owned-by-other-service']);
    const mark = c.published.length;
    await c.writeFile('test/we/docker-compose.yml', 'services:\n  redis:\n    ports:\n      - "15441:6379"\n');
    await c.diagnostics(compose, (x) => x.diagnostics.length === 0, { since: mark });
    await c.writeFile('test/we/new.env', 'PORT=16387\n', FileChangeType.Created);
    const created = await c.diagnostics(c.uri('test/we/new.env'), () => true, { since: mark });
    assert.deepEqual(codes(created.diagnostics), ['port-owned-by-other-service']);
  });

  test('closing a document with unsaved edits shows the file on disk again', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    await c.current(uri, (d) => d.length === 2);
    await c.replaceAll(uri, 'nothing: here\n');
    await c.current(uri, (d) => d.length === 0);
    const mark = c.published.length;
    await c.close(uri);
    const p = await c.diagnostics(uri, () => true, { since: mark });
    assert.equal(p.version, undefined);
    assert.equal(p.diagnostics.length, 2);
  });

  test('files outside every service configs get no diagnostics', async () => {
    const uri = await c.open('src/app.ts', 'export const url = "http://localhost:16387";\n', 'typescript');
    assert.deepEqual(await c.current(uri), []);
    assert.equal(await c.hover(uri, { line: 0, character: 38 }), null);
    // and the scan never reported it either
    assert.equal(c.published.filter((p) => p.uri === uri && p.diagnostics.length > 0).length, 0);
  });

  test('a broken berth.yaml shows one located error and the others keep the last valid allocation', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    await c.current(uri, (d) => d.length === 2);
    const berth = await c.open('berth.yaml', berthYaml, 'yaml');
    await c.current(berth);
    const broken = berthYaml.replace('ports: { postgres: 15445 }', 'ports: { postgres: 15445');
    await c.replaceAll(berth, broken);
    const own = await c.current(berth);
    assert.equal(own.length, 1);
    assert.equal(own[0].code, 'schema');
    assert.equal(own[0].severity, DiagnosticSeverity.Error);
    assert.ok(
      own[0].range.start.line >= 17 && own[0].range.start.line <= 19,
      `located near the brace: ${JSON.stringify(own[0].range)}`,
    );
    // the config file is still checked (against the allocation before the break)
    await c.edit(uri, [
      { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } }, newText: '15441' },
    ]);
    assert.deepEqual(codes(await c.current(uri)), ['port-owned-by-other-service']);
    // repairing berth.yaml brings the current allocation back
    await c.replaceAll(berth, berthYaml.replace('redis: 16387', 'redis: 16390'));
    assert.deepEqual(await c.current(berth), []);
    await c.diagnostics(uri, (p) => codes(p.diagnostics).join() === 'port-not-allocated');
  });

  test('a berth.yaml that appears after start-up (editor, then disk) is picked up; deleting it clears everything', async () => {
    await c.dispose();
    ws.cleanup();
    const files = fixtureFiles();
    delete files['berth.yaml'];
    ws = tempWorkspace(files);
    c = await LspTestClient.start(ws.root);
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    assert.deepEqual(await c.current(uri), [], 'no berth.yaml: nothing to check against');
    const berth = await c.open('berth.yaml', berthYaml.replace('redis: 16387', 'redis: 16387x'), 'yaml');
    assert.deepEqual(codes(await c.current(berth)), ['schema']);
    await c.replaceAll(berth, berthYaml);
    assert.deepEqual(await c.current(berth), []);
    await c.diagnostics(uri, (p) => p.diagnostics.length === 2);
    const closed = c.published.length;
    await c.close(berth); // never saved: the disk still has none
    await c.diagnostics(uri, (p) => p.diagnostics.length === 0, { since: closed });
    const created = c.published.length;
    await c.writeFile('berth.yaml', berthYaml, FileChangeType.Created);
    await c.diagnostics(uri, (p) => p.diagnostics.length === 2, { since: created });
    await c.diagnostics(c.uri('test/we/docker-compose.yml'), (p) => p.diagnostics.length === 1, { since: created });
    const { rmSync } = await import('node:fs');
    rmSync(`${ws.root}/berth.yaml`);
    const mark = c.published.length;
    await c.fileChanged('berth.yaml', FileChangeType.Deleted);
    await c.diagnostics(uri, (p) => p.diagnostics.length === 0, { since: mark });
    await c.diagnostics(c.uri('test/we/docker-compose.yml'), (p) => p.diagnostics.length === 0, { since: mark });
  });
});
