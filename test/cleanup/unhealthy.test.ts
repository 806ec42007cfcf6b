// test-needs: engine
// A running but unhealthy container of the service (real engine, Docker AND Podman): offered for
// removal, not preselected; removed (forcefully) only when selected, which frees its port.
// Podman runs no healthchecks by itself here (no systemd timers): the test triggers them through
// the libpod healthcheck endpoint, as `podman healthcheck run` does.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/engine/connection';
import { defaultSelection, planCleanup } from '../../src/cleanup/plan';
import { executeCleanup } from '../../src/cleanup/execute';
import { closeClean, connectTestEngine, testEngines, waitFor } from '../support/engines';
import { TEST_LABEL, workspace } from './helpers';
import { rawDocker } from '../support/rawDocker';

const PORT = { docker: 23150, podman: 23250 } as const;

async function health(engine: Engine, id: string): Promise<string | undefined> {
  const d = (await rawDocker(engine).getContainer(id).inspect()) as { State: { Health?: { Status?: string } } };
  return d.State.Health?.Status;
}

/** Podman: run the healthcheck once (GET /v4.0.0/libpod/containers/{id}/healthcheck). */
function runPodmanHealthcheck(engine: Engine, id: string): Promise<unknown> {
  return new Promise((resolve) => {
    rawDocker(engine).modem.dial(
      {
        path: `/v4.0.0/libpod/containers/${id}/healthcheck`,
        method: 'GET',
        statusCodes: { 200: true, 409: true, 500: true },
      },
      (_err: unknown, data: unknown) => resolve(data),
    );
  });
}

for (const { kind } of testEngines()) {
  const port = PORT[kind];
  const tag = `cleanup-unhealthy-${kind}-${process.pid}`;
  describe(`unhealthy container on ${kind}`, () => {
    let engine: Engine;
    after(() => closeClean(engine, TEST_LABEL, tag));

    test('is offered for removal, not preselected, and removed only when selected', async () => {
      engine = await connectTestEngine(kind);
      const { config } = await workspace(`version: 1\nservices:\n  sick:\n    ports: { http: ${port} }\n`);
      const c = await rawDocker(engine).createContainer({
        name: tag,
        Image: 'busybox:stable',
        Labels: { 'berth.service': 'sick', [TEST_LABEL]: tag },
        ExposedPorts: { '8080/tcp': {} },
        Healthcheck: { Test: ['CMD', 'false'], Interval: 500_000_000, Timeout: 1_000_000_000, Retries: 1 },
        HostConfig: { PortBindings: { '8080/tcp': [{ HostPort: String(port) }] } },
      });
      await c.start();
      await waitFor(
        `${kind} container ${tag} unhealthy`,
        async () => {
          if (kind === 'podman') await runPodmanHealthcheck(engine, c.id);
          return (await health(engine, c.id)) === 'unhealthy';
        },
        30_000,
        250,
      );

      const plan = await planCleanup({ engine, config, service: 'sick' });
      const item = plan.items.find((i) => i.container?.id === c.id)!;
      assert.equal(item.action, 'remove-container');
      assert.equal(item.preselected, false);
      assert.match(item.why, /running but unhealthy/);
      assert.deepEqual(defaultSelection(plan, { includeForeign: true }), []);
      assert.equal(plan.ports[0].state, 'served');

      const untouched = await executeCleanup(plan, defaultSelection(plan), { engine, config });
      assert.deepEqual(untouched.actions, []);
      assert.equal((await c.inspect()).State.Running, true);

      const report = await executeCleanup(plan, [item.id], { engine, config });
      assert.deepEqual(
        report.actions.map((a) => a.outcome),
        ['done'],
      );
      await assert.rejects(c.inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
      assert.deepEqual(
        report.ports.map((p) => [p.port, p.state]),
        [[port, 'free']],
      );
    });
  });
}
