import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import type { EngineSnapshot } from '../../src/engine/state';
import { scanAllocated } from '../../src/host/portScan';
import type { Container, ServiceContainer } from '../../src/model/container';
import { formatUptime, uptimeText } from '../../src/model/containerText';
import type { PortHolder } from '../../src/model/holder';
import { allocatedPorts } from '../../src/model/portStatus';
import { buildStatus, healthyText } from '../../src/model/status';
import { formatStatus } from '../../src/cli/status';

const { config } = parseBerthYaml(`version: 1
services:
  shop:
    ports: { http: 21200, pg: 21201 }
    stack:
      pg: { image: postgres:16-alpine, ports: ["pg:5432"] }
      migrate: { image: busybox:stable, run: once, depends_on: { pg: ready } }
      web: { image: busybox:stable, ports: ["http:8080"] }
  blog:
    ports: { http: 21210 }
  wiki:
    ports: { http: 21220 }
`);
if (!config) throw new Error('fixture berth.yaml did not parse');

function c(over: Partial<ServiceContainer> & { id: string; service: string }): ServiceContainer {
  return { name: over.id, image: 'img', state: 'running', ports: [], labels: {}, ...over };
}
function snapshot(services: ServiceContainer[]): EngineSnapshot {
  const containers: Container[] = services.map(({ service: _s, step: _t, ...rest }) => rest);
  return {
    engine: {
      state: 'connected',
      kind: 'docker',
      version: '1',
      apiVersion: '1.41',
      socket: 'unix:///s',
      source: 'default',
      skipped: [],
      host: { kind: 'local' },
    },
    containers,
    services,
    updatedAt: 1,
  };
}

test('allocated ports are unique and sorted', () => {
  assert.deepEqual(allocatedPorts(config), [21200, 21201, 21210, 21220]);
});

test('roll-up: healthy with a completed one-shot step, conflict, not running, leftovers of a removed service', () => {
  const snap = snapshot([
    c({ id: 'pg', service: 'shop', step: 'pg', health: 'healthy', ports: [{ hostPort: 21201, containerPort: 5432 }] }),
    c({ id: 'migrate', service: 'shop', step: 'migrate', state: 'exited', exitCode: 0 }),
    c({ id: 'web', service: 'shop', step: 'web', ports: [{ hostPort: 21200, containerPort: 8080 }] }),
    c({ id: 'gone', service: 'ghost', state: 'exited', exitCode: 137 }),
  ]);
  const holders = new Map<number, PortHolder[]>([
    [21210, [{ port: 21210, pid: 9, command: 'gvproxy', cmdline: ['gvproxy'], state: 'listen', kind: 'gvproxy' }]],
  ]);
  const m = buildStatus(config, snap, holders);
  assert.deepEqual(
    m.services.map((s) => [s.name, s.health, s.summary, s.inConfig]),
    [
      ['shop', 'healthy', '2/2 healthy', true],
      ['blog', 'conflict', 'no stack · 1 port held by gvproxy', true],
      ['wiki', 'idle', 'no stack', true],
      ['ghost', 'stopped', 'stopped', false],
    ],
  );
  assert.deepEqual(
    m.services[0].ports.map((p) => p.state),
    ['served', 'served'],
  );
  assert.deepEqual(
    m.services[0].containers?.map((x) => [x.id, x.oneShot, x.summary]),
    [
      ['pg', false, 'running · healthy'],
      ['migrate', true, 'completed · one-shot'],
      ['web', false, 'running'],
    ],
  );
  assert.deepEqual(
    [m.services[0].total, m.services[0].ready, m.services[0].running, m.services[1].conflicts],
    [2, 2, 2, 1],
  );
  assert.equal(m.healthyServices, 1);
  const text = formatStatus(m, Date.now());
  assert.match(text, /^engine: docker 1 \(API 1\.41\) at unix:\/\/\/s \[default\]/);
  assert.match(text, /\nblog {2}conflict {2}no stack · 1 port held by gvproxy\n/);
  assert.match(text, /\n {4}migrate {2}completed · one-shot {2}img\n/);
  assert.match(text, /\nghost {2}stopped {2}stopped {2}\(not in berth\.yaml\)\n/);
  assert.match(text, /\n1\/1 stack healthy · 1 port conflict\n$/, 'blog and wiki have no stack: not counted');
});

