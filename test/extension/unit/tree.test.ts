// The tree's view model: labels, icons, descriptions, context values and the health roll-up,
// built from a real berth.yaml parse and hand-made engine/holder facts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import type { BerthConfig, ServiceDef } from '../../../src/core/types';
import type { ContainerInfo } from '../../../src/engine/containers';
import type { PortHolder } from '../../../src/host/holders';
import { buildTree, findNode } from '../../../src/extension/tree/buildTree';
import { containerDescription, formatUptime } from '../../../src/extension/tree/containerNode';
import { engineNode } from '../../../src/extension/tree/engineNode';
import { portDescription, PortRow } from '../../../src/extension/tree/portNode';
import { rollUp } from '../../../src/extension/tree/rollUp';
import { statusSummary } from '../../../src/extension/statusSummary';
import { configTemplate } from '../../../src/extension/configTemplate';

const yaml = `version: 1
services:
  we:
    ports: { postgres: 15441, redis: 16388, http: 18097 }
    stack:
      postgres:
        image: localhost/test-postgres
        ports: [ "postgres:5432" ]
      migrations:
        image: localhost/test-postgres
        depends_on: { postgres: ready }
        run: once
      redis:
        image: localhost/test-redis
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
function container(over: Partial<ContainerInfo>): ContainerInfo {
  return {
    id: 'c0ffee0000000000000000000000000000000000000000000000000000000000',
    name: 'we_postgres_1',
    service: 'we',
    step: 'postgres',
    image: 'localhost/test-postgres',
    state: 'running',
    ports: [{ hostPort: 15441, containerPort: 5432 }],
    startedAt: '2026-11-23T04:57:00Z',
    labels: {},
    ...over,
  };
}
function holder(over: Partial<PortHolder>): PortHolder {
  return { port: 15441, pid: 1234, command: 'node', cmdline: ['node', 'server.js'], state: 'listen', kind: 'process', user: 'dev', ...over };
}
function row(role: string, port: number, state: PortRow['state'], over: Partial<PortRow> = {}): PortRow {
  return { role, port, state, holders: [], detail: '', ...over } as PortRow;
}

describe('port rows', () => {
  test('each state reads as the user expects', () => {
    const pg = container({});
    assert.equal(portDescription(row('postgres', 15441, 'served', { container: pg, holders: [holder({ kind: 'docker-proxy' })] })), 'served by we_postgres_1');
    assert.equal(portDescription(row('postgres', 15441, 'stale', { holders: [holder({ kind: 'docker-proxy', command: 'docker-proxy' })] })), 'stale docker-proxy');
    assert.equal(portDescription(row('postgres', 15441, 'foreign', { holders: [holder({})] })), 'held by 1234 node server.js');
    assert.equal(portDescription(row('postgres', 15441, 'free')), 'free');
    assert.equal(portDescription(row('postgres', 15439, 'free'), { sharedWith: ['notification'] }), 'free · shared with notification');
    assert.equal(
      portDescription(row('postgres', 15439, 'shared', { container: container({ service: 'notification', name: 'notif_pg' }) })),
      'shared with notification (notif_pg)',
    );
    assert.equal(portDescription(row('http', 18100, 'other-service', { container: container({ service: 'hapi', name: 'hapi_http' }) })), 'held by hapi (hapi_http)');
    assert.equal(portDescription(row('http', 18100, 'unknown', { holders: [holder({ kind: 'conmon', command: 'conmon' })] })), 'held by conmon');
  });

  test('long command lines are clipped', () => {
    const long = holder({ cmdline: ['node', 'x'.repeat(200)] });
    const d = portDescription(row('http', 1, 'foreign', { holders: [long] }));
    assert.ok(d.length < 70, d);
    assert.ok(d.endsWith('…'));
  });
});

describe('containers', () => {
  test('uptime formats', () => {
    assert.equal(formatUptime(45_000), '45s');
    assert.equal(formatUptime(3 * 60_000 + 5_000), '3m');
    assert.equal(formatUptime((2 * 60 + 5) * 60_000), '2h 5m');
    assert.equal(formatUptime(2 * 3600_000), '2h');
    assert.equal(formatUptime((4 * 24 + 3) * 3600_000), '4d 3h');
  });
  test('description shows state, health, uptime and image', () => {
    assert.equal(containerDescription(container({ health: 'healthy' }), now), 'running · healthy · up 3m · localhost/test-postgres');
    assert.equal(containerDescription(container({ state: 'exited', health: 'unhealthy' }), now), 'exited · localhost/test-postgres');
    assert.equal(containerDescription(container({ state: 'exited', step: 'migrations' }), now, true), 'exited · one-shot · localhost/test-postgres');
    assert.equal(containerDescription(container({ startedAt: '0001-01-01T00:00:00Z' }), now), 'running · localhost/test-postgres');
  });
});

describe('health roll-up', () => {
  const we = () => svc('we');
  const ports = [row('postgres', 15441, 'served'), row('redis', 16388, 'served'), row('http', 18097, 'free')];

  test('all running and healthy; a finished one-shot does not count', () => {
    const cs = [
      container({ health: 'healthy' }),
      container({ id: 'b', name: 'we_migrations', step: 'migrations', state: 'exited' }),
      container({ id: 'c', name: 'we_redis', step: 'redis' }),
    ];
    const r = rollUp(we(), ports, cs);
    assert.equal(r.health, 'healthy');
    const built = buildTree({ engine: { state: 'connected' }, services: [{ service: we(), ports, containers: cs }], now });
    const mig = findNode(built.roots, 'service:we/container:b');
    assert.equal(mig?.description, 'exited · one-shot · localhost/test-postgres');
    assert.deepEqual(mig?.icon, { id: 'check', color: 'disabledForeground' });
    assert.equal(r.description, '2/2 healthy');
    assert.deepEqual(r.icon, { id: 'pass', color: 'testing.iconPassed' });
  });

  test('starting, unhealthy, and a member down among running ones', () => {
    assert.equal(rollUp(we(), ports, [container({ health: 'starting' })]).health, 'starting');
    assert.equal(rollUp(we(), ports, [container({ health: 'starting' })]).description, '0/1 healthy · 1 starting');
    const sick = rollUp(we(), ports, [container({ health: 'unhealthy' }), container({ id: 'c', step: 'redis' })]);
    assert.equal(sick.health, 'unhealthy');
    assert.equal(sick.description, '1/2 healthy');
    assert.equal(sick.icon.color, 'errorForeground');
    const down = rollUp(we(), ports, [container({}), container({ id: 'c', step: 'redis', state: 'exited' })]);
    assert.equal(down.health, 'unhealthy');
  });

  test('a conflicting port outranks healthy and names its holder', () => {
    const gv = holder({ port: 18097, kind: 'gvproxy', command: 'gvproxy', cmdline: ['gvproxy'] });
    const r = rollUp(we(), [ports[0], ports[1], row('http', 18097, 'stale', { holders: [gv] })], [container({}), container({ id: 'c', step: 'redis' })]);
    assert.equal(r.health, 'conflict');
    assert.equal(r.description, '2/2 healthy · 1 port held by gvproxy');
    const two = rollUp(we(), [row('postgres', 15441, 'foreign', { holders: [holder({})] }), row('http', 18097, 'stale', { holders: [gv] })], []);
    assert.equal(two.description, 'not running · 2 ports held');
  });

  test('stopped, not running, no stack, engine unreachable', () => {
    assert.equal(rollUp(we(), ports, [container({ state: 'exited' })]).health, 'stopped');
    assert.equal(rollUp(we(), ports, [container({ state: 'exited' })]).description, 'stopped');
    assert.equal(rollUp(we(), ports, []).description, 'not running');
    assert.equal(rollUp(svc('notification'), [row('http', 18100, 'free')], []).description, 'no stack');
    const u = rollUp(we(), ports, undefined);
    assert.equal(u.health, 'unknown');
    assert.equal(u.description, 'engine unreachable');
  });
});

describe('tree', () => {
  const engine = { state: 'connected' as const, kind: 'podman' as const, version: '4.3.1', socket: 'unix:///run/podman/podman.sock', source: 'default' };

  test('engine first, then services in berth.yaml order, with stable ids and context values', () => {
    const c = config();
    const services = c.services.map((service) => ({
      service,
      ports: service.ports.map((a) => row(a.role, a.port, service.name === 'we' && a.role === 'postgres' ? 'served' : 'free', service.name === 'we' && a.role === 'postgres' ? { container: container({ health: 'healthy' }) } : {})),
      containers: service.name === 'we' ? [container({ health: 'healthy' })] : [],
    }));
    const { roots, rollUps } = buildTree({ engine, services, now });
    assert.deepEqual(roots.map((r) => r.label), ['Podman 4.3.1', 'we', 'hapi', 'notification']);
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
    assert.deepEqual(port?.ref, { service: 'we', role: 'postgres', port: 15441, containerId: container({}).id, containerName: 'we_postgres_1' });
    const ctr = findNode(roots, `service:we/container:${container({}).id}`);
    assert.equal(ctr?.label, 'postgres');
    assert.equal(ctr?.contextValue, 'container.running');
    assert.equal(findNode(roots, 'service:hapi/port:postgres')?.description, 'free · shared with notification');
    assert.equal(rollUps.get('we')?.health, 'healthy');
    assert.equal(statusSummary(engine, rollUps).text, '$(pass) 1/3 services healthy');
  });

  test('a conflict marks the service so the inline Clean action shows', () => {
    const service = svc('we');
    const { roots, rollUps } = buildTree({
      engine,
      services: [{ service, ports: [row('postgres', 15441, 'foreign', { holders: [holder({})] })], containers: [] }],
      now,
    });
    assert.equal(findNode(roots, 'service:we')?.contextValue, 'service.idle.stack.conflict');
    assert.equal(findNode(roots, 'service:we/ports')?.description, '1 · 1 conflict');
    assert.equal(findNode(roots, 'service:we/port:postgres')?.contextValue, 'port.foreign');
    const s = statusSummary(engine, rollUps);
    assert.equal(s.text, '$(warning) 0/1 service healthy');
    assert.equal(s.background, 'statusBarItem.warningBackground');
  });

  test('no berth.yaml: empty tree (welcome content); no services: a message row', () => {
    assert.deepEqual(buildTree({ engine, services: undefined, now }).roots, []);
    const r = buildTree({ engine, services: [], now }).roots;
    assert.equal(r[1].label, 'berth.yaml lists no services');
  });

  test('unreachable engine lists what was tried; containers read as unknown', () => {
    const tried = [
      { source: 'default', target: 'unix:///var/run/docker.sock', error: 'no such socket' },
      { source: 'podman rootful', target: 'unix:///run/podman/podman.sock', error: 'permission denied' },
    ];
    const e = engineNode({ state: 'unreachable', tried });
    assert.equal(e.contextValue, 'engine.unreachable');
    assert.equal(e.description, 'tried 2 endpoints · set berth.engine.host');
    assert.deepEqual(e.children.map((c) => `${c.label} ${c.description}`), [
      'unix:///var/run/docker.sock default: no such socket',
      'unix:///run/podman/podman.sock podman rootful: permission denied',
    ]);
    const service = svc('we');
    const { roots, rollUps } = buildTree({ engine: { state: 'unreachable', tried }, services: [{ service, ports: [row('postgres', 15441, 'unknown')], containers: undefined }], now });
    assert.equal(findNode(roots, 'service:we')?.contextValue, 'service.unknown.stack');
    assert.equal(findNode(roots, 'service:we/containers')?.children[0].label, 'engine unreachable');
    assert.match(statusSummary({ state: 'unreachable', tried }, rollUps).text, /no engine/);
  });
});

test('the berth.yaml template parses without findings', () => {
  const r = parseBerthYaml(configTemplate('orders'));
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.config?.services.map((s) => s.name), ['orders']);
});
