// test-needs: engine
// Connection and service-container listing against both real engines.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { connectEngine, Engine, EngineUnreachableError } from '../../src/engine/connection';
import { listEngineContainers, listServiceContainers } from '../../src/engine/containers';
import { closeClean, connectClean, runContainer, testEngines, waitFor } from '../support/engines';
import { rawDocker } from '../support/rawDocker';

const TEST_LABEL = 'berth.test';
const TEST_VALUE = 'engine-containers';

test('an explicit host that is not there is reported, not replaced by another engine', async () => {
  await assert.rejects(connectEngine({ host: 'unix:///tmp/berth-no-such-engine-21000.sock' }), (e: unknown) => {
    assert.ok(e instanceof EngineUnreachableError);
    assert.deepEqual(e.tried, [
      { source: 'setting', target: 'unix:///tmp/berth-no-such-engine-21000.sock', error: 'no such socket' },
    ]);
    return true;
  });
});

test('a DOCKER_HOST that does not answer is the only engine tried, though the local ones answer', async () => {
  await assert.rejects(
    connectEngine({ env: { DOCKER_HOST: 'tcp://127.0.0.1:21001' }, home: '/nonexistent' }),
    (e: unknown) => {
      assert.ok(e instanceof EngineUnreachableError);
      assert.equal(e.explicit, true);
      assert.deepEqual(e.tried, [
        { source: 'DOCKER_HOST', target: 'tcp://127.0.0.1:21001', error: 'connection refused' },
      ]);
      return true;
    },
  );
});

testEngines().forEach(({ kind }, i) => {
  describe(`containers on ${kind}`, () => {
    const base = 21300 + i * 10;
    let engine: Engine;
    const { config } = parseBerthYaml(`version: 1
services:
  shop:
    ports: { http: ${base} }
  named:
    ports: { http: ${base + 1} }
    stack:
      web: { image: busybox:stable, container_name: berth-eng-named-${kind} }
  composed:
    ports: { http: ${base + 2} }
    stack: { compose: deploy/Berth_Eng-${kind}/docker-compose.yml }
`);
    before(async () => {
      engine = await connectClean(kind, TEST_LABEL, TEST_VALUE);
    });
    after(() => closeClean(engine, TEST_LABEL, TEST_VALUE));

    test('the engine says what it is', () => {
      assert.equal(engine.kind, kind);
      assert.match(engine.version, /^\d+\.\d+/);
      assert.match(engine.apiVersion, /^1\.\d+$/);
      assert.match(engine.socket, /^unix:\/\//);
    });

    test('containers are matched by berth.service label, declared container_name and compose project', async () => {
      const labels = { [TEST_LABEL]: TEST_VALUE };
      const hc = { shell: 'test ! -f /tmp/bad', intervalMs: 300 };
      const a = await runContainer(engine, {
        name: `berth-eng-label-${kind}`,
        image: 'busybox:stable',
        labels: { ...labels, 'berth.service': 'shop', 'berth.step': 'web' },
        ports: [[base, 8080]],
        healthcheck: hc,
      });
      await runContainer(engine, { name: `berth-eng-named-${kind}`, image: 'busybox:stable', labels });
      await runContainer(engine, {
        name: `berth-eng-compose-${kind}`,
        image: 'busybox:stable',
        labels: { ...labels, 'com.docker.compose.project': `berth_eng-${kind}`, 'com.docker.compose.service': 'api' },
      });
      await runContainer(engine, { name: `berth-eng-unrelated-${kind}`, image: 'busybox:stable', labels });
      // Podman runs no health checks by itself: trigger one, as Berth's stack runner does.
      if (kind === 'podman') await engine.healthcheck(a);

      const all = await waitFor(
        'shop container healthy',
        async () => {
          const list = await listServiceContainers(engine, config);
          return list.find((c) => c.service === 'shop')?.health === 'healthy' && list;
        },
        20_000,
        200,
      );
      const mine = all.filter((c) => c.name.endsWith(`-${kind}`));
      assert.deepEqual(
        mine.map((c) => [c.service, c.step, c.name, c.state]),
        [
          ['composed', 'api', `berth-eng-compose-${kind}`, 'running'],
          ['named', 'web', `berth-eng-named-${kind}`, 'running'],
          ['shop', 'web', `berth-eng-label-${kind}`, 'running'],
        ],
      );
      const shop = mine.find((c) => c.service === 'shop')!;
      assert.deepEqual(
        shop.ports.map((p) => [p.hostPort, p.containerPort]),
        [[base, 8080]],
      );
      assert.ok(shop.startedAt && Date.parse(shop.startedAt) > Date.now() - 120_000, `startedAt ${shop.startedAt}`);
      // Podman names a short-named image by its full name.
      assert.equal(shop.image.replace(/^docker\.io\/library\//, ''), 'busybox:stable');
      // Only one service asked for.
      assert.deepEqual(
        (await listServiceContainers(engine, config, 'named')).map((c) => c.name),
        [`berth-eng-named-${kind}`],
      );
    });

    test('an exited container carries its exit code (from the list and from inspect), and no stale health', async () => {
      // The offline busybox:stable (scripts/provision/images.sh) has a HEALTHCHECK: Docker keeps "unhealthy" on an exited container, Podman "starting".
      const labels = { [TEST_LABEL]: TEST_VALUE, 'berth.service': 'jobs' };
      const ok = await runContainer(engine, {
        name: `berth-eng-exit0-${kind}`,
        image: 'busybox:stable',
        cmd: ['sh', '-c', 'exit 0'],
        labels: { ...labels, 'berth.step': 'ok' },
      });
      const bad = await runContainer(engine, {
        name: `berth-eng-exit5-${kind}`,
        image: 'busybox:stable',
        cmd: ['sh', '-c', 'exit 5'],
        labels: { ...labels, 'berth.step': 'bad' },
      });
      await Promise.all([ok, bad].map((id) => rawDocker(engine).getContainer(id).wait()));
      const all = await listEngineContainers(engine);
      assert.deepEqual(
        [ok, bad].map((id) => all.find((c) => c.id === id)).map((c) => [c?.state, c?.exitCode, c?.health]),
        [
          ['exited', 0, undefined],
          ['exited', 5, undefined],
        ],
      );
      // Service containers are inspected too (sorted by name: exit0 before exit5).
      const inspected = await listServiceContainers(engine, config, 'jobs');
      assert.deepEqual(
        inspected.map((c) => [c.id, c.step, c.state, c.exitCode, c.health]),
        [
          [ok, 'ok', 'exited', 0, undefined],
          [bad, 'bad', 'exited', 5, undefined],
        ],
      );
      const running = (await listServiceContainers(engine, config, 'shop'))[0];
      assert.equal(running?.state, 'running');
      assert.equal(running.exitCode, undefined, 'a running container has no exit code');
    });
  });
});
