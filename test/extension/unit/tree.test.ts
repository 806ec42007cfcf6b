// The tree's view model: labels, icons, descriptions and context values of the status model
// (src/model/status.ts), built from a real berth.yaml parse and hand-made engine/holder facts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import type { BerthConfig, ServiceDef } from '../../../src/core/types';
import type { ServiceContainer } from '../../../src/model/container';
import type { PortHolder } from '../../../src/model/holder';
import type { PortStatus } from '../../../src/model/portStatus';
import { serviceStatus, type ServiceStatus } from '../../../src/model/status';
import { buildTree, findNode } from '../../../src/extension/tree/buildTree';
import { containerDescription } from '../../../src/extension/tree/containerNode';
import { engineNode, EngineView } from '../../../src/extension/tree/engineNode';
import { portDescription, portNode } from '../../../src/extension/tree/portNode';
import { statusSummary } from '../../../src/extension/statusSummary';
import { configTemplate } from '../../../src/extension/configTemplate';

const yaml = `version: 1
services:
  we:
    ports: { postgres: 15441, redis: 16388, http: 18097 }
    stack:
      postgres:
        image: postgres:16-alpine
        ports: [ "postgres:5432" ]
      migrations:
        image: postgres:16-alpine
        depends_on: { postgres: ready }
        run: once
      redis:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
  hapi:
    ports:
      postgres: { port: 15439, shared_with: [ notification ] }
  notification:
    ports: { http: 18100 }
`;

function config(): BerthConfig {
  const r = parseBerthYaml(yaml);
  assert.ok(r.config, JSON.stringify(r.findings));
  return r.config;
}
function svc(name: string): ServiceDef {
  const s = config().services.find((x) => x.name === name);
  assert.ok(s);
  return s;
}

const now = Date.parse('2026-11-23T05:00:00Z');
function container(over: Partial<ServiceContainer>): ServiceContainer {
  return {
    id: 'c0ffee0000000000000000000000000000000000000000000000000000000000',
    name: 'we_postgres_1',
    service: 'we',
    step: 'postgres',
    image: 'postgres:16-alpine',
    state: 'running',
    ports: [{ hostPort: 15441, containerPort: 5432 }],
    startedAt: '2026-11-23T04:57:00Z',
    labels: {},
    ...over,
  };
}
function holder(over: Partial<PortHolder>): PortHolder {
  return {
    port: 15441,
    pid: 1234,
    command: 'node',
    cmdline: ['node', 'server.js'],
    state: 'listen',
    kind: 'process',
    user: 'dev',
    ...over,
  };
}
function row(role: string, port: number, state: PortStatus['state'], over: Partial<PortStatus> = {}): PortStatus {
  return { role, port, state, holders: [], detail: '', ...over };
}
/** The model's service status from hand-made ports and containers (undefined: engine unreachable). */
function status(def: ServiceDef, ports: PortStatus[], containers: ServiceContainer[] | undefined): ServiceStatus {
  return serviceStatus(def.name, def, ports, containers);
}
/** The tree of one service. */
function treeOf(def: ServiceDef, s: ServiceStatus, engine: EngineView = { state: 'connected' }) {
  return buildTree({ engine, config: { ...config(), services: [def] }, services: [s], now });
}

describe('port rows', () => {
  test('each state reads as the user expects', () => {
    const pg = container({});
    assert.equal(
      portDescription(row('postgres', 15441, 'served', { container: pg, holders: [holder({ kind: 'docker-proxy' })] })),
      'served by we_postgres_1',
    );
    assert.equal(
      portDescription(
        row('postgres', 15441, 'stale', { holders: [holder({ kind: 'docker-proxy', command: 'docker-proxy' })] }),
      ),
      'stale docker-proxy',
    );
    assert.equal(
      portDescription(row('postgres', 15441, 'foreign', { holders: [holder({})] })),
      'held by 1234 node server.js',
    );
    assert.equal(portDescription(row('postgres', 15441, 'free')), 'free');
    assert.equal(
      portDescription(row('postgres', 15439, 'free'), { sharedWith: ['notification'] }),
      'free · shared with notification',
    );
    assert.equal(
      portDescription(
        row('postgres', 15439, 'shared', { container: container({ service: 'notification', name: 'notif_pg' }) }),
      ),
      'shared with notification (notif_pg)',
    );
    assert.equal(
      portDescription(
        row('http', 18100, 'other-service', { container: container({ service: 'hapi', name: 'hapi_http' }) }),
      ),
      'held by hapi (hapi_http)',
    );
    assert.equal(
      portDescription(row('http', 18100, 'unknown', { holders: [holder({ kind: 'conmon', command: 'conmon' })] })),
      'held by conmon',
    );
  });

  test("a holder whose process Berth cannot see (pid 0) reads as the host's classifier says, not as pid 0", () => {
    const hidden = holder({ pid: 0, command: '?', cmdline: [], user: 'postgres' });
    assert.equal(
      portDescription(row('postgres', 15441, 'foreign', { holders: [hidden] })),
      'held by a process of postgres (not visible to Berth)',
    );
    const tip = portNode('we', row('postgres', 15441, 'foreign', { holders: [hidden] })).tooltip ?? '';
    assert.match(tip, /^• a process of postgres \(not visible to Berth\)$/m);
    assert.doesNotMatch(tip, /pid 0/);
  });

  test('long command lines are clipped', () => {
    const long = holder({ cmdline: ['node', 'x'.repeat(200)] });
    const d = portDescription(row('http', 1, 'foreign', { holders: [long] }));
    assert.ok(d.length < 70, d);
    assert.ok(d.endsWith('…'));
  });
});

