// Stacks that run a compose file: what `berth up` would refuse in that file shows as diagnostics over LSP —
// from the workspace scan, from the editor's buffer while the file is open, and after changes on disk.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, FileChangeType, type Diagnostic } from 'vscode-languageserver/node';
import { LspTestClient, tempWorkspace, messageOf } from './lspClient';

const berthYaml = `version: 1
ranges:
  redis: 16379-16399
services:
  api:
    ports: { redis: 16379 }
    stack: { compose: deploy/compose.yml }
  worker:
    ports: { redis: 16380 }
    stack:
      compose: worker/docker-compose.yml
`;

const compose = `services:
  redis:
    image: redis:7-alpine
    ports: ["16380:6379"]
  app:
    image: app:local
    depends_on: [redis, cache]
`;

/** [line, character, endCharacter, severity, code, message] of each diagnostic, in line order. */
function summary(
  diagnostics: Diagnostic[],
): [number, number, number, DiagnosticSeverity | undefined, string, string][] {
  return [...diagnostics]
    .sort((a, b) => a.range.start.line - b.range.start.line)
    .map((d) => [
      d.range.start.line,
      d.range.start.character,
      d.range.end.character,
      d.severity,
      String(d.code),
      messageOf(d),
    ]);
}

const missingWorkerCompose = 'cannot read compose file worker/docker-compose.yml: ENOENT';

describe('server: compose files of stacks', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  beforeEach(async () => {
    ws = tempWorkspace({ 'berth.yaml': berthYaml, 'deploy/compose.yml': compose });
    c = await LspTestClient.start(ws.root);
  });
  afterEach(async () => {
    await c.dispose();
    ws.cleanup();
  });

  test('the workspace scan reports the compose file once per problem, and a missing compose file at its compose: key', async () => {
    const p = await c.diagnostics(c.uri('deploy/compose.yml'), (x) => x.diagnostics.length > 0);
    assert.deepEqual(summary(p.diagnostics), [
      // the port rule and the stack both object to 16380: one diagnostic, an error because `berth up` refuses it
      [
        3,
        13,
        18,
        DiagnosticSeverity.Error,
        'port-owned-by-other-service',
        "port 16380 belongs to 'worker' (redis); 'api' uses 16379 for redis; `berth up api` refuses to publish it",
      ],
      [6, 24, 29, DiagnosticSeverity.Error, 'stack', 'step "app" depends on unknown step "cache" (steps: redis, app)'],
    ]);
    const berth = await c.diagnostics(c.uri('berth.yaml'), (x) => x.diagnostics.length > 0);
    assert.deepEqual(summary(berth.diagnostics), [[10, 6, 0, DiagnosticSeverity.Error, 'stack', missingWorkerCompose]]);
    assert.equal(berth.diagnostics[0].range.end.line, 11);
  });

  test("an open compose file is checked from the editor's buffer, not the disk", async () => {
    const uri = await c.open('deploy/compose.yml', compose, 'yaml');
    assert.equal((await c.current(uri, (d) => d.length === 2)).length, 2);
    await c.edit(uri, [
      { range: { start: { line: 6, character: 24 }, end: { line: 6, character: 29 } }, newText: 'cache2' },
    ]);
    assert.deepEqual(
      summary(await c.current(uri)).map((d) => d[5]),
      [
        "port 16380 belongs to 'worker' (redis); 'api' uses 16379 for redis; `berth up api` refuses to publish it",
        'step "app" depends on unknown step "cache2" (steps: redis, app)',
      ],
    );
    await c.replaceAll(uri, compose.replace('16380:6379', '16379:6379').replace('[redis, cache]', '[redis]'));
    assert.deepEqual(await c.current(uri), []);
    // closing it without saving shows the disk's problems again
    const mark = c.published.length;
    await c.close(uri);
    await c.diagnostics(uri, (x) => x.version === undefined && x.diagnostics.length === 2, { since: mark });
  });

  test('compose files created, changed and deleted on disk are followed (berth.yaml included)', async () => {
    const berthUri = c.uri('berth.yaml');
    await c.diagnostics(berthUri, (x) => x.diagnostics.length === 1);
    let mark = c.published.length;
    await c.writeFile(
      'worker/docker-compose.yml',
      'services:\n  redis:\n    image: redis:7-alpine\n    ports: ["16380:6379"]\n',
      FileChangeType.Created,
    );
    await c.diagnostics(berthUri, (x) => x.diagnostics.length === 0, { since: mark });
    // worker's compose file is clean: nothing published for it beyond an empty list
    assert.equal(
      c.published.filter((x) => x.uri === c.uri('worker/docker-compose.yml') && x.diagnostics.length > 0).length,
      0,
    );

    mark = c.published.length;
    await c.writeFile('deploy/compose.yml', compose.replace('[redis, cache]', '[redis]'));
    const changed = await c.diagnostics(c.uri('deploy/compose.yml'), () => true, { since: mark });
    assert.deepEqual(
      summary(changed.diagnostics).map((d) => d[4]),
      ['port-owned-by-other-service'],
    );

    mark = c.published.length;
    rmSync(join(ws.root, 'worker', 'docker-compose.yml'));
    await c.fileChanged('worker/docker-compose.yml', FileChangeType.Deleted);
    const back = await c.diagnostics(berthUri, (x) => x.diagnostics.length > 0, { since: mark });
    assert.deepEqual(
      summary(back.diagnostics).map((d) => d[5]),
      [missingWorkerCompose],
    );
  });

  test('editing berth.yaml keeps a missing compose file reported at its moving key, and drops it once the path exists', async () => {
    const uri = await c.open('berth.yaml', berthYaml, 'yaml');
    await c.diagnostics(uri, (x) => x.version === 1 && x.diagnostics.length === 1);
    await c.edit(uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# allocations\n' },
    ]);
    // the first publish for the edited version already has it, one line further down (no flicker)
    assert.deepEqual(
      summary(await c.current(uri)).map((d) => [d[0], d[1], d[5]]),
      [[11, 6, missingWorkerCompose]],
    );
    const mark = c.published.length;
    await c.replaceAll(uri, berthYaml.replace('worker/docker-compose.yml', 'deploy/compose.yml'));
    const version = c.version(uri);
    await c.diagnostics(uri, (x) => x.version === version && x.diagnostics.length === 0, { since: mark });
  });
});
