// `berth env` in-process on temp workspaces: every format, worker selection, and each refusal with exit 2.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/env';
import { runCommand } from '../support/cli';
import { removeTempWorkspaces, tempWorkspace } from './tempWorkspace';

after(removeTempWorkspaces);

const YAML = `version: 1
services:
  workflowexecution:
    workers: 3
    ports: { postgres: 15441, datastorage-http: 18097 }
  hapi:
    ports: { redis: 16387 }
`;

function berthEnv(
  args: string[],
  env: Record<string, string> = {},
  files: Record<string, string> = { 'berth.yaml': YAML },
) {
  return runCommand((a, io) => run(a, io, env), args, tempWorkspace(files));
}

describe('berth env', () => {
  test('dotenv by default: one line per variable', async () => {
    const r = await berthEnv(['workflowexecution']);
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    assert.equal(
      r.out,
      'BERTH_SERVICE=workflowexecution\nBERTH_WORKER=1\nBERTH_POSTGRES_PORT=15441\nBERTH_DATASTORAGE_HTTP_PORT=18097\n',
    );
  });

  test('shell and json; --worker 3 shifts every port by 2', async () => {
    const sh = await berthEnv(['workflowexecution', '--worker', '3', '--format', 'shell']);
    assert.equal(sh.code, 0);
    assert.match(sh.out, /^export BERTH_WORKER=3$/m);
    assert.match(sh.out, /^export BERTH_POSTGRES_PORT=15443$/m);
    const js = await berthEnv(['workflowexecution', '--worker', '2', '--format', 'json']);
    assert.deepEqual(JSON.parse(js.out), {
      BERTH_SERVICE: 'workflowexecution',
      BERTH_WORKER: '2',
      BERTH_POSTGRES_PORT: '15442',
      BERTH_DATASTORAGE_HTTP_PORT: '18098',
    });
  });

  test('the worker is detected from the test runner (GINKGO_PARALLEL_PROCESS, PYTEST_XDIST_WORKER)', async () => {
    const g = await berthEnv(['workflowexecution', '--format', 'json'], { GINKGO_PARALLEL_PROCESS: '2' });
    assert.equal(JSON.parse(g.out).BERTH_POSTGRES_PORT, '15442');
    const p = await berthEnv(['workflowexecution', '--format', 'json'], { PYTEST_XDIST_WORKER: 'gw2' });
    assert.equal(JSON.parse(p.out).BERTH_WORKER, '3');
  });

  test('github appends to $GITHUB_ENV, keeping what was there', async () => {
    const root = tempWorkspace({ 'berth.yaml': YAML, 'gh.env': 'EARLIER=1\n' });
    const file = join(root, 'gh.env');
    const r = await runCommand((a, io) => run(a, io, { GITHUB_ENV: file }), ['hapi', '--format', 'github'], root);
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(file, 'utf8'), 'EARLIER=1\nBERTH_SERVICE=hapi\nBERTH_WORKER=1\nBERTH_REDIS_PORT=16387\n');
    writeFileSync(file, '');
  });

  test('refusals exit 2 with the reason on stderr and nothing on stdout', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [[], {}, /which service\?/],
      [['nope'], {}, /no service "nope" in berth\.yaml \(services: workflowexecution, hapi\)/],
      [['workflowexecution', '--worker', '4'], {}, /worker 4 is beyond the 3 workers of 'workflowexecution'/],
      [['hapi'], { JEST_WORKER_ID: '2' }, /'hapi' has one set of ports; .* \(worker 2 from JEST_WORKER_ID\)/],
      [['hapi'], { PYTEST_XDIST_WORKER: 'master' }, /PYTEST_XDIST_WORKER=master does not name a worker/],
      [['hapi', '--format', 'xml'], {}, /--format must be one of dotenv, shell, json, github/],
      [['hapi', '--format', 'github'], {}, /\$GITHUB_ENV, which is not set/],
      [['hapi', '--worker'], {}, /--worker/],
    ];
    for (const [args, env, re] of cases) {
      const r = await berthEnv(args, env);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.out, '', args.join(' '));
      assert.match(r.err, re, args.join(' '));
    }
  });

  test('no berth.yaml, or an unreadable one, exits 2 saying so', async () => {
    const none = await berthEnv(['hapi'], {}, { 'README.md': 'x' });
    assert.equal(none.code, 2);
    assert.match(none.err, /no berth\.yaml in /);
    const broken = await berthEnv(['hapi'], {}, { 'berth.yaml': '- 1\n' });
    assert.equal(broken.code, 2);
    assert.match(broken.err, /berth\.yaml is unusable:\n {2}berth\.yaml:1:1: /);
  });
});