test('precedence: unhealthy > conflict > starting > healthy; a member down among running ones is unhealthy', () => {
  const gv: PortHolder = {
    port: 21200,
    pid: 9,
    command: 'gvproxy',
    cmdline: ['gvproxy'],
    state: 'listen',
    kind: 'gvproxy',
  };
  const staleHttp = new Map([[21200, [gv]]]);
  const starting = buildStatus(
    config,
    snapshot([c({ id: 'w', service: 'shop', step: 'web', health: 'starting' })]),
    new Map(),
  );
  assert.deepEqual(
    [starting.services[0].health, starting.services[0].summary],
    ['starting', '0/1 healthy · 1 starting'],
  );
  const startingConflict = buildStatus(
    config,
    snapshot([c({ id: 'w', service: 'shop', step: 'web', health: 'starting' })]),
    staleHttp,
  );
  assert.deepEqual(
    [startingConflict.services[0].health, startingConflict.services[0].summary],
    ['conflict', '0/1 healthy · 1 starting · 1 port held by gvproxy'],
  );
  const sick = [
    c({ id: 'w', service: 'shop', step: 'web', health: 'unhealthy' }),
    c({ id: 'p', service: 'shop', step: 'pg' }),
  ];
  const sickConflict = buildStatus(config, snapshot(sick), staleHttp);
  assert.deepEqual(
    [sickConflict.services[0].health, sickConflict.services[0].summary],
    ['unhealthy', '1/2 healthy · 1 port held by gvproxy'],
  );
  const crashed = buildStatus(
    config,
    snapshot([
      c({ id: 'w', service: 'shop', step: 'web', state: 'exited', exitCode: 1 }),
      c({ id: 'p', service: 'shop', step: 'pg' }),
    ]),
    new Map(),
  );
  assert.deepEqual([crashed.services[0].health, crashed.services[0].summary], ['unhealthy', '1/2 healthy']);
  const stopped = buildStatus(
    config,
    snapshot([c({ id: 'w', service: 'shop', step: 'web', state: 'exited', exitCode: 0 })]),
    new Map(),
  );
  assert.deepEqual([stopped.services[0].health, stopped.services[0].summary], ['stopped', 'stopped']);
  assert.deepEqual([buildStatus(config, snapshot([]), new Map()).services[0].summary], ['not running']);
});

test('the workspace line counts running stacks: stackless and stopped services are neither healthy nor unhealthy', () => {
  const line = (cs: ServiceContainer[], holders = new Map<number, PortHolder[]>()) =>
    healthyText(buildStatus(config, snapshot(cs), holders).services);
  assert.equal(line([]), 'no stacks running');
  assert.equal(line([c({ id: 'w', service: 'shop', step: 'web', state: 'exited', exitCode: 0 })]), 'no stacks running');
  assert.equal(line([c({ id: 'w', service: 'shop', step: 'web' })]), '1/1 stack healthy');
  const foreign: PortHolder = {
    port: 21220,
    pid: 7,
    command: 'node',
    cmdline: ['node'],
    state: 'listen',
    kind: 'process',
  };
  assert.equal(
    line([c({ id: 'w', service: 'shop', step: 'web' })], new Map([[21220, [foreign]]])),
    '1/1 stack healthy · 1 port conflict',
  );
  assert.equal(line([], new Map([[21220, [foreign]]])), 'no stacks running · 1 port conflict');
  // A stackless service with labelled containers (started by hand or by another tool) is a running stack.
  assert.equal(
    line([
      c({ id: 'w', service: 'shop', step: 'web' }),
      c({ id: 'b', service: 'blog', step: 'web', health: 'unhealthy' }),
    ]),
    '1/2 stacks healthy',
  );
  assert.equal(line([c({ id: 'w', service: 'shop', step: 'web', health: 'starting' })]), '0/1 stack healthy');
  // Leftovers of a service berth.yaml no longer lists are shown in the tree, not counted here.
  assert.equal(line([c({ id: 'g', service: 'ghost' })]), 'no stacks running');
});

test('one-shot steps: completed does not count, failed makes the service unhealthy, health of an exited one is not shown', () => {
  const pg = c({ id: 'pg', service: 'shop', step: 'pg', health: 'healthy' });
  const failed = buildStatus(
    config,
    snapshot([pg, c({ id: 'm', service: 'shop', step: 'migrate', state: 'exited', exitCode: 3, health: 'unhealthy' })]),
    new Map(),
  );
  const shop = failed.services[0];
  assert.deepEqual(
    [shop.health, shop.summary, shop.total, shop.unhealthy],
    ['unhealthy', '1/2 healthy · migrate failed (exit 3)', 2, 1],
  );
  assert.equal(shop.containers?.[1].summary, 'failed (exit 3) · one-shot');
  assert.match(
    formatStatus(failed, 0),
    /\nshop {2}unhealthy {2}1\/2 healthy · migrate failed \(exit 3\)\n[^]*\n {4}m {2}failed \(exit 3\) · one-shot {2}img\n/,
  );
  // Everything else stopped after the failure: still unhealthy, and says why.
  const alone = buildStatus(
    config,
    snapshot([c({ id: 'm', service: 'shop', step: 'migrate', state: 'exited', exitCode: 1 })]),
    new Map(),
  ).services[0];
  assert.deepEqual([alone.health, alone.summary], ['unhealthy', 'stopped · migrate failed (exit 1)']);
  // Still running, and an exit code the engine did not tell: neither counts against the service.
  const running = buildStatus(config, snapshot([pg, c({ id: 'm', service: 'shop', step: 'migrate' })]), new Map())
    .services[0];
  assert.deepEqual(
    [running.health, running.summary, running.containers?.[1].summary],
    ['healthy', '2/2 healthy', 'running · one-shot'],
  );
  const unknownCode = buildStatus(
    config,
    snapshot([pg, c({ id: 'm', service: 'shop', step: 'migrate', state: 'exited' })]),
    new Map(),
  ).services[0];
  assert.deepEqual(
    [unknownCode.health, unknownCode.summary, unknownCode.containers?.[1].summary],
    ['healthy', '1/1 healthy', 'exited · one-shot'],
  );
  // A step that is not a one-shot: an exited container keeps no health in words.
  const web = buildStatus(
    config,
    snapshot([c({ id: 'w', service: 'shop', step: 'web', state: 'exited', exitCode: 0, health: 'unhealthy' })]),
    new Map(),
  ).services[0];
  assert.equal(web.containers?.[0].summary, 'exited');
});

