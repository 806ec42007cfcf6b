// Source code over a real LSP connection: a Go and a TypeScript file get diagnostics on constants, call
// arguments (against a function declared in another file) and env setters, a hover that names the
// parameter and the owner, and quick fixes that replace the literal.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver/node';
import { LspTestClient, tempWorkspace, pick } from './lspClient';
import { fixtureFiles } from './fixture';

function markdown(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  return (h.contents as { value: string }).value;
}

const infraGo = 'package we\n\nfunc NewConfig(name string, postgresPort, redisPort int) *Config { return nil }\n';
const suiteGo = [
  'package we',
  '',
  '// WERedisPort was 16387 (http://localhost:16387) before the clash',
  'const WEPostgresPort = 15439',
  'var cfg = NewConfig("we", 15441, 16387)',
  'func init() { log.Printf("redis on %d", 16387) }',
  '',
].join('\n');
const clientTs = [
  'const db = { postgresPort: 15439, containerPort: 16387 };',
  "process.env.REDIS_PORT = '16387';",
  "console.log('http://localhost:16387');",
  '',
].join('\n');

describe('server: source code', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  beforeEach(async () => {
    ws = tempWorkspace({ ...fixtureFiles(), 'test/we/infra.go': infraGo });
    c = await LspTestClient.start(ws.root);
  });
  afterEach(async () => {
    await c.dispose();
    ws.cleanup();
  });

  test('Go: the constant and the call argument are flagged, comments and log calls are not', async () => {
    const uri = await c.open('test/we/suite_test.go', suiteGo, 'go');
    const diags = await c.current(uri, (d) => d.length === 2);
    assert.deepEqual(
      diags.map((d) => [d.range.start.line, d.range.start.character, d.code]),
      [
        [3, 23, 'port-owned-by-other-service'],
        [4, 33, 'port-owned-by-other-service'],
      ],
    );
    const hover = markdown(await c.hover(uri, { line: 4, character: 35 }));
    assert.match(hover, /Port 16387/);
    assert.match(hover, /argument for parameter `redisPort` of `NewConfig`/);
    assert.match(hover, /`hapi` · redis/);
    assert.match(markdown(await c.hover(uri, { line: 3, character: 25 })), /value of `WEPostgresPort`/);
    assert.equal(await c.hover(uri, { line: 2, character: 20 }), null, 'a comment holds no reference');

    const diagnostic = diags[0];
    const actions = await c.codeActions(uri, diagnostic.range, [diagnostic]);
    await c.apply(pick(actions, "Use workflowexecution's postgres port 15441").edit!);
    assert.equal(c.text(uri), suiteGo.replace('= 15439', '= 15441'));
    const after = await c.current(uri);
    assert.deepEqual(
      after.map((d) => d.range.start.line),
      [4],
    );
  });

  test('TypeScript: object key and env setter flagged, container-side key and console.log not', async () => {
    const uri = await c.open('test/we/client.test.ts', clientTs, 'typescript');
    const diags = await c.current(uri, (d) => d.length === 2);
    assert.deepEqual(
      diags.map((d) => [d.range.start.line, d.range.start.character]),
      [
        [0, 27],
        [1, 26],
      ],
    );
    assert.match(markdown(await c.hover(uri, { line: 1, character: 28 })), /sets environment variable `REDIS_PORT`/);
    const envFix = await c.codeActions(uri, diags[1].range, [diags[1]]);
    await c.apply(pick(envFix, 'Allocate the next free redis port 16380 to workflowexecution').edit!);
    assert.equal(c.text(uri), clientTs.replace("'16387'", "'16380'"));
    const after = await c.current(uri, (d) => d.length === 1);
    assert.equal(after[0].range.start.line, 0);
  });
});
