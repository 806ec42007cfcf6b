// The verdicts on ports that kind node containers publish: the service's own cluster serves them (also when
// two services name one cluster), another service's cluster holds them as that service's, a cluster nobody
// names is foreign. The node is matched to the first service that names its cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { withServices } from '../../src/engine/containers';
import type { Container } from '../../src/model/container';
import type { PortHolder } from '../../src/model/holder';
import { kindNodeOf } from '../../src/model/kindNode';
import { allocatedPorts, classifyPorts } from '../../src/model/portStatus';

const { config } = parseBerthYaml(`version: 1
services:
  gateway:
    ports: { http: 21600, admin: 21601, stray: 21602 }
    kind: { cluster: e2e }
  notification:
    ports: { http: 21610 }
    kind: { cluster: e2e }
  hapi:
    ports: { http: 21620 }
    kind: { cluster: hapi-e2e }
`);
if (!config) throw new Error('fixture berth.yaml did not parse');

const node = (id: string, cluster: string, role: string, ports: [number, number][]): Container => ({
  id,
  name: `${cluster}-${role}`,
  image: 'kindest/node',
  state: 'running',
  ports: ports.map(([hostPort, containerPort]) => ({ hostIp: '127.0.0.1', hostPort, containerPort })),
  labels: { 'io.x-k8s.kind.cluster': cluster, 'io.x-k8s.kind.role': role },
});
const proxy = (port: number, containerPort: number): PortHolder => ({
  port,
  pid: 5000 + port,
  command: 'docker-proxy',
  cmdline: ['docker-proxy'],
  state: 'listen',
  kind: 'docker-proxy',
  forward: { hostPort: port, containerPort },
});

const containers = withServices(
  [
    node('a1', 'e2e', 'control-plane', [
      [21600, 30080],
      [21610, 30090],
    ]),
    node('b2', 'hapi-e2e', 'control-plane', [[21601, 30081]]),
    node('c3', 'scratch', 'worker', [[21602, 30082]]),
  ],
  config,
);
const holders = new Map<number, PortHolder[]>(
  [
    [21600, 30080],
    [21610, 30090],
    [21601, 30081],
    [21602, 30082],
  ].map(([p, n]) => [p, [proxy(p, n)]]),
);
const ev = { containers, engine: 'docker' as const };

test('nodes belong to the first service naming their cluster; others to nobody', () => {
  assert.deepEqual(
    containers.map((c) => [c.name, c.service, kindNodeOf(c)?.role]),
    [
      ['e2e-control-plane', 'gateway', 'control-plane'],
      ['hapi-e2e-control-plane', 'hapi', 'control-plane'],
      ['scratch-worker', undefined, 'worker'],
    ],
  );
});

test("the own cluster serves; another service's cluster and a cluster nobody names hold", () => {
  const gw = classifyPorts(config, 'gateway', holders, ev).map((p) => [p.port, p.state, p.detail]);
  assert.deepEqual(gw, [
    [21600, 'served', 'served by kind cluster e2e (control-plane, nodePort 30080)'],
    [21601, 'other-service', 'held by kind cluster hapi-e2e (control-plane, nodePort 30081) of hapi'],
    [21602, 'foreign', 'held by kind cluster scratch (worker, nodePort 30082), which no berth.yaml service names'],
  ]);
  // notification names the same cluster, which was matched to gateway: it still serves notification.
  assert.deepEqual(
    classifyPorts(config, 'notification', holders, ev).map((p) => [p.state, p.detail]),
    [['served', 'served by kind cluster e2e (control-plane, nodePort 30090)']],
  );
});

test("a host port only the service's kind config maps is its port too (role kind:<nodePort>), scanned and judged", () => {
  const gateway = config.services.find((s) => s.name === 'gateway')!;
  const range = gateway.range;
  gateway.kind!.mappings = [
    { containerPort: 30080, hostPort: 21600, role: 'control-plane', range },
    { containerPort: 30099, hostPort: 21609, role: 'control-plane', range },
  ];
  try {
    assert.ok(allocatedPorts(config).includes(21609));
    const cp = containers[0];
    const withExtra = [
      { ...cp, ports: [...cp.ports, { hostPort: 21609, containerPort: 30099 }] },
      ...containers.slice(1),
    ];
    const ports = classifyPorts(config, 'gateway', new Map([...holders, [21609, [proxy(21609, 30099)]]]), {
      ...ev,
      containers: withExtra,
    });
    assert.deepEqual(
      ports.map((p) => [p.role, p.port, p.state]),
      [
        ['http', 21600, 'served'],
        ['admin', 21601, 'other-service'],
        ['stray', 21602, 'foreign'],
        ['kind:30099', 21609, 'served'],
      ],
    );
  } finally {
    delete gateway.kind!.mappings;
  }
});
