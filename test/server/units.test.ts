// The server's pure pieces: the per-document scheduler, berth.yaml edits, comment syntax, settings.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisScheduler, type ScheduledRun } from '../../src/server/scheduler';
import { insertPortRole, replacePortNumber } from '../../src/server/berthYamlEdits';
import { commentSyntaxFor } from '../../src/server/commentSyntax';
import { readSettings } from '../../src/server/settings';

function applied(text: string, service: string, role: string, port: number): string | undefined {
  const edit = insertPortRole(text, service, role, port);
  return edit && TextDocument.applyEdits(TextDocument.create('b', 'yaml', 0, text), [edit]);
}

describe('AnalysisScheduler', () => {
  test('a newer request replaces the pending one; other keys are independent', async () => {
    const ran: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const s = new AnalysisScheduler<string>(1, (_k, e) => assert.fail(String(e)));
    s.schedule('a', () => void ran.push('a1'));
    s.schedule('b', () => void ran.push('b1'));
    s.schedule('a', () => void ran.push('a2'));
    s.schedule('a', () => {
      ran.push('a3');
      done();
    });
    await finished;
    assert.deepEqual(ran.sort(), ['a3', 'b1']);
  });

  test('a running task learns it was superseded; cancel drops the pending one; errors are reported', async () => {
    const errors: unknown[] = [];
    const s = new AnalysisScheduler<string>(0, (_k, e) => errors.push(e));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen = new Promise<boolean>((resolve) =>
      s.schedule('a', async (run: ScheduledRun) => {
        await gate;
        resolve(run.superseded);
      }),
    );
    await new Promise<void>((r) => s.schedule('x', () => r())); // 'a' has started by the time 'x' ran (same delay, earlier)
    s.schedule('a', () => undefined);
    s.cancel('a');
    assert.equal(s.isPending('a'), false);
    release();
    assert.equal(await seen, true);
    const failed = new Promise<void>((r) =>
      s.schedule('e', () => Promise.reject(new Error('boom')).finally(() => setImmediate(r))),
    );
    await failed;
    assert.equal((errors[0] as Error).message, 'boom');
    s.dispose();
  });
});

describe('insertPortRole', () => {
  const block = 'version: 1\nservices:\n  we:\n    ports:\n      postgres: 15441   # ours\n    configs: ["x/**"]\n';
  test("block map: a new line at the last key's indentation, after its comment", () => {
    assert.equal(applied(block, 'we', 'redis', 16380), block.replace('# ours\n', '# ours\n      redis: 16380\n'));
  });
  test('block map whose last value is a nested mapping', () => {
    const t =
      'services:\n  hapi:\n    ports:\n      postgres:\n        port: 15439\n        shared_with: [n]\n  other: {}\n';
    assert.equal(applied(t, 'hapi', 'redis', 16387), t.replace('[n]\n', '[n]\n      redis: 16387\n'));
  });
  test('flow map, empty flow map, CRLF, no trailing newline', () => {
    assert.equal(
      applied('services:\n  a: { ports: { pg: 1 } }\n', 'a', 'redis', 2),
      'services:\n  a: { ports: { pg: 1, redis: 2 } }\n',
    );
    assert.equal(
      applied('services:\n  a:\n    ports: {}\n', 'a', 'redis', 2),
      'services:\n  a:\n    ports: { redis: 2 }\n',
    );
    const crlf = block.replace(/\n/g, '\r\n');
    assert.equal(applied(crlf, 'we', 'redis', 16380), crlf.replace('# ours\r\n', '# ours\r\n      redis: 16380\r\n'));
    assert.equal(
      applied('services:\n  a:\n    ports:\n      pg: 1', 'a', 'redis', 2),
      'services:\n  a:\n    ports:\n      pg: 1\n      redis: 2',
    );
  });
  test('a service without ports gets a ports block; `ports:` with nothing gets a flow map', () => {
    assert.equal(
      applied('services:\n  a:\n    configs: ["x"]\n', 'a', 'redis', 2),
      'services:\n  a:\n    configs: ["x"]\n    ports:\n      redis: 2\n',
    );
    assert.equal(
      applied('services:\n  a:\n    ports:\n  b: {}\n', 'a', 'redis', 2),
      'services:\n  a:\n    ports: { redis: 2 }\n  b: {}\n',
    );
  });
  test('refuses what it cannot edit safely', () => {
    assert.equal(insertPortRole('services:\n  a: [\n', 'a', 'r', 1), undefined, 'YAML errors');
    assert.equal(insertPortRole(block, 'nobody', 'r', 1), undefined, 'unknown service');
    assert.equal(insertPortRole('services:\n  a:\n    ports: 5\n', 'a', 'r', 1), undefined, 'ports of the wrong type');
  });
});

describe('replacePortNumber', () => {
  const doc = TextDocument.create('f', 'yaml', 1, 'url: http://localhost:16387/x\n');
  test('replaces the digits inside a wider range, or the exact number', () => {
    const wide = { start: { line: 0, character: 5 }, end: { line: 0, character: 29 } };
    assert.deepEqual(replacePortNumber(doc, wide, 16387, 16380)?.range, {
      start: { line: 0, character: 22 },
      end: { line: 0, character: 27 },
    });
    const exact = { start: { line: 0, character: 22 }, end: { line: 0, character: 27 } };
    assert.equal(replacePortNumber(doc, exact, 16387, 1)?.newText, '1');
    assert.equal(replacePortNumber(doc, exact, 9999, 1), undefined, 'stale range: the port is not there any more');
  });
});

describe('commentSyntaxFor', () => {
  test('per file type; none for JSON', () => {
    assert.equal(commentSyntaxFor('a/b/config.yaml')?.start, '#');
    assert.equal(commentSyntaxFor('x.py')?.start, '#');
    assert.equal(commentSyntaxFor('run.sh')?.start, '#');
    assert.equal(commentSyntaxFor('a_test.go')?.start, '//');
    assert.equal(commentSyntaxFor('src/x.ts')?.start, '//');
    assert.equal(commentSyntaxFor('tsconfig.json')?.start, '//');
    assert.equal(commentSyntaxFor('settings.jsonc')?.start, '//');
    assert.deepEqual(commentSyntaxFor('.env.local'), { start: '#', ownLine: true });
    assert.deepEqual(commentSyntaxFor('test/app.env'), { start: '#', ownLine: true });
    assert.equal(commentSyntaxFor('package.json'), undefined);
    assert.equal(commentSyntaxFor('LICENSE'), undefined);
  });
});

describe('readSettings', () => {
  test('accepts the pushed shapes and drops malformed values', () => {
    const s = readSettings({
      berth: {
        diagnostics: { enable: false, include: ['a/**', 3], severity: { 'out-of-range': 'off', schema: 'loud' } },
      },
    });
    assert.deepEqual(s, { enable: false, include: ['a/**'], severity: { 'out-of-range': 'off' } });
    assert.deepEqual(readSettings(null), { enable: true, include: [], severity: {} });
    assert.deepEqual(readSettings({ enable: 'yes', severity: [] }), { enable: true, include: [], severity: {} });
  });
});
