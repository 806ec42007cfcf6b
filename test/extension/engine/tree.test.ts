// test-needs: engine
// The tree model against the real engine state (EngineStateStore over real Docker and real Podman, the real
// holder scan, the real classifier): labels, descriptions, icons and context values, without mocking dockerode.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import type { Engine } from '../../../src/engine/connection';
import { EngineSnapshot, EngineStateStore } from '../../../src/engine/state';
import { scanAllocated } from '../../../src/host/portScan';
import { buildStatus } from '../../../src/model/status';
import { statusSummary } from '../../../src/extension/statusSummary';
import { buildTree, findNode } from '../../../src/extension/tree/buildTree';
import { fromEngineStatus } from '../../../src/extension/tree/engineNode';
import { closeClean, connectClean, connectTestEngine, runContainer, testEngines } from '../../support/engines';
import { rawDocker } from '../../support/rawDocker';

const TEST_LABEL = 'berth.test';
const TEST_VALUE = 'ext-tree';

testEngines().forEach(({ kind }, i) => {
  describe(`tree model on ${kind}`, () => {
    // EXT-UI port block 24000–24499: 24300+ for this file, 10 per engine.
    const web = 24300 + i * 10;
    const spare = web + 1;
    const clash = web + 2;
    const svc = `treelive-${kind}`;
    const other = `neighbour-${kind}`;
    const jobs = `jobs-${kind}`;
    const parsed = parseBerthYaml(`version: 1
services:
  ${svc}:
    ports: { http: ${web}, spare: ${spare}, cache: ${clash} }
  ${other}:
    ports: { http: ${clash} }
  ${jobs}:
    ports: { http: ${web + 3} }
    stack:
      migrate: { image: busybox:stable, run: once }
      seed: { image: busybox:stable, run: once }
`);
    assert.ok(parsed.config);
    const config = parsed.config;
    let engine: Engine;
    let store: EngineStateStore;
    let webId = '';

    before(async () => {
      engine = await connectClean(kind, TEST_LABEL, TEST_VALUE);
      // Podman runs no HEALTHCHECKs without systemd: the store triggers them, as the extension configures it.
      store = new EngineStateStore({
        connect: () => connectTestEngine(kind),
        config,
        debounceMs: 50,
        podmanHealthcheckMs: 300,
      });
      await store.start();
    });
    after(async () => {
      store?.dispose();
      await closeClean(engine, TEST_LABEL, TEST_VALUE);
    });

    async function tree(snap: EngineSnapshot) {
      const model = buildStatus(config, snap, (await scanAllocated(config)).holders);
      return {
        model,
        roots: buildTree({ engine: fromEngineStatus(snap.engine), config, services: model.services, now: Date.now() }),
      };
    }

    test('engine row names the engine and its socket', async () => {
      const { roots } = await tree(store.snapshot());
      assert.equal(roots[0].contextValue, 'engine.connected');
      assert.match(roots[0].label, kind === 'docker' ? /^Docker \d/ : /^Podman \d/);
      assert.match(roots[0].description ?? '', /^unix:\/\//);
      assert.deepEqual(
        roots.slice(1).map((n) => n.label),
        [svc, other, jobs],
      );
    });

    test('a healthy service container, a free port and a port held by another service', async () => {
      webId = await runContainer(engine, {
        name: `berth-ext-tree-web-${kind}`,
        image: 'busybox:stable',
        labels: { [TEST_LABEL]: TEST_VALUE, 'berth.service': svc, 'berth.step': 'web' },
        ports: [[web, 8080]],
        healthcheck: { shell: 'true', intervalMs: 300 },
      });
      await runContainer(engine, {
        name: `berth-ext-tree-neighbour-${kind}`,
        image: 'busybox:stable',
        labels: { [TEST_LABEL]: TEST_VALUE, 'berth.service': other },
        ports: [[clash, 8080]],
        healthcheck: { shell: 'true', intervalMs: 300 },
      });
      const snap = await store.waitFor(
        (s) =>
          s.services.some((c) => c.id === webId && c.health === 'healthy') &&
          s.services.some((c) => c.service === other && c.health === 'healthy'),
        30_000,
        'web and the neighbour healthy',
      );
      const { roots, model } = await tree(snap);
      const node = findNode(roots, `service:${svc}`);
      assert.equal(node?.contextValue, 'service.running.conflict');
      assert.equal(node?.description, `1/1 healthy · 1 port held by ${other}`);
      assert.equal(node?.health, 'conflict');

      const http = findNode(roots, `service:${svc}/port:http`);
      assert.equal(http?.label, `http ${web}`);
      assert.equal(http?.description, `served by berth-ext-tree-web-${kind}`);
      assert.equal(http?.contextValue, 'port.served.http');
      assert.deepEqual(http?.icon, { id: 'plug', color: 'testing.iconPassed' });
      assert.equal(findNode(roots, `service:${svc}/port:spare`)?.description, 'free');
      const cache = findNode(roots, `service:${svc}/port:cache`);
      assert.equal(cache?.description, `held by ${other} (berth-ext-tree-neighbour-${kind})`);
      assert.equal(cache?.contextValue, 'port.other-service');

      const ctr = findNode(roots, `service:${svc}/container:${webId}`);
      assert.equal(ctr?.label, 'web');
      assert.match(ctr?.description ?? '', /^running · healthy · up \d+s · (docker\.io\/library\/)?busybox:stable/);
      assert.equal(ctr?.contextValue, 'container.running');
      assert.deepEqual(ctr?.icon, { id: 'pass', color: 'testing.iconPassed' });

      const neighbour = findNode(roots, `service:${other}`);
      assert.equal(neighbour?.contextValue, 'service.running');
      assert.equal(neighbour?.description, '1/1 healthy');
      assert.equal(
        statusSummary(fromEngineStatus(snap.engine), [{ services: model.services }]).text,
        '$(warning) 1/2 stacks healthy · 1 port conflict',
      );
    });

    test('stopped: the service reads stopped and its port frees', async () => {
      await rawDocker(engine).getContainer(webId).stop({ t: 1 });
      const snap = await store.waitFor(
        (s) => s.services.some((c) => c.id === webId && c.state === 'exited'),
        30_000,
        'web exited',
      );
      const { roots } = await tree(snap);
      assert.equal(findNode(roots, `service:${svc}`)?.contextValue, 'service.stopped.conflict');
      assert.equal(findNode(roots, `service:${svc}`)?.description, `stopped · 1 port held by ${other}`);
      assert.equal(findNode(roots, `service:${svc}/port:http`)?.description, 'free');
      const ctr = findNode(roots, `service:${svc}/container:${webId}`);
      assert.equal(ctr?.contextValue, 'container.exited');
      assert.deepEqual(ctr?.icon, { id: 'circle-slash', color: 'disabledForeground' });
    });

    test("one-shot steps read completed (exit 0) or failed (exit N), never with the image HEALTHCHECK's verdict", async () => {
      // The offline busybox:stable (scripts/provision/images.sh) has a HEALTHCHECK: Docker keeps "unhealthy" on the exited containers, Podman "starting".
      const run = (step: string, code: number) =>
        runContainer(engine, {
          name: `berth-ext-tree-${step}-${kind}`,
          image: 'busybox:stable',
          cmd: ['sh', '-c', `exit ${code}`],
          labels: { [TEST_LABEL]: TEST_VALUE, 'berth.service': jobs, 'berth.step': step },
        });
      const [migrate, seed] = [await run('migrate', 0), await run('seed', 3)];
      const snap = await store.waitFor(
        (s) =>
          [migrate, seed].every((id) =>
            s.services.some((c) => c.id === id && c.state === 'exited' && c.exitCode !== undefined),
          ),
        30_000,
        'both one-shots exited with a code',
      );
      const { roots } = await tree(snap);
      const done = findNode(roots, `service:${jobs}/container:${migrate}`);
      assert.match(done?.description ?? '', /^completed · one-shot · (docker\.io\/library\/)?busybox:stable/);
      assert.deepEqual(done?.icon, { id: 'check', color: 'disabledForeground' });
      const failed = findNode(roots, `service:${jobs}/container:${seed}`);
      assert.match(failed?.description ?? '', /^failed \(exit 3\) · one-shot · (docker\.io\/library\/)?busybox:stable/);
      assert.deepEqual(failed?.icon, { id: 'error', color: 'errorForeground' });
      const row = findNode(roots, `service:${jobs}`);
      assert.equal(row?.description, 'stopped · seed failed (exit 3)');
      assert.equal(row?.health, 'unhealthy');

      // Remove the failure: what is left is finished work, not a stopped service.
      await rawDocker(engine).getContainer(seed).remove({ force: true });
      const after = await store.waitFor((s) => !s.services.some((c) => c.id === seed), 30_000, 'seed removed');
      const clean = findNode((await tree(after)).roots, `service:${jobs}`);
      assert.deepEqual([clean?.description, clean?.health], ['not running', 'idle']);
    });
  });
});
