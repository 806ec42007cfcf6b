// test-needs: engine
// `berth status` end to end: a real workspace directory, a real engine, real holders.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/status';
import type { Engine } from '../../src/engine/connection';
import { runCommand } from '../support/cli';
import { closeClean, connectClean, runContainer, testEngines } from '../support/engines';
import { rawDocker } from '../support/rawDocker';

const status = (args: string[], cwd: string) => runCommand(run, args, cwd);

const TEST_LABEL = 'berth.test';
const TEST_VALUE = 'engine-status-cli';

describe('berth status', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-status-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('exit 2 without berth.yaml, and on bad usage', async () => {
    const r = await status(['--root', dir], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /no berth.yaml/);
    assert.equal((await status(['--bogus'], dir)).code, 2);
  });

  test('exit 2 when berth.yaml is not usable', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'berth-status-bad-'));
    writeFileSync(join(bad, 'berth.yaml'), '- just\n- a list\n');
    const r = await status([bad], dir);
    rmSync(bad, { recursive: true, force: true });
    assert.equal(r.code, 2);
    assert.match(r.err, /unusable/);
  });

  test('a named engine that does not answer is reported with what was tried; exit 1', async () => {
    writeFileSync(join(dir, 'berth.yaml'), 'version: 1\nservices:\n  web:\n    ports: { http: 21380 }\n');
    const r = await status(['--host', 'unix:///tmp/berth-no-engine-21380.sock'], dir);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^engine: unreachable — unix:\/\/\/tmp\/berth-no-engine-21380.sock: no such socket/);
    assert.match(r.out, /tried setting: unix:\/\/\/tmp\/berth-no-engine-21380.sock: no such socket/);
    assert.match(r.out, /\nweb {2}unknown {2}engine unreachable\n {2}ports:\n {4}http {2}21380 {2}free\n/);
  });

  test('a set DOCKER_HOST that does not answer: exit 1 naming it, and no other engine (the local ones answer)', async () => {
    writeFileSync(join(dir, 'berth.yaml'), 'version: 1\nservices:\n  web:\n    ports: { http: 21381 }\n');
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///tmp/berth-no-engine-21381.sock';
    try {
      const r = await status([], dir);
      assert.equal(r.code, 1, r.err);
      assert.match(r.out, /^engine: unreachable — unix:\/\/\/tmp\/berth-no-engine-21381.sock: no such socket/);
      assert.match(r.out, /tried DOCKER_HOST: unix:\/\/\/tmp\/berth-no-engine-21381.sock: no such socket/);
      // The shared engines run on their default sockets: neither is tried nor shown.
      assert.doesNotMatch(r.out, /docker\.sock|podman\.sock|engine: (docker|podman) /);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  testEngines().forEach(({ kind, host }, i) => {
    describe(`on ${kind}`, () => {
      const port = 21382 + i * 4;
      let engine: Engine;
      before(async () => {
        engine = await connectClean(kind, TEST_LABEL, TEST_VALUE);
      });
      after(() => closeClean(engine, TEST_LABEL, TEST_VALUE));

      test('--json: engine, service ports with holders, containers', async () => {
        writeFileSync(
          join(dir, 'berth.yaml'),
          `version: 1\nservices:\n  web:\n    ports: { http: ${port}, spare: ${port + 1} }\n`,
        );
        await runContainer(engine, {
          name: `berth-eng-status-${kind}`,
          image: 'busybox:stable',
          labels: { [TEST_LABEL]: TEST_VALUE, 'berth.service': 'web' },
          ports: [[port, 8080]],
        });
        const r = await status(['--json', '--host', host, '--root', dir], '/');
        assert.equal(r.code, 0, r.err);
        const j = JSON.parse(r.out);
        assert.equal(j.engine.state, 'connected');
        assert.equal(j.engine.kind, kind);
        const web = j.services.find((s: { name: string }) => s.name === 'web');
        assert.deepEqual(
          web.ports.map((p: { port: number; state: string }) => [p.port, p.state]),
          [
            [port, 'served'],
            [port + 1, 'free'],
          ],
        );
        assert.equal(web.ports[0].holders[0].kind, kind === 'docker' ? 'docker-proxy' : 'conmon');
        assert.deepEqual(
          web.containers.map((c: { name: string; state: string }) => [c.name, c.state]),
          [[`berth-eng-status-${kind}`, 'running']],
        );
        const text = await status(['--host', host, dir], '/');
        assert.match(text.out, new RegExp(`http +${port} +served +served by berth-eng-status-${kind}`));
      });

      test('one-shot steps: completed and failed (exit N), in the same words as the tree', async () => {
        writeFileSync(
          join(dir, 'berth.yaml'),
          `version: 1\nservices:\n  jobs:\n    ports: { http: ${port + 2} }\n    stack:\n      migrate: { image: busybox:stable, run: once }\n      seed: { image: busybox:stable, run: once }\n`,
        );
        const run = (step: string, code: number) =>
          runContainer(engine, {
            name: `berth-eng-status-${step}-${kind}`,
            image: 'busybox:stable',
            cmd: ['sh', '-c', `exit ${code}`],
            labels: { [TEST_LABEL]: TEST_VALUE, 'berth.service': 'jobs', 'berth.step': step },
          });
        const ids = [await run('migrate', 0), await run('seed', 4)];
        await Promise.all(ids.map((id) => rawDocker(engine).getContainer(id).wait()));
        const r = await status(['--host', host, dir], '/');
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /\njobs {2}unhealthy {2}stopped · seed failed \(exit 4\)\n/);
        // The image's HEALTHCHECK left a verdict on the exited containers: it is not shown (the image follows the words).
        assert.match(
          r.out,
          new RegExp(
            `\\n {4}berth-eng-status-migrate-${kind} {2}completed · one-shot {2}(docker\\.io/library/)?busybox:stable`,
          ),
        );
        assert.match(
          r.out,
          new RegExp(
            `\\n {4}berth-eng-status-seed-${kind} {2}failed \\(exit 4\\) · one-shot {2}(docker\\.io/library/)?busybox:stable`,
          ),
        );
        const j = JSON.parse((await status(['--json', '--host', host, dir], '/')).out);
        const jobs = j.services.find((s: { name: string }) => s.name === 'jobs');
        assert.deepEqual(
          jobs.containers.map((c: { step: string; exitCode: number; health?: string; summary: string }) => [
            c.step,
            c.exitCode,
            c.health,
            c.summary,
          ]),
          [
            ['migrate', 0, undefined, 'completed · one-shot'],
            ['seed', 4, undefined, 'failed (exit 4) · one-shot'],
          ],
        );
      });
    });
  });
});
