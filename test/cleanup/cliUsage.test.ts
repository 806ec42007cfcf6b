// berth clean: usage errors exit 2 with a located, clear message (no engine needed); the answer parser.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectionFromAnswer } from '../../src/cli/clean';
import { gvproxyOptionsFromEnv } from '../../src/host/gvproxy';
import type { CleanupPlan } from '../../src/cleanup/model';
import { runClean, workspace } from './helpers';

describe('berth clean usage', () => {
  test('bad usage exits 2 and says why', async () => {
    const { root } = await workspace(
      'version: 1\nservices:\n  a:\n    ports: { redis: 23601 }\n  b:\n    ports: { redis: 23602 }\n',
    );
    const cases: [string[], RegExp][] = [
      [[], /which service\?/],
      [['a', 'b'], /unexpected argument 'b'/],
      [['a', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['a', '--grace-ms', 'soon'], /--grace-ms must be a whole number/],
      [['a', '--dry-run', '--yes'], /contradict/],
      [['zz'], /unknown service "zz" in berth\.yaml \(services: a, b\)/],
    ];
    for (const [args, re] of cases) {
      const r = await runClean(args, root);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, re, args.join(' '));
    }
    const empty = await mkdtemp(join(tmpdir(), 'berth-clean-empty-'));
    const none = await runClean(['a'], empty);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /berth\.yaml/);
    assert.equal((await runClean(['--help'], root)).code, 0);
  });

  test('an unreachable engine is said, and the plan still covers processes (nothing engine-side is judged)', async () => {
    const { root } = await workspace('version: 1\nservices:\n  a:\n    ports: { redis: 23603 }\n');
    const r = await runClean(['a', '--dry-run', '--host', `unix://${root}/no-such.sock`], root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Cleanup plan for service a \(no engine\)/);
    assert.match(r.stdout, /engine: no container engine answered/);
    assert.match(r.stdout, /redis 23603: free/);
  });

  test('the terminal answer: y keeps the selection, numbers pick items, anything else aborts', () => {
    const item = (id: string, action: 'none' | 'terminate-process') => ({
      id,
      action,
      ports: [],
      why: '',
      preselected: false,
      foreign: false,
    });
    const plan: CleanupPlan = {
      service: 'a',
      ports: [],
      warnings: [],
      items: [
        item('keep:1:free', 'none'),
        item('process:10', 'terminate-process'),
        item('process:11', 'terminate-process'),
      ],
    };
    assert.deepEqual(selectionFromAnswer('y', plan, ['process:10']), ['process:10']);
    assert.deepEqual(selectionFromAnswer('', plan, ['process:10']), []);
    assert.deepEqual(selectionFromAnswer('2, 1', plan, []), ['process:11', 'process:10']);
    assert.match(selectionFromAnswer('3', plan, []) as string, /not an item number \(1–2\)/);
  });

  test('gvproxy command from the environment must be a JSON array of strings', () => {
    assert.deepEqual(gvproxyOptionsFromEnv({ BERTH_GVPROXY_COMMAND: '["podman","machine","ssh","dev"]' }).command, [
      'podman',
      'machine',
      'ssh',
      'dev',
    ]);
    assert.equal(gvproxyOptionsFromEnv({}, 'dev').machine, 'dev');
    assert.throws(
      () => gvproxyOptionsFromEnv({ BERTH_GVPROXY_COMMAND: 'podman machine ssh' }),
      /must be a JSON array of strings/,
    );
  });
});
