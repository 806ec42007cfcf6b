// test-needs: engine
// Containers started/removed and health changes reach the state store through the event stream.
// The backstop poll is set to an hour, so only events can deliver these changes within the bounds.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { ContainerEvent } from '../../src/engine/events';
import { EngineSnapshot, EngineStateStore } from '../../src/engine/state';
import {
  closeClean,
  connectClean,
  connectTestEngine,
  execIn,
  runContainer,
  testEngines,
  waitFor,
} from '../support/engines';
import type { Engine } from '../../src/engine/connection';
import { rawDocker } from '../support/rawDocker';

const TEST_LABEL = 'berth.test';
const TEST_VALUE = 'engine-state';

testEngines().forEach(({ kind }, i) => {
  describe(`state store on ${kind}`, () => {
    const port = 21320 + i * 10;
    const service = `statesvc-${kind}`;
    const { config } = parseBerthYaml(`version: 1\nservices:\n  ${service}:\n    ports: { http: ${port} }\n`);
    let engine: Engine;
    let store: EngineStateStore;
    const events: ContainerEvent[] = [];

    before(async () => {
      engine = await connectClean(kind, TEST_LABEL, TEST_VALUE);
      store = new EngineStateStore({
        connect: () => connectTestEngine(kind),
        config,
        pollMs: 3_600_000,
        debounceMs: 50,
        onEvent: (e) => events.push(e),
      });
      await store.start();
    });
    after(async () => {
      store?.dispose();
      await closeClean(engine, TEST_LABEL, TEST_VALUE);
    });

    const mine = (s: EngineSnapshot) => s.services.find((c) => c.service === service);

    test('connected, with engine info', () => {
      const e = store.snapshot().engine;
      assert.equal(e.state, 'connected', JSON.stringify(e));
      assert.ok(e.state === 'connected' && e.kind === kind && /^unix:\/\//.test(e.socket));
    });

    test('start, health healthy → unhealthy, removal: each reaches the store via events', async () => {
      assert.equal(mine(store.snapshot()), undefined);
      const id = await runContainer(engine, {
        name: `berth-eng-state-${kind}`,
        image: 'busybox:stable',
        labels: { [TEST_LABEL]: TEST_VALUE, 'berth.service': service, 'berth.step': 'web' },
        ports: [[port, 8080]],
        healthcheck: { shell: 'test ! -f /tmp/bad', intervalMs: 300, retries: 1 },
      });
      const running = await store.waitFor(
        (s) => mine(s)?.state === 'running' && mine(s)!.ports.length > 0,
        15_000,
        'container running with its port',
      );
      assert.deepEqual(
        mine(running)!.ports.map((p) => [p.hostPort, p.containerPort]),
        [[port, 8080]],
      );

      // Podman runs no health checks without systemd: trigger them, as the stack runner does.
      if (kind === 'podman') await engine.healthcheck(id);
      await store.waitFor((s) => mine(s)?.health === 'healthy', 20_000, 'healthy');

      assert.equal(await execIn(engine, id, ['touch', '/tmp/bad']), 0);
      if (kind === 'podman') assert.equal((await engine.healthcheck(id)).status, 'unhealthy');
      await store.waitFor((s) => mine(s)?.health === 'unhealthy', 20_000, 'unhealthy');

      await rawDocker(engine).getContainer(id).remove({ force: true });
      await store.waitFor((s) => mine(s) === undefined, 15_000, 'container gone');

      // The store may see the container gone from an earlier event's read; the remove event itself follows.
      await waitFor('remove event', () => events.some((e) => e.id === id && e.kind === 'remove'), 10_000);
      const kinds = new Set(events.filter((e) => e.id === id).map((e) => e.kind));
      for (const k of ['create', 'start', 'health', 'stop', 'remove'] as const)
        assert.ok(kinds.has(k), `no ${k} event among ${[...kinds]}`);
    });

    test('berth.yaml changes re-match containers without an event', async () => {
      const other = `renamed-${kind}`;
      const id = await runContainer(engine, {
        name: `berth-eng-state-named-${kind}`,
        image: 'busybox:stable',
        labels: { [TEST_LABEL]: TEST_VALUE },
      });
      await store.waitFor((s) => s.containers.some((c) => c.id === id), 15_000, 'container seen');
      assert.equal(
        store.snapshot().services.some((c) => c.id === id),
        false,
      );
      const next = parseBerthYaml(
        `version: 1\nservices:\n  ${other}:\n    ports: { http: ${port + 1} }\n    stack:\n      web: { image: busybox:stable, container_name: berth-eng-state-named-${kind} }\n`,
      ).config;
      store.setConfig(next);
      const s = await store.waitFor((x) => x.services.some((c) => c.id === id), 10_000, 'matched by container_name');
      assert.equal(s.services.find((c) => c.id === id)!.service, other);
    });

    if (kind === 'podman') {
      test('podmanHealthcheckMs: the store runs Podman health checks itself', async () => {
        const own = new EngineStateStore({
          connect: () => connectTestEngine(kind),
          config,
          pollMs: 3_600_000,
          debounceMs: 50,
          podmanHealthcheckMs: 200,
        });
        try {
          await own.start();
          const id = await runContainer(engine, {
            name: `berth-eng-state-hc-${kind}`,
            image: 'busybox:stable',
            labels: { [TEST_LABEL]: TEST_VALUE, 'berth.service': service },
            healthcheck: { shell: 'test ! -f /tmp/bad', retries: 1 },
          });
          await own.waitFor(
            (s) => s.services.some((c) => c.id === id && c.health === 'healthy'),
            15_000,
            'healthy without a manual trigger',
          );
          assert.equal(await execIn(engine, id, ['touch', '/tmp/bad']), 0);
          await own.waitFor(
            (s) => s.services.some((c) => c.id === id && c.health === 'unhealthy'),
            15_000,
            'unhealthy without a manual trigger',
          );
        } finally {
          own.dispose();
        }
      });
    }
  });
});
