// Each quick fix, applied as an editor would: the diagnostic goes away and the edit is exactly right.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { LspTestClient, tempWorkspace, messageOf, pick } from './lspClient';
import { berthYaml, fixtureFiles, weConfig } from './fixture';

describe('server quick fixes', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  beforeEach(async () => {
    ws = tempWorkspace({
      ...fixtureFiles(),
      'test/we/client_test.ts': 'const url = "http://localhost:16387/health";\n',
    });
    c = await LspTestClient.start(ws.root);
  });
  afterEach(async () => {
    await c.dispose();
    ws.cleanup();
  });

  async function actionsFor(uri: string, line: number): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const diags = await c.current(uri, (d) => d.some((x) => x.range.start.line === line));
    const diagnostic = diags.find((d) => d.range.start.line === line)!;
    return { diagnostic, actions: await c.codeActions(uri, diagnostic.range, [diagnostic]) };
  }

  test('"Use <service>\'s <role> port N" replaces just the port', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    const { actions } = await actionsFor(uri, 3);
    const use = pick(actions, "Use workflowexecution's postgres port 15441");
    assert.equal(use.kind, 'quickfix');
    assert.equal(use.isPreferred, true);
    assert.deepEqual(Object.keys(use.edit!.changes!), [uri]);
    await c.apply(use.edit!);
    assert.equal(c.text(uri), 'redis:\n  addr: localhost:16387\npostgres:\n  port: 15441\n');
    const after = await c.current(uri);
    assert.deepEqual(
      after.map((d) => d.range.start.line),
      [1],
    );
  });

  test('"Allocate the next free <role> port N" edits berth.yaml (block map) and the file in one WorkspaceEdit', async () => {
    const uri = await c.open('test/we/config.yaml', weConfig, 'yaml');
    const { actions } = await actionsFor(uri, 1);
    assert.ok(!actions.some((a) => a.title.startsWith('Use ')), 'workflowexecution has no redis port to use');
    const alloc = pick(actions, 'Allocate the next free redis port 16380 to workflowexecution');
    assert.deepEqual(Object.keys(alloc.edit!.changes!).sort(), [c.uri('berth.yaml'), uri].sort());
    await c.apply(alloc.edit!); // berth.yaml is not open: written on disk, as VS Code does
    assert.equal(
      readFileSync(path.join(ws.root, 'berth.yaml'), 'utf8'),
      berthYaml.replace('      postgres: 15441\n', '      postgres: 15441\n      redis: 16380\n'),
    );
    assert.equal(c.text(uri), weConfig.replace('16387', '16380'));
    const after = await c.diagnostics(
      uri,
      (p) => p.version === c.version(uri) && !p.diagnostics.some((d) => d.range.start.line === 1),
    );
    assert.deepEqual(
      after.diagnostics.map((d) => d.range.start.line),
      [3],
    );
  });

  test('"Allocate" into a flow map while berth.yaml is open edits its buffer', async () => {
    const berth = await c.open('berth.yaml', berthYaml, 'yaml');
    await c.current(berth);
    const env = 'REDIS_URL=redis://localhost:16387/0\n';
    const uri = await c.open('audit/.env', env);
    const { actions } = await actionsFor(uri, 0);
    await c.apply(pick(actions, 'Allocate the next free redis port 16380 to audit').edit!);
    assert.equal(
      c.text(berth),
      berthYaml.replace('ports: { postgres: 15445 }', 'ports: { postgres: 15445, redis: 16380 }'),
    );
    assert.equal(c.text(uri), 'REDIS_URL=redis://localhost:16380/0\n');
    await c.diagnostics(uri, (p) => p.version === c.version(uri) && p.diagnostics.length === 0);
    assert.deepEqual(await c.current(berth), []);
  });

  test('"Ignore on this line" uses the file type\'s comment syntax', async () => {
    const cases: [string, string, string][] = [
      ['test/we/config.yaml', weConfig, weConfig.replace('localhost:16387\n', 'localhost:16387 # berth-ignore\n')],
      [
        'audit/.env',
        'REDIS_URL=redis://localhost:16387/0\n',
        '# berth-ignore-next-line\nREDIS_URL=redis://localhost:16387/0\n',
      ],
      [
        'test/we/client_test.ts',
        'const url = "http://localhost:16387/health";\n',
        'const url = "http://localhost:16387/health"; // berth-ignore\n',
      ],
    ];
    for (const [rel, text, expected] of cases) {
      const uri = await c.open(rel, text);
      const line = rel.endsWith('config.yaml') ? 1 : 0;
      const { actions } = await actionsFor(uri, line);
      await c.apply(pick(actions, 'Ignore on this line').edit!);
      assert.equal(c.text(uri), expected, rel);
      const after = await c.current(uri);
      assert.ok(!after.some((d) => messageOf(d).includes('16387')), `${rel}: ${JSON.stringify(after)}`);
    }
  });

  test('JSON has no comments: no ignore fix, the other fixes still apply', async () => {
    const json = readFileSync(path.join(ws.root, 'hapi/settings.json'), 'utf8');
    const uri = await c.open('hapi/settings.json', json, 'json');
    const { actions } = await actionsFor(uri, 2);
    assert.ok(!actions.some((a) => a.title === 'Ignore on this line'));
    await c.apply(pick(actions, "Use hapi's postgres port 15439").edit!);
    assert.equal(c.text(uri), '{\n  "redisPort": 16387,\n  "dbPort": 15439\n}\n');
    await c.diagnostics(uri, (p) => p.version === c.version(uri) && p.diagnostics.length === 0);
  });

  test('berth.yaml duplicate-allocation: "Move <service>.<role> to the next free port N"', async () => {
    const dup = berthYaml.replace('      http: 18110\n', '      http: 18110\n      postgres: 15441\n');
    const berth = await c.open('berth.yaml', dup, 'yaml');
    const diags = await c.current(berth, (d) => d.length === 2);
    assert.ok(diags.every((d) => d.code === 'duplicate-allocation'));
    const notification = diags.find((d) => d.range.start.line === 22)!;
    const actions = await c.codeActions(berth, notification.range, [notification]);
    await c.apply(pick(actions, 'Move notification.postgres to the next free port 15434').edit!);
    assert.equal(c.text(berth), berthYaml.replace('      http: 18110\n', '      http: 18110\n      postgres: 15434\n'));
    assert.deepEqual(await c.current(berth), []);
  });

  test('berth.yaml out-of-range: the same move brings the port into its range', async () => {
    const outside = berthYaml.replace('      postgres: 15441\n', '      postgres: 15460\n');
    const berth = await c.open('berth.yaml', outside, 'yaml');
    const [d] = await c.current(berth, (x) => x.length === 1);
    assert.equal(d.code, 'out-of-range');
    await c.apply(
      pick(await c.codeActions(berth, d.range, [d]), 'Move workflowexecution.postgres to the next free port 15434')
        .edit!,
    );
    assert.equal(c.text(berth), berthYaml.replace('      postgres: 15441\n', '      postgres: 15434\n'));
    assert.deepEqual(await c.current(berth), []);
  });
});