describe('containers', () => {
  const we = () => svc('we');
  const one = (c: ServiceContainer) => status(we(), [], [c]).containers![0];

  test("description shows the model's state words, uptime and image", () => {
    assert.equal(
      containerDescription(one(container({ health: 'healthy' })), now),
      'running · healthy · up 3m · postgres:16-alpine',
    );
    assert.equal(
      containerDescription(one(container({ state: 'exited', exitCode: 0, health: 'unhealthy' })), now),
      'exited · postgres:16-alpine',
    );
    assert.equal(
      containerDescription(one(container({ startedAt: '0001-01-01T00:00:00Z' })), now),
      'running · postgres:16-alpine',
    );
  });

  test('a one-shot step reads completed or failed with its exit code, never with a health', () => {
    const done = one(container({ step: 'migrations', state: 'exited', exitCode: 0, health: 'unhealthy' }));
    assert.equal(containerDescription(done, now), 'completed · one-shot · postgres:16-alpine');
    const failed = one(container({ step: 'migrations', state: 'exited', exitCode: 2, health: 'unhealthy' }));
    assert.equal(containerDescription(failed, now), 'failed (exit 2) · one-shot · postgres:16-alpine');
    assert.equal(
      containerDescription(one(container({ step: 'migrations' })), now),
      'running · one-shot · up 3m · postgres:16-alpine',
    );

    const roots = treeOf(
      we(),
      status(
        we(),
        [],
        [
          container({ id: 'ok', step: 'migrations', state: 'exited', exitCode: 0 }),
          container({ id: 'bad', step: 'migrations', state: 'exited', exitCode: 2 }),
        ],
      ),
    );
    const ok = findNode(roots, 'service:we/container:ok');
    assert.deepEqual(ok?.icon, { id: 'check', color: 'disabledForeground' });
    assert.match(ok?.tooltip ?? '', /\nstate completed · one-shot\n/);
    const bad = findNode(roots, 'service:we/container:bad');
    assert.deepEqual(bad?.icon, { id: 'error', color: 'errorForeground' });
    assert.equal(bad?.contextValue, 'container.exited');
    const svcRow = findNode(roots, 'service:we');
    assert.equal(svcRow?.description, 'stopped · migrations failed (exit 2)');
    assert.equal(svcRow?.health, 'unhealthy');
    assert.deepEqual(svcRow?.icon, { id: 'error', color: 'errorForeground' });
  });

  test('a plain exited container shows its exit code in the tooltip', () => {
    const roots = treeOf(
      we(),
      status(we(), [], [container({ id: 'r', step: 'redis', state: 'exited', exitCode: 137 })]),
    );
    const n = findNode(roots, 'service:we/container:r');
    assert.match(n?.tooltip ?? '', /\nstate exited \(exit 137\)\nports 15441→5432$/);
    assert.deepEqual(n?.icon, { id: 'circle-slash', color: 'disabledForeground' });
  });
});

