import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import type { Container } from '../../src/model/container';
import type { PortHolder } from '../../src/model/holder';
import { classifyPorts } from '../../src/model/portStatus';

const { config } = parseBerthYaml(`version: 1
services:
  web:
    ports: { http: 21100, redis: 21101, pg: 21102, metrics: 21103, cache: 21104, db: 21105 }
  api:
    ports: { http: 21110, redis: 21101, db: { port: 21105, shared_with: [web] } }
`);
if (!config) throw new Error('fixture berth.yaml did not parse');

function holder(port: number, over: Partial<PortHolder>): PortHolder {
  return {
    port,
    pid: 1000 + port,
    command: 'x',
    cmdline: ['x'],
    uid: 0,
    user: 'root',
    state: 'listen',
    kind: 'process',
    ...over,
  };
}
const proxy = (port: number, containerPort: number) =>
  holder(port, {
    kind: 'docker-proxy',
    command: 'docker-proxy',
    forward: { hostPort: port, containerPort, containerIp: '172.17.0.2' },
  });
const container = (over: Partial<Container>): Container => ({
  id: 'c0',
  name: 'c0',
  image: 'img',
  state: 'running',
  ports: [],
  labels: {},
  ...over,
});

test('each holder situation gets its state and a readable detail', () => {
  const containers: Container[] = [
    container({ id: 'aaa111', name: 'web-http', service: 'web', ports: [{ hostPort: 21100, containerPort: 8080 }] }),
    container({ id: 'bbb222', name: 'api-redis', service: 'api', ports: [{ hostPort: 21101, containerPort: 6379 }] }),
    container({
      id: 'ccc333',
      name: 'web-old',
      service: 'web',
      state: 'exited',
      ports: [{ hostPort: 21103, containerPort: 9090 }],
    }),
    container({ id: 'ddd444', name: 'api-db', service: 'api', ports: [{ hostPort: 21105, containerPort: 5432 }] }),
  ];
  const holders = new Map<number, PortHolder[]>([
    [21100, [proxy(21100, 8080)]],
    [21101, [proxy(21101, 6379)]],
    [21102, [holder(21102, { pid: 4242, command: 'node', cmdline: ['node', 'server.js'], user: 'dev' })]],
    [21103, [holder(21103, { kind: 'conmon', command: 'conmon', containerId: 'ccc333' })]],
    [21104, [holder(21104, { kind: 'conmon', command: 'conmon', pid: 77, containerId: 'f00dfeed0000aaaa' })]],
    [21105, [proxy(21105, 5432)]],
  ]);
  const r = classifyPorts(config, 'web', holders, { containers, engine: 'podman' });
  assert.deepEqual(
    r.map((p) => [p.role, p.port, p.state, p.container?.name, p.detail]),
    [
      ['http', 21100, 'served', 'web-http', 'served by web-http'],
      ['redis', 21101, 'other-service', 'api-redis', "held by api's container api-redis"],
      ['pg', 21102, 'foreign', undefined, 'held by pid 4242 node server.js (dev)'],
      ['metrics', 21103, 'stale', 'web-old', 'stale conmon (pid 22103) for exited container web-old'],
      ['cache', 21104, 'stale', undefined, 'stale conmon (pid 77) for removed container f00dfeed0000'],
      ['db', 21105, 'shared', 'api-db', 'shared with api (api-db)'],
    ],
  );
});

test('free ports, docker-proxy for a vanished container, a container outside berth.yaml', () => {
  const r = classifyPorts(
    config,
    'web',
    new Map([
      [21100, [proxy(21100, 8080)]],
      [21101, [proxy(21101, 6379)]],
    ]),
    {
      containers: [container({ id: 'eee', name: 'random', ports: [{ hostPort: 21101, containerPort: 6379 }] })],
      engine: 'docker',
    },
  );
  assert.deepEqual(
    r.slice(0, 3).map((p) => [p.state, p.detail]),
    [
      ['stale', 'stale docker-proxy (pid 22100) for a container that no longer exists'],
      ['foreign', 'held by container random (not a berth.yaml service)'],
      ['free', 'free'],
    ],
  );
});

