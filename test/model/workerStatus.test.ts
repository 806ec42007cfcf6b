// Parallel workers' stacks in the status model, the tree and `berth status`: containers labelled
// berth.worker=K are worker K's own stack, rolled up on their own under the service; worker 1's (unlabelled)
// containers stay the service's roll-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { serviceContainers } from '../../src/engine/containers';
import type { Container } from '../../src/model/container';
import { buildStatus } from '../../src/model/status';
import { buildTree, findNode } from '../../src/extension/tree/buildTree';
import { formatStatus } from '../../src/cli/status';

const { config } = parseBerthYaml(`version: 1
services:
  we:
    workers: 3
    ports: { pg: 21300, http: 21310 }
    stack:
      pg: { image: postgres:16-alpine, ports: ["pg:5432"] }
      migrate: { image: busybox:stable, run: once, depends_on: { pg: ready } }
      web: { image: busybox:stable, ports: ["http:8080"] }
`);
if (!config) throw new Error('fixture berth.yaml did not parse');

/** A container as the engine lists it, with Berth's labels for this worker (none for worker 1). */
function listed(step: string, worker: number, over: Partial<Container> = {}): Container {
  const labels: Record<string, string> = { 'berth.service': 'we', 'berth.step': step };
  if (worker > 1) labels['berth.worker'] = String(worker);
  const name = `berth-we-${step}${worker > 1 ? `-w${worker}` : ''}`;
  return { id: name, name, image: 'img', state: 'running', ports: [], labels, ...over };
}

const containers = [
  listed('pg', 1, { health: 'healthy' }),
  listed('web', 1),
  listed('pg', 2, { health: 'healthy' }),
  listed('migrate', 2, { state: 'exited', exitCode: 0 }),
  listed('web', 2),
  listed('pg', 3),
  listed('migrate', 3, { state: 'exited', exitCode: 3 }),
];
const model = buildStatus(
  config,
  { engine: { state: 'connected', kind: 'docker' }, containers, services: serviceContainers(containers, config) },
  new Map(),
);
const we = model.services[0];

test("the service's roll-up is worker 1's stack; each other worker is its own, with its shifted ports", () => {
  assert.deepEqual(
    [we.health, we.summary, we.containers?.map((c) => c.name)],
    ['healthy', '2/2 healthy', ['berth-we-pg', 'berth-we-web']],
  );
  assert.deepEqual(
    we.workers.map((w) => [w.worker, w.health, w.summary, w.ports, w.containers.length]),
    [
      [2, 'healthy', '2/2 ready', [21301, 21311], 3],
      [3, 'unhealthy', '1/2 ready · migrate failed (exit 3)', [21302, 21312], 2],
    ],
  );
});

test('the tree shows each worker under its service, its containers below', () => {
  const roots = buildTree({ engine: { state: 'connecting' }, config, services: model.services, now: 0 });
  const w2 = findNode(roots, 'service:we/worker:2')!;
  assert.deepEqual(
    [w2.kind, w2.label, w2.description, w2.icon.id, w2.contextValue, w2.ref],
    ['worker', 'worker 2', '2/2 ready · 21301, 21311', 'pass', 'worker', { service: 'we', worker: 2 }],
  );
  assert.deepEqual(
    w2.children.map((c) => c.label),
    ['migrate', 'pg', 'web'],
  );
  assert.equal(findNode(roots, 'service:we/worker:3')!.icon.id, 'error');
  assert.equal(findNode(roots, 'service:we/containers')!.children.length, 2, "worker 1's containers only");
});

test('berth status prints each worker after the service', () => {
  const text = formatStatus(
    {
      ...model,
      engine: {
        ...model.engine,
        version: '1',
        apiVersion: '1.41',
        socket: 's',
        source: 'x',
        skipped: [],
        host: { kind: 'local' },
      },
    },
    0,
  );
  assert.match(
    text,
    /\n {2}worker 2 {2}healthy {2}2\/2 ready {2}ports 21301, 21311\n {4}berth-we-migrate-w2 {2}completed/,
  );
  assert.match(text, /\n {2}worker 3 {2}unhealthy {2}1\/2 ready · migrate failed \(exit 3\) {2}ports 21302, 21312\n/);
});