describe('service rows', () => {
  const we = () => svc('we');
  const ports = [row('postgres', 15441, 'served'), row('redis', 16388, 'served'), row('http', 18097, 'free')];
  const rowOf = (s: ServiceStatus, def = we()) => findNode(treeOf(def, s), `service:${def.name}`);

  test('all running and healthy; a completed one-shot does not count', () => {
    const cs = [
      container({ health: 'healthy' }),
      container({ id: 'b', name: 'we_migrations', step: 'migrations', state: 'exited', exitCode: 0 }),
      container({ id: 'c', name: 'we_redis', step: 'redis' }),
    ];
    const n = rowOf(status(we(), ports, cs));
    assert.equal(n?.health, 'healthy');
    assert.equal(n?.description, '2/2 healthy');
    assert.deepEqual(n?.icon, { id: 'pass', color: 'testing.iconPassed' });
    assert.match(n?.tooltip ?? '', /^we: healthy\n2\/2 healthy\nstack: 3 steps\n/);
    assert.equal(
      findNode(treeOf(we(), status(we(), ports, cs)), 'service:we/containers')?.description,
      '2 running of 3',
    );
  });

  test('starting, unhealthy, conflict and their icons', () => {
    assert.deepEqual(rowOf(status(we(), ports, [container({ health: 'starting' })]))?.icon, {
      id: 'sync~spin',
      color: 'charts.yellow',
    });
    const sick = rowOf(
      status(we(), ports, [container({ health: 'unhealthy' }), container({ id: 'c', step: 'redis' })]),
    );
    assert.deepEqual(
      [sick?.health, sick?.description, sick?.icon.color],
      ['unhealthy', '1/2 healthy', 'errorForeground'],
    );
    const gv = holder({ port: 18097, kind: 'gvproxy', command: 'gvproxy', cmdline: ['gvproxy'] });
    const conflict = rowOf(
      status(
        we(),
        [ports[0], ports[1], row('http', 18097, 'stale', { holders: [gv] })],
        [container({}), container({ id: 'c', step: 'redis' })],
      ),
    );
    assert.deepEqual(
      [conflict?.health, conflict?.description, conflict?.contextValue],
      ['conflict', '2/2 healthy · 1 port held by gvproxy', 'service.running.stack.conflict'],
    );
    assert.deepEqual(conflict?.icon, { id: 'warning', color: 'list.warningForeground' });
    const two = rowOf(
      status(
        we(),
        [row('postgres', 15441, 'foreign', { holders: [holder({})] }), row('http', 18097, 'stale', { holders: [gv] })],
        [],
      ),
    );
    assert.equal(two?.description, 'not running · 2 ports held');
  });

  test('stopped, not running, no stack', () => {
    const stopped = rowOf(status(we(), ports, [container({ state: 'exited', exitCode: 0 })]));
    assert.deepEqual(
      [stopped?.health, stopped?.description, stopped?.contextValue],
      ['stopped', 'stopped', 'service.stopped.stack'],
    );
    assert.deepEqual(stopped?.icon, { id: 'circle-slash', color: 'disabledForeground' });
    const idle = rowOf(status(we(), ports, []));
    assert.deepEqual(
      [idle?.health, idle?.description, idle?.contextValue],
      ['idle', 'not running', 'service.idle.stack'],
    );
    assert.equal(
      rowOf(status(svc('notification'), [row('http', 18100, 'free')], []), svc('notification'))?.description,
      'no stack',
    );
  });
});