test('with the engine unreachable a forwarder is never called stale; a plain process is still foreign', () => {
  const node = holder(21101, { pid: 4242, command: 'node', cmdline: ['node', 'server.js'], user: 'dev' });
  const hidden = holder(21102, { pid: 0, command: '?', cmdline: [], user: 'root' });
  const holders = new Map([
    [21100, [proxy(21100, 8080)]],
    [21101, [proxy(21101, 6379), node]],
    [21102, [hidden]],
  ]);
  // Containers the engine once reported do not count: without the engine nothing about them is current.
  const r = classifyPorts(config, 'web', holders, {
    containers: [container({ service: 'web', ports: [{ hostPort: 21100, containerPort: 8080 }] })],
    engine: undefined,
  });
  assert.deepEqual(
    r.slice(0, 4).map((p) => [p.state, p.detail, p.holders.map((h) => h.pid)]),
    [
      [
        'unknown',
        'held by docker-proxy (pid 22100); engine unreachable: cannot tell whether it serves a container',
        [22100],
      ],
      ['foreign', 'held by pid 4242 node server.js (dev)', [4242, 22101]],
      [
        'unknown',
        'held by a process of root (not visible to Berth); engine unreachable: cannot tell whether it serves a container',
        [0],
      ],
      ['free', 'free', []],
    ],
  );
  assert.equal(r[0].container, undefined);
});

test('a socket whose process is invisible is attributed to the container publishing the port', () => {
  const hidden = holder(21100, { pid: 0, command: '?', cmdline: [], user: 'root' });
  const served = classifyPorts(config, 'web', new Map([[21100, [hidden]]]), {
    containers: [container({ name: 'w', service: 'web', ports: [{ hostPort: 21100, containerPort: 80 }] })],
    engine: 'docker',
  });
  assert.equal(served[0].state, 'served');
  const foreign = classifyPorts(config, 'web', new Map([[21100, [hidden]]]), { containers: [], engine: 'docker' });
  assert.deepEqual(
    [foreign[0].state, foreign[0].detail],
    ['foreign', 'held by a process of root (not visible to Berth)'],
  );
});

test('an unknown service has no ports', () => {
  assert.deepEqual(classifyPorts(config, 'nope', new Map(), { containers: [], engine: 'docker' }), []);
});

test('a host-network process is judged by the container its cgroup names; a forwarder of the other engine is not judged', () => {
  const web = container({ id: 'aaa111', name: 'web-host', service: 'web', ports: [] });
  const attributed = (containerId: string) =>
    holder(21100, { pid: 4242, command: 'node', cmdline: ['node', 'server.js'], user: 'dev', containerId });
  const served = classifyPorts(config, 'web', new Map([[21100, [attributed('aaa111')]]]), {
    containers: [web],
    engine: 'docker',
  });
  assert.deepEqual(
    [served[0].state, served[0].container?.name, served[0].detail],
    ['served', 'web-host', 'served by web-host'],
  );
  const unlisted = classifyPorts(config, 'web', new Map([[21100, [attributed('f'.repeat(64))]]]), {
    containers: [web],
    engine: 'docker',
  });
  assert.deepEqual(
    [unlisted[0].state, unlisted[0].detail],
    ['unknown', 'held by pid 4242 node server.js (dev), a process of container ffffffffffff that docker does not list'],
  );
  const conmon = holder(21100, { pid: 77, kind: 'conmon', command: 'conmon', containerId: 'f'.repeat(64) });
  const other = classifyPorts(config, 'web', new Map([[21100, [conmon]]]), { containers: [web], engine: 'docker' });
  assert.deepEqual(
    [other[0].state, other[0].detail],
    [
      'unknown',
      "held by conmon (pid 77), a podman forwarder; Berth is connected to docker and cannot see podman's containers",
    ],
  );
});