test('an unreachable engine is part of the model and the text; ports are judged from the host scan alone', () => {
  const snap: EngineSnapshot = {
    engine: {
      state: 'unreachable',
      reason: 'unix:///var/run/docker.sock: connection refused',
      tried: [{ source: 'default', target: 'unix:///var/run/docker.sock', error: 'connection refused' }],
      since: 0,
    },
    containers: [],
    services: [{ ...c({ id: 'stale', service: 'ghost' }) }],
    updatedAt: 0,
  };
  const proxy: PortHolder = {
    port: 21200,
    pid: 50,
    command: 'docker-proxy',
    cmdline: ['docker-proxy'],
    state: 'listen',
    kind: 'docker-proxy',
  };
  const node: PortHolder = {
    port: 21210,
    pid: 51,
    command: 'node',
    cmdline: ['/usr/bin/node', 'srv.js'],
    state: 'listen',
    kind: 'process',
  };
  const m = buildStatus(
    config,
    snap,
    new Map([
      [21200, [proxy]],
      [21210, [proxy, node]],
    ]),
  );
  assert.deepEqual(
    m.services.map((s) => [s.name, s.health, s.summary, s.containers]),
    [
      ['shop', 'unknown', 'engine unreachable', undefined],
      ['blog', 'conflict', 'engine unreachable · 1 port held by node', undefined],
      ['wiki', 'unknown', 'engine unreachable', undefined],
    ],
    'no leftovers are guessed without the engine',
  );
  assert.deepEqual(
    m.services[0].ports.map((p) => p.state),
    ['unknown', 'free'],
  );
  assert.deepEqual(
    m.services[1].ports[0].holders.map((h) => h.pid),
    [51, 50],
    'the process that makes it a conflict first',
  );
  const text = formatStatus(m, 0);
  assert.match(
    text,
    /^engine: unreachable — unix:\/\/\/var\/run\/docker.sock: connection refused\n {2}tried default: unix:\/\/\/var\/run\/docker.sock: connection refused/,
  );
  assert.match(
    text,
    /\nshop {2}unknown {2}engine unreachable\n {2}ports:\n {4}http {2}21200 {2}unknown {2}held by docker-proxy \(pid 50\); engine unreachable/,
  );
  assert.match(text, /\nstacks unknown · 1 port conflict\n$/, 'not "no stacks running": nothing is known');
  const connecting = buildStatus(config, { ...snap, engine: { state: 'connecting' } }, new Map());
  assert.equal(connecting.services[0].summary, 'connecting to the engine');
});

test('the holder scan covers every allocated port once; a failed scan is reported, not thrown', async () => {
  const asked: number[][] = [];
  const ok = await scanAllocated(config, async (ports) => (asked.push(ports), new Map()));
  assert.deepEqual([asked, ok.error], [[[21200, 21201, 21210, 21220]], undefined]);
  const failed = await scanAllocated(config, async () => {
    throw new Error('/proc not readable');
  });
  assert.deepEqual([failed.holders.size, failed.error], [0, '/proc not readable']);
  const m = buildStatus(config, snapshot([]), failed.holders, failed.error);
  assert.match(formatStatus(m, 0), /\nport holders: not scanned \(\/proc not readable\)\n/);
});

test('uptime', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  assert.equal(uptimeText({ state: 'running', startedAt: '2026-01-01T09:59:30Z' }, now), 'up 30s');
  assert.equal(uptimeText({ state: 'running', startedAt: '2026-01-01T08:30:00Z' }, now), 'up 1h 30m');
  assert.equal(uptimeText({ state: 'running', startedAt: '2025-12-30T09:00:00Z' }, now), 'up 2d 1h');
  assert.equal(uptimeText({ state: 'exited', startedAt: '2026-01-01T09:59:30Z' }, now), undefined);
  assert.equal(uptimeText({ state: 'running', startedAt: '0001-01-01T00:00:00Z' }, now), undefined);
  assert.equal(uptimeText({ state: 'running' }, now), undefined);
  assert.equal(formatUptime(3 * 60_000 + 5_000), '3m');
  assert.equal(formatUptime(2 * 3600_000), '2h');
  assert.equal(formatUptime(4 * 86400_000), '4d');
});
