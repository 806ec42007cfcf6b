// The cleanup plan for a remote engine's machine (pure): a stale gvproxy there is never unexposed through this
// machine's `podman machine ssh` (that reaches the local Podman machine); the plan says so, offers only ending
// gvproxy on that machine (unselected), and a stale forwarder there is ended there (execute routes it over ssh).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, defaultSelection } from '../../src/cleanup/plan';
import { executeCleanup } from '../../src/cleanup/execute';
import type { Engine } from '../../src/engine/connection';
import type { EngineHost } from '../../src/model/engineHost';
import { actionable, dockerProxy, holder, holdersOf, inputs } from './planInputs';

const BOX: EngineHost = { kind: 'ssh', name: 'build-box', address: '10.213.91.2' };
const gv = (port: number) =>
  holder({ port, pid: 777, kind: 'gvproxy', command: 'gvproxy', cmdline: ['/usr/bin/gvproxy', '-ssh-port', '23999'] });
const forwards = [{ local: ':23001', remote: '192.168.127.2:23001', protocol: 'tcp' }];

describe('cleanup plan of a remote engine', () => {
  test('a stale gvproxy forward there: "not available for remote engines", no unexpose item', () => {
    // Even with a forwarder list in hand (from wherever), a remote host means no unexpose.
    const plan = buildPlan(
      inputs({
        engine: { kind: 'podman', socket: 'ssh://build-box/run/podman/podman.sock' },
        host: BOX,
        holders: holdersOf(gv(23001)),
        gvproxy: new Map([[777, { forwards }]]),
      }),
    );
    assert.deepEqual(
      plan.items.filter((i) => i.action === 'unexpose-forward'),
      [],
    );
    const kept = plan.items.find((i) => i.action === 'none' && i.holder?.pid === 777);
    assert.equal(
      kept?.why,
      'held by gvproxy (pid 777) on build-box with no container publishing it: unexposing a gvproxy forward is not available for remote engines',
    );
    assert.deepEqual(
      actionable(plan.items).map((i) => [i.action, i.preselected]),
      [['kill-gvproxy', false]],
    );
    assert.deepEqual(defaultSelection(plan, { includeForeign: true }), []);
    assert.deepEqual(plan.warnings, [], 'no "cannot read the forwarder list" warning: it was never to be read');
  });

  test('the same holders on this machine: the forward is unexposed (preselected)', () => {
    const plan = buildPlan(
      inputs({
        engine: { kind: 'podman', socket: 'machine' },
        holders: holdersOf(gv(23001)),
        gvproxy: new Map([[777, { forwards }]]),
      }),
    );
    const unexpose = plan.items.filter((i) => i.action === 'unexpose-forward');
    assert.deepEqual(
      unexpose.map((i) => [i.forward?.local, i.preselected]),
      [[':23001', true]],
    );
  });

  test('a stale docker-proxy there is still offered: it is ended on that machine, not here', () => {
    const proxy = dockerProxy(23002, 900);
    const plan = buildPlan(inputs({ host: BOX, holders: holdersOf(proxy) }));
    assert.deepEqual(
      actionable(plan.items).map((i) => [i.action, i.holder?.pid, i.preselected]),
      [['terminate-process', 900, true]],
    );
  });

  test('executing an unexpose item with a remote engine refuses it; nothing is run here', async () => {
    const plan = buildPlan(
      inputs({
        engine: { kind: 'podman', socket: 'machine' },
        holders: holdersOf(gv(23001)),
        gvproxy: new Map([[777, { forwards }]]),
      }),
    );
    const id = plan.items.find((i) => i.action === 'unexpose-forward')!.id;
    // An engine object with only what execute reads; listing containers fails (the re-scan then says "held").
    const engine = { kind: 'podman', host: BOX } as unknown as Engine;
    const report = await executeCleanup(plan, [id], {
      engine,
      // Would exit 0 and print a status if run: a refusal proves it was not.
      gvproxy: { command: [process.execPath, '-e', 'console.log("\\n@@berth-status:200")', '--'] },
      scan: async (ports) => new Map(ports.map((p) => [p, []])),
    });
    assert.deepEqual(
      report.actions.map((a) => [a.action, a.outcome, a.detail]),
      [['unexpose-forward', 'refused', 'unexposing a gvproxy forward is not available for remote engines (build-box)']],
    );
  });
});
