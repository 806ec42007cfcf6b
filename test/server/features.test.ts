// Hover, settings (severity overrides, off switch) and robustness against garbage, over a real LSP connection.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, FileChangeType, type Hover } from 'vscode-languageserver/node';
import { LspTestClient, tempWorkspace, codes } from './lspClient';
import { berthYaml, fixtureFiles, weConfig } from './fixture';

function markdown(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  const c = h.contents as { kind: string; value: string };
  assert.equal(c.kind, 'markdown');
  return c.value;
}

/** Deterministic pseudo-random bytes (mulberry32), so a failure can be reproduced. */
function randomBytes(seed: number, n: number): Buffer {
  let a = seed >>> 0;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

describe('server hover, settings and robustness', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  beforeEach(async () => {
    ws = tempWorkspace({ ...fixtureFiles(), 'test/we/blob.bin': randomBytes(7, 4096) });
    c = await LspTestClient.start(ws.root);
  });
  afterEach(async () => {
    await c.dispose();
    ws.cleanup();
  });

  test('hover names the owning service and role, the role range, and sharing', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig + 'spare: localhost:16398\n', 'yaml');
    await c.current(uri);
    const owned = markdown(await c.hover(uri, { line: 1, character: 20 }));
    assert.match(owned, /Port 16387/);
    assert.match(owned, /`hapi` · redis/);
    assert.match(owned, /redis range: 16379–16399/);
    const free = markdown(await c.hover(uri, { line: 4, character: 19 }));
    assert.match(free, /16398\*\*: not allocated to any service/);
    assert.match(free, /redis range: 16379–16399/);
    assert.equal(await c.hover(uri, { line: 0, character: 2 }), null, 'no port under the cursor');
    const berth = await c.open('berth.yaml', berthYaml, 'yaml');
    const shared = markdown(await c.hover(berth, { line: 13, character: 26 }));
    assert.match(shared, /`hapi` · postgres, shared with `notification`/);
    assert.match(shared, /postgres range: 15433–15449/);
  });

  test('severity overrides and the off switch apply to open documents and the workspace scan', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    await c.current(uri, (d) => d.length === 2);
    const compose = c.uri('test/we/docker-compose.yml');
    await c.diagnostics(compose, (p) => p.diagnostics.length === 1);
    await c.configure({ berth: { diagnostics: { severity: { 'port-owned-by-other-service': 'hint' } } } });
    await c.diagnostics(
      uri,
      (p) => p.diagnostics.length === 2 && p.diagnostics.every((d) => d.severity === DiagnosticSeverity.Hint),
    );
    await c.configure({
      berth: { diagnostics: { severity: { 'port-owned-by-other-service': 'off', bogus: 'loud' } } },
    });
    await c.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await c.diagnostics(compose, (p) => p.diagnostics.length === 0);
    await c.configure({ berth: { diagnostics: { enable: false } } });
    const mark = c.published.length;
    await c.edit(uri, [
      { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } }, newText: '16399' },
    ]);
    assert.deepEqual(await c.current(uri), []);
    await c.configure({ berth: { diagnostics: { enable: true } } });
    const back = await c.diagnostics(uri, (p) => p.diagnostics.length === 2, { since: mark });
    assert.deepEqual(codes(back.diagnostics), ['port-not-allocated', 'port-owned-by-other-service']);
    await c.diagnostics(compose, (p) => p.diagnostics.length === 1, { since: mark });
  });

  test('settings from initializationOptions apply from the first publish', async () => {
    await c.dispose();
    c = await LspTestClient.start(ws.root, {
      settings: { berth: { diagnostics: { severity: { 'port-owned-by-other-service': 'warning' } } } },
    });
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    const diags = await c.current(uri);
    assert.equal(diags.length, 2);
    assert.ok(diags.every((d) => d.severity === DiagnosticSeverity.Warning));
  });

  test('garbage and binary documents never crash the server', async () => {
    const texts = [
      randomBytes(1, 20000).toString('latin1'),
      // without NUL bytes, so the text goes through the finders and rules
      randomBytes(2, 20000).toString('utf8').replace(/\0/g, ' '),
      randomBytes(6, 20000).toString('latin1').replace(/\0/g, ':'),
      '\uD800'.repeat(100) + 'localhost:\uDC00' + '9'.repeat(400) + '\n',
      'ports:\n  - "' + '9'.repeat(5000) + ':80"\n' + '- "${A:-${B:-${C:-1}}}"\n'.repeat(50),
      'x'.repeat(300000) + ' http://localhost:16387 ' + '\r'.repeat(1000),
      '{'.repeat(5000) + '['.repeat(5000),
    ];
    const uri = await c.open('test/we/docker-compose.yml', texts[0], 'yaml');
    await c.current(uri);
    for (const t of texts.slice(1)) {
      await c.replaceAll(uri, t);
      await c.current(uri);
    }
    const env = await c.open('test/we/.env', randomBytes(3, 5000).toString('latin1').replace(/\0/g, '='));
    await c.current(env);
    const bin = await c.open('test/we/blob.bin', randomBytes(7, 4096).toString('latin1'));
    assert.deepEqual(await c.current(bin), [], 'binary content has no ports');
    await c.hover(bin, { line: 0, character: 3 });
    // binary berth.yaml: its own errors show, nothing crashes, other files keep the last valid allocation
    const berth = await c.open('berth.yaml', randomBytes(4, 3000).toString('latin1'), 'yaml');
    const own = await c.current(berth);
    assert.ok(own.length >= 1 && own.every((d) => d.code === 'schema'));
    await c.hover(berth, { line: 0, character: 1 });
    await c.codeActions(berth, own[0].range, own);
    const cfg = await c.open('test/we/config.yaml', weConfig, 'yaml');
    assert.equal((await c.current(cfg)).length, 2);
    // garbage on disk, picked up by the watcher path
    await c.writeFile('test/we/garbage.yaml', randomBytes(5, 10000), FileChangeType.Created);
    const mark = c.published.length;
    const audit = await c.writeFile(
      'audit/.env',
      'REDIS_URL=redis://localhost:16399/0\n' + randomBytes(8, 2000).toString('latin1').replace(/\0/g, ''),
    );
    await c.diagnostics(audit, () => true, { since: mark });
    assert.ok(
      c.logs.every((l) => !/failed/.test(l)),
      c.logs.join('\n'),
    );
  });
});
