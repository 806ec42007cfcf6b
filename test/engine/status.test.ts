import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import type { ContainerInfo, EngineContainer } from '../../src/engine/containers';
import type { EngineSnapshot } from '../../src/engine/state';
import { allocatedPorts, buildStatus } from '../../src/engine/status';
import type { PortHolder } from '../../src/host/holders';
import { formatStatus, uptime } from '../../src/cli/status';

const { config } = parseBerthYaml(`version: 1
services:
  shop:
    ports: { http: 21200, pg: 21201 }
    stack:
      pg: { image: localhost/test-postgres, ports: ["pg:5432"] }
      migrate: { image: localhost/test-http, run: once, depends_on: { pg: ready } }
      web: { image: localhost/test-http, ports: ["http:8080"] }
  blog:
    ports: { http: 21210 }
  wiki:
    ports: { http: 21220 }
`);
if (!config) throw new Error('fixture berth.yaml did not parse');

function c(over: Partial<ContainerInfo> & { id: string; service: string }): ContainerInfo {
  return { name: over.id, image: 'img', state: 'running', ports: [], labels: {}, ...over };
}
function snapshot(services: ContainerInfo[]): EngineSnapshot {
  const containers: EngineContainer[] = services.map(({ service: _s, step: _t, ...rest }) => rest);
  return { engine: { state: 'connected', kind: 'docker', version: '1', apiVersion: '1.41', socket: 'unix:///s', source: 'default', skipped: [] }, containers, services, updatedAt: 1 };
}

test('allocated ports are unique and sorted', () => {
  assert.deepEqual(allocatedPorts(config), [21200, 21201, 21210, 21220]);
});

test('roll-up: healthy with a finished one-shot step, conflict, stopped, leftovers of a removed service', () => {
  const snap = snapshot([
    c({ id: 'pg', service: 'shop', step: 'pg', health: 'healthy', ports: [{ hostPort: 21201, containerPort: 5432 }] }),
    c({ id: 'migrate', service: 'shop', step: 'migrate', state: 'exited' }),
    c({ id: 'web', service: 'shop', step: 'web', ports: [{ hostPort: 21200, containerPort: 8080 }] }),
    c({ id: 'gone', service: 'ghost', state: 'exited' }),
  ]);
  const holders = new Map<number, PortHolder[]>([
    [21210, [{ port: 21210, pid: 9, command: 'gvproxy', cmdline: ['gvproxy'], state: 'listen', kind: 'gvproxy' }]],
  ]);
  const m = buildStatus(config, snap, holders);
  assert.deepEqual(
    m.services.map((s) => [s.name, s.health, s.summary, s.inConfig]),
    [
      ['shop', 'healthy', '2/2 healthy', true],
      ['blog', 'conflict', '1 port held by stale gvproxy', true],
      ['wiki', 'stopped', 'stopped · ports free', true],
      ['ghost', 'stopped', 'stopped', false],
    ],
  );
  assert.deepEqual(m.services[0].ports.map((p) => p.state), ['served', 'served']);
  assert.equal(m.healthyServices, 1);
  const text = formatStatus(m, Date.now());
  assert.match(text, /^engine: docker 1 \(API 1\.41\) at unix:\/\/\/s \[default\]/);
  assert.match(text, /blog {2}conflict {2}1 port held by stale gvproxy/);
  assert.match(text, /1\/3 services healthy\n$/);
});

test('roll-up: starting and unhealthy', () => {
  const starting = buildStatus(config, snapshot([c({ id: 'w', service: 'shop', step: 'web', health: 'starting' })]), new Map());
  assert.deepEqual([starting.services[0].health, starting.services[0].summary], ['starting', '0/1 healthy']);
  const sick = buildStatus(config, snapshot([c({ id: 'w', service: 'shop', step: 'web', health: 'unhealthy' }), c({ id: 'p', service: 'shop', step: 'pg' })]), new Map());
  assert.deepEqual([sick.services[0].health, sick.services[0].summary], ['unhealthy', '1/2 healthy']);
  const crashed = buildStatus(config, snapshot([c({ id: 'w', service: 'shop', step: 'web', state: 'exited' }), c({ id: 'p', service: 'shop', step: 'pg' })]), new Map());
  assert.equal(crashed.services[0].health, 'unhealthy');
});

test('an unreachable engine is part of the model and the text', () => {
  const snap: EngineSnapshot = {
    engine: { state: 'unreachable', reason: 'unix:///var/run/docker.sock: connection refused', tried: [{ source: 'default', target: 'unix:///var/run/docker.sock', error: 'connection refused' }], since: 0 },
    containers: [],
    services: [],
    updatedAt: 0,
  };
  const text = formatStatus(buildStatus(config, snap, new Map()), 0);
  assert.match(text, /^engine: unreachable — unix:\/\/\/var\/run\/docker.sock: connection refused\n {2}tried default: unix:\/\/\/var\/run\/docker.sock: connection refused/);
});

test('uptime', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  assert.equal(uptime('2026-01-01T09:59:30Z', now), '30s');
  assert.equal(uptime('2026-01-01T08:30:00Z', now), '1h30m');
  assert.equal(uptime('2025-12-30T09:00:00Z', now), '2d1h');
  assert.equal(uptime(undefined, now), undefined);
});
