// test-needs: engine
// Cleaning service A on a real engine (Docker AND Podman) while service B is up beside it:
// A's leftover is removed, the foreign listener on A's port ends only when included, --dry-run and a
// non-terminal stdin change nothing, and every B container, port and process is left as it was.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { Engine } from '../../src/engine/connection';
import { defaultSelection, planCleanup } from '../../src/cleanup/plan';
import { executeCleanup } from '../../src/cleanup/execute';
import { scanHolders } from '../../src/host/holders';
import { closeClean, connectClean, testEngines, waitFor } from '../support/engines';
import { alive, createContainer, endChild, runClean, spawnListener, TEST_LABEL, workspace } from './helpers';
import { rawDocker } from '../support/rawDocker';

const BASE = { docker: 23100, podman: 23200 } as const;
const HOSTS = { docker: 'unix:///var/run/docker.sock', podman: 'unix:///run/podman/podman.sock' } as const;

for (const { kind } of testEngines()) {
  const P = BASE[kind];
  const tag = `cleanup-services-${kind}-${process.pid}`;
  describe(`berth clean on ${kind}: service A cleaned, service B untouched`, () => {
    let engine: Engine;
    let root: string;
    let config: Awaited<ReturnType<typeof workspace>>['config'];
    const children: ChildProcess[] = [];
    let foreign: ChildProcess;
    let bListener: ChildProcess;
    let aLeftover: string;
    const bContainers: string[] = [];

    const bState = async () => {
      const list = await rawDocker(engine).listContainers({
        all: true,
        filters: { label: [`berth.service=b-${kind}`] },
      });
      return list.map((c) => `${c.Id}:${c.State}`).sort();
    };
    const holderPids = async (ports: number[]) => {
      const m = await scanHolders(ports);
      return ports.map(
        (p) =>
          `${p}:${(m.get(p) ?? [])
            .map((h) => h.pid)
            .sort()
            .join(',')}`,
      );
    };

    before(async () => {
      engine = await connectClean(kind, TEST_LABEL, tag);
      ({ root, config } = await workspace(`version: 1
services:
  a-${kind}:
    ports: { redis: ${P + 1}, http: ${P + 2}, web: ${P + 3} }
  b-${kind}:
    ports: { redis: ${P + 11}, http: ${P + 12}, web: ${P + 13} }
`));
      const a = `a-${kind}`;
      const b = `b-${kind}`;
      // No healthcheck on A's running container: "running → left alone" must not hinge on a check under load.
      await createContainer(engine, {
        name: `${tag}-a-redis`,
        image: 'redis:7-alpine',
        service: a,
        testTag: tag,
        ports: [[P + 1, 6379]],
        noHealthcheck: true,
      });
      aLeftover = await createContainer(engine, {
        name: `${tag}-a-old`,
        image: 'busybox:stable',
        service: a,
        testTag: tag,
        ports: [[P + 2, 8080]],
        cmd: ['true'],
        start: 'exit',
      });
      bContainers.push(
        await createContainer(engine, {
          name: `${tag}-b-redis`,
          image: 'redis:7-alpine',
          service: b,
          testTag: tag,
          ports: [[P + 11, 6379]],
        }),
      );
      bContainers.push(
        await createContainer(engine, {
          name: `${tag}-b-http`,
          image: 'busybox:stable',
          service: b,
          testTag: tag,
          ports: [[P + 12, 8080]],
        }),
      );
      bContainers.push(
        await createContainer(engine, {
          name: `${tag}-b-old`,
          image: 'busybox:stable',
          service: b,
          testTag: tag,
          cmd: ['true'],
          start: 'exit',
        }),
      );
      foreign = await spawnListener(P + 3);
      bListener = await spawnListener(P + 13);
      children.push(foreign, bListener);
      await waitFor(`${kind} holders on ${P + 1} and ${P + 11}`, async () => {
        const m = await scanHolders([P + 1, P + 11, P + 12]);
        return [...m.values()].every((hs) => hs.length > 0);
      });
    });

    after(async () => {
      for (const c of children) await endChild(c);
      await closeClean(engine, TEST_LABEL, tag);
    });

    test('the plan: leftover preselected, foreign listed not preselected, running container left alone, nothing of B', async () => {
      const plan = await planCleanup({ engine, config, service: `a-${kind}` });
      const leftover = plan.items.find((i) => i.container?.id === aLeftover);
      assert.equal(leftover?.action, 'remove-container');
      assert.equal(leftover?.preselected, true);
      const f = plan.items.find((i) => i.holder?.pid === foreign.pid);
      assert.equal(f?.action, 'terminate-process');
      assert.equal(f?.foreign, true);
      assert.equal(f?.preselected, false);
      assert.match(f!.why, new RegExp(`: pid ${foreign.pid} \\S*node .* \\(root\\)$`, 's'));
      const redis = plan.items.find((i) => i.container?.name === `${tag}-a-redis`);
      assert.equal(redis?.action, 'none', redis?.why);
      assert.match(redis!.why, /not stale, left alone/);
      assert.deepEqual(
        plan.ports.map((p) => [p.port, p.state]),
        [
          [P + 1, 'served'],
          [P + 2, 'free'],
          [P + 3, 'held'],
        ],
      );
      for (const i of plan.items.filter((x) => x.action !== 'none')) {
        assert.ok(
          i.ports.every((p) => p >= P + 1 && p <= P + 3),
          `${i.id} is about A's ports only`,
        );
        assert.ok(!i.container || i.container.service === `a-${kind}`, `${i.id} is A's`);
      }
    });

    test('--dry-run changes nothing; without --yes and without a terminal it refuses to act', async () => {
      const before = { holders: await holderPids([P + 1, P + 3, P + 11, P + 12, P + 13]), b: await bState() };
      const dry = await runClean([`a-${kind}`, '--dry-run', '--include-foreign', '--host', HOSTS[kind]], root);
      assert.equal(dry.code, 1, dry.stderr);
      assert.match(dry.stdout, /Dry run: nothing changed/);
      assert.match(dry.stdout, /\[x\] remove container/);
      const refused = await runClean([`a-${kind}`, '--include-foreign', '--host', HOSTS[kind]], root);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /stdin is not a terminal: refusing to act without --yes/);
      assert.deepEqual(await holderPids([P + 1, P + 3, P + 11, P + 12, P + 13]), before.holders);
      assert.deepEqual(await bState(), before.b);
      assert.ok(await alive(foreign));
      await rawDocker(engine).getContainer(aLeftover).inspect(); // still there
    });

    test('cleaning without --include-foreign removes the leftover and leaves the foreign listener', async () => {
      const bBefore = await bState();
      const plan = await planCleanup({ engine, config, service: `a-${kind}` });
      const report = await executeCleanup(plan, defaultSelection(plan), { engine, config });
      assert.deepEqual(
        report.actions.map((a) => [a.id, a.outcome]),
        [[`container:${aLeftover.slice(0, 12)}`, 'done']],
      );
      await assert.rejects(
        rawDocker(engine).getContainer(aLeftover).inspect(),
        (e: { statusCode?: number }) => e.statusCode === 404,
      );
      assert.ok(await alive(foreign), 'foreign listener not selected: still running');
      assert.equal(report.allFree, false);
      assert.deepEqual(
        report.ports.map((p) => [p.port, p.state]),
        [
          [P + 1, 'served'],
          [P + 2, 'free'],
          [P + 3, 'held'],
        ],
      );
      assert.match(report.ports[2].detail, new RegExp(`^still held by pid ${foreign.pid} \\S*node `));
      assert.deepEqual(await bState(), bBefore);
    });

    test('berth clean --yes --include-foreign ends the foreign listener; every port of A ends free or served; B untouched', async () => {
      const bBefore = { holders: await holderPids([P + 11, P + 12, P + 13]), containers: await bState() };
      const r = await runClean(
        [`a-${kind}`, '--yes', '--include-foreign', '--json', '--grace-ms', '2000', '--host', HOSTS[kind]],
        root,
      );
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(
        out.report.actions.map((a: { id: string; outcome: string }) => [a.id, a.outcome]),
        [[`process:${foreign.pid}`, 'done']],
      );
      assert.equal(await alive(foreign), false);
      assert.deepEqual(
        out.report.ports.map((p: { port: number; state: string }) => [p.port, p.state]),
        [
          [P + 1, 'served'],
          [P + 2, 'free'],
          [P + 3, 'free'],
        ],
      );
      assert.deepEqual(await holderPids([P + 11, P + 12, P + 13]), bBefore.holders);
      assert.deepEqual(await bState(), bBefore.containers);
      assert.equal(bBefore.containers.length, 3);
      assert.ok(await alive(bListener));
    });
  });
}