describe('tree', () => {
  const engine = {
    state: 'connected' as const,
    kind: 'podman' as const,
    version: '4.3.1',
    socket: 'unix:///run/podman/podman.sock',
    source: 'default',
  };

  test('engine first, then services in berth.yaml order, with stable ids and context values', () => {
    const c = config();
    const services = c.services.map((def) =>
      status(
        def,
        def.ports.map((a) =>
          row(
            a.role,
            a.port,
            def.name === 'we' && a.role === 'postgres' ? 'served' : 'free',
            def.name === 'we' && a.role === 'postgres' ? { container: container({ health: 'healthy' }) } : {},
          ),
        ),
        def.name === 'we' ? [container({ health: 'healthy' })] : [],
      ),
    );
    // A leftover of a service berth.yaml no longer lists is `berth status`'s business, not a tree row.
    services.push(serviceStatus('ghost', undefined, [], [container({ id: 'g', service: 'ghost', state: 'exited' })]));
    const roots = buildTree({ engine, config: c, services, now });
    assert.deepEqual(
      roots.map((r) => r.label),
      ['Podman 4.3.1', 'we', 'hapi', 'notification'],
    );
    assert.equal(roots[0].contextValue, 'engine.connected');
    assert.equal(roots[0].description, 'unix:///run/podman/podman.sock');
    const we = findNode(roots, 'service:we');
    assert.ok(we);
    assert.equal(we.contextValue, 'service.running.stack');
    assert.equal(we.description, '1/1 healthy');
    assert.equal(findNode(roots, 'service:hapi')?.contextValue, 'service.idle');
    const port = findNode(roots, 'service:we/port:postgres');
    assert.equal(port?.label, 'postgres 15441');
    assert.equal(port?.description, 'served by we_postgres_1');
    assert.equal(port?.contextValue, 'port.served');
    // http rows carry .http: Open in Browser and Copy URL are offered on them only.
    assert.match(findNode(roots, 'service:we/port:http')?.contextValue ?? '', /^port\.\w[\w-]*\.http$/);
    assert.deepEqual(port?.ref, {
      service: 'we',
      role: 'postgres',
      port: 15441,
      containerId: container({}).id,
      containerName: 'we_postgres_1',
    });
    const ctr = findNode(roots, `service:we/container:${container({}).id}`);
    assert.equal(ctr?.label, 'postgres');
    assert.equal(ctr?.contextValue, 'container.running');
    assert.equal(findNode(roots, 'service:hapi/port:postgres')?.description, 'free · shared with notification');
    assert.equal(we.health, 'healthy');
    const s = statusSummary(engine, [{ services }]);
    assert.equal(s.text, '$(pass) 1/1 stack healthy');
    assert.equal(
      s.tooltip,
      'Berth: click to show the services\nwe: 1/1 healthy\nhapi: no stack\nnotification: no stack',
    );
  });

  test('a conflict marks the service so the inline Clean action shows', () => {
    const def = svc('we');
    const s = status(def, [row('postgres', 15441, 'foreign', { holders: [holder({})] })], []);
    const roots = treeOf(def, s, engine);
    assert.equal(findNode(roots, 'service:we')?.contextValue, 'service.idle.stack.conflict');
    assert.equal(findNode(roots, 'service:we')?.description, 'not running · 1 port held by node');
    assert.equal(findNode(roots, 'service:we/ports')?.description, '1 · 1 conflict');
    assert.equal(findNode(roots, 'service:we/port:postgres')?.contextValue, 'port.foreign');
    const bar = statusSummary(engine, [{ services: [s] }]);
    assert.equal(bar.text, '$(warning) no stacks running · 1 port conflict');
    assert.equal(bar.background, 'statusBarItem.warningBackground');
    assert.equal(
      statusSummary(engine, [{ services: [status(def, [], [container({ health: 'unhealthy' })])] }]).background,
      'statusBarItem.errorBackground',
    );
  });

  test('no berth.yaml: empty tree (welcome content); no services: a message row', () => {
    assert.deepEqual(buildTree({ engine, config: undefined, services: [], now }), []);
    const r = buildTree({ engine, config: { ...config(), services: [] }, services: [], now });
    assert.equal(r[1].label, 'berth.yaml lists no services');
  });

  test('a named engine that does not answer is the row itself, with Retry; a remote engine shows its host', () => {
    const tried = [
      { source: 'DOCKER_HOST', target: 'ssh://root@build-box', error: 'ssh build-box: Permission denied' },
    ];
    const e = engineNode({ state: 'unreachable', tried, explicit: true });
    assert.deepEqual(
      [e.label, e.description, e.contextValue, e.children.length],
      ['ssh://root@build-box did not answer', 'DOCKER_HOST: ssh build-box: Permission denied', 'engine.unreachable', 0],
    );
    const c = engineNode({
      state: 'connected',
      kind: 'docker',
      version: '20.10',
      socket: 'ssh://build-box',
      on: 'build-box via ssh',
    });
    assert.equal(c.label, 'Docker 20.10 on build-box via ssh');
  });

  test('unreachable engine lists what was tried; containers read as unknown', () => {
    const tried = [
      { source: 'default', target: 'unix:///var/run/docker.sock', error: 'no such socket' },
      { source: 'podman rootful', target: 'unix:///run/podman/podman.sock', error: 'permission denied' },
    ];
    const e = engineNode({ state: 'unreachable', tried });
    assert.equal(e.contextValue, 'engine.unreachable');
    assert.equal(e.description, 'tried 2 endpoints · set berth.engine.host');
    assert.deepEqual(
      e.children.map((c) => `${c.label} ${c.description}`),
      [
        'unix:///var/run/docker.sock default: no such socket',
        'unix:///run/podman/podman.sock podman rootful: permission denied',
      ],
    );
    const def = svc('we');
    const s = status(
      def,
      [row('postgres', 15441, 'unknown', { holders: [holder({ kind: 'conmon', command: 'conmon' })] })],
      undefined,
    );
    const roots = treeOf(def, s, { state: 'unreachable', tried });
    const n = findNode(roots, 'service:we');
    assert.deepEqual(
      [n?.contextValue, n?.description, n?.health],
      ['service.unknown.stack', 'engine unreachable', 'unknown'],
    );
    assert.deepEqual(n?.icon, { id: 'question', color: 'disabledForeground' });
    assert.equal(findNode(roots, 'service:we/containers')?.children[0].label, 'engine unreachable');
    assert.equal(findNode(roots, 'service:we/port:postgres')?.description, 'held by conmon');
    assert.equal(
      statusSummary({ state: 'unreachable', tried }, [{ services: [s] }]).text,
      '$(debug-disconnect) Berth: no engine',
    );
    const connecting = treeOf(def, serviceStatus('we', def, [], undefined, 'connecting to the engine'), {
      state: 'connecting',
    });
    assert.equal(findNode(connecting, 'service:we/containers')?.children[0].label, 'connecting to the engine');
  });
});

test('the berth.yaml template parses without findings', () => {
  const r = parseBerthYaml(configTemplate('orders'));
  assert.deepEqual(r.findings, []);
  assert.deepEqual(
    r.config?.services.map((s) => s.name),
    ['orders'],
  );
});
