// test-needs: engine
// A container of the service on the host network holds its port with its own process (no forwarder):
// the holder scan sees a plain process, its cgroup names the container, and the plan leaves it alone
// as served — even --include-foreign does not select it. Real engines, Docker AND Podman.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/engine/connection';
import { defaultSelection, planCleanup } from '../../src/cleanup/plan';
import { scanHolders } from '../../src/host/holders';
import { closeClean, connectTestEngine, testEngines, waitFor } from '../support/engines';
import { TEST_LABEL, workspace } from './helpers';
import { rawDocker } from '../support/rawDocker';

const PORT = { docker: 23160, podman: 23260 } as const;

for (const { kind } of testEngines()) {
  const port = PORT[kind];
  const tag = `cleanup-hostnet-${kind}-${process.pid}`;
  describe(`host-network container on ${kind}`, () => {
    let engine: Engine;
    after(() => closeClean(engine, TEST_LABEL, tag));

    test('its process is attributed to the container: served, never offered as foreign', async () => {
      engine = await connectTestEngine(kind);
      const { config } = await workspace(`version: 1\nservices:\n  hostnet:\n    ports: { http: ${port} }\n`);
      const c = await rawDocker(engine).createContainer({
        name: tag,
        Image: 'busybox:stable',
        Cmd: ['httpd', '-f', '-p', String(port), '-h', '/www'],
        Labels: { 'berth.service': 'hostnet', [TEST_LABEL]: tag },
        HostConfig: { NetworkMode: 'host' },
      });
      await c.start();
      await waitFor(`httpd of ${tag} listening on ${port}`, async () =>
        (await scanHolders([port])).get(port)!.some((h) => h.kind === 'process'),
      );
      const plan = await planCleanup({ engine, config, service: 'hostnet' });
      const holderItem = plan.items.find((i) => i.holder?.port === port)!;
      assert.equal(holderItem.action, 'none');
      assert.match(holderItem.why, new RegExp(`container ${tag} .*which serves this service`));
      assert.equal(holderItem.holder?.containerId, c.id);
      assert.deepEqual(
        plan.ports.map((p) => [p.port, p.state]),
        [[port, 'served']],
      );
      assert.deepEqual(defaultSelection(plan, { includeForeign: true }), []);
    });
  });
}
