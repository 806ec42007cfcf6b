// Failures while taking a stack down are reported, not swallowed: a container or network the engine refuses to
// remove becomes a warning in the result and a 'warning' event, and the rest of the teardown still happens.
// The engine here is a stand-in that refuses on purpose (a real engine cannot be made to refuse on demand).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/engine/connection';
import type { Container } from '../../src/model/container';
import type { StackEvent } from '../../src/stack/events';
import { StartRun } from '../../src/stack/startRun';
import { removeCreated, runStop } from '../../src/stack/teardown';

const refused = (what: string) =>
  Object.assign(new Error(`(HTTP code 500) ${what}: device or resource busy`), { statusCode: 500 });

/** An engine that removes everything except the ids and networks in `refuse`. */
function standIn(refuse: Set<string>, containers: Container[] = [], networks: string[] = []) {
  const removed: string[] = [];
  const engine = {
    kind: 'docker',
    host: { kind: 'local' },
    socket: 'unix:///stand-in.sock',
    containers: () => Promise.resolve(containers),
    stop: () => Promise.resolve(),
    remove: (id: string) => (refuse.has(id) ? Promise.reject(refused(id)) : (removed.push(id), Promise.resolve(true))),
    network: () => Promise.resolve({ attached: 0 }),
    removeNetwork: (n: string) =>
      refuse.has(n) ? Promise.reject(refused(n)) : (removed.push(n), Promise.resolve(true)),
    networks: () => (refuse.has('list') ? Promise.reject(refused('list')) : Promise.resolve(networks)),
    volumes: () => Promise.resolve([]),
  };
  return { engine: engine as unknown as Engine, removed };
}

const container = (id: string, step: string): Container => ({
  id,
  name: `berth-svc-${step}`,
  image: 'x',
  state: 'exited',
  ports: [],
  labels: { 'berth.service': 'svc', 'berth.step': step },
});

describe('teardown reports what it could not remove', () => {
  test('a failed run: the refused container and the network are warnings; the others are removed', async () => {
    const { engine, removed } = standIn(new Set(['b', 'berth-svc']));
    const events: StackEvent[] = [];
    const run = new StartRun({
      engine,
      root: '/',
      config: { services: [] } as never,
      service: 'svc',
      onEvent: (e) => events.push(e),
    });
    for (const [id, step] of [
      ['a', 'db'],
      ['b', 'cache'],
      ['c', 'app'],
    ]) {
      run.outcomes.set(step, { step, state: 'ready', hostPorts: [] });
      run.created.push({ id, name: `berth-svc-${step}`, step });
    }
    await removeCreated(run);
    assert.deepEqual(removed, ['c', 'a']);
    const r = run.result({ kind: 'step', step: 'app', message: 'failed' });
    assert.deepEqual(r.warnings, [
      'could not remove container berth-svc-cache: (HTTP code 500) b: device or resource busy',
      'could not remove network berth-svc: (HTTP code 500) berth-svc: device or resource busy',
    ]);
    assert.deepEqual(
      events.filter((e) => e.phase === 'warning').map((e) => e.detail),
      r.warnings,
    );
    assert.deepEqual(
      r.steps.map((s) => `${s.step}:${s.state}`),
      ['db:removed', 'cache:ready', 'app:removed'],
    );
  });

  test('Stop Stack: a network that cannot be listed or removed is a warning; the stop itself succeeded', async () => {
    const { engine, removed } = standIn(new Set(['list', 'berth-svc']), [container('a', 'db')]);
    const r = await runStop({ engine, service: 'svc' });
    assert.equal(r.ok, true);
    assert.deepEqual(removed, ['a']);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, [
      'could not list the stack networks: (HTTP code 500) list: device or resource busy',
      'could not remove network berth-svc: (HTTP code 500) berth-svc: device or resource busy',
    ]);
  });
});
