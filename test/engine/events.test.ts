import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeEvent, splitEventChunk } from '../../src/engine/events';

// Shapes as the two engines sent them on this machine (docker 20.10, podman 4.3 compat endpoint).
const docker = (Action: string, attrs: Record<string, string> = {}) => ({
  Type: 'container',
  Action,
  status: Action,
  id: 'd1',
  Actor: { ID: 'd1', Attributes: { name: 'c', ...attrs } },
  timeNano: 5,
});
const podman = (status: string) => ({
  status,
  id: 'p1',
  Type: 'container',
  Action: status,
  Actor: { ID: 'p1', Attributes: { name: 'c', containerExitCode: '0' } },
  time: 2,
});

test('Docker and Podman event names map to one vocabulary', () => {
  assert.deepEqual(
    ['create', 'start', 'kill', 'die', 'stop', 'destroy'].map((a) => normalizeEvent(docker(a))?.kind),
    ['create', 'start', 'stop', 'stop', 'stop', 'remove'],
  );
  assert.deepEqual(
    ['create', 'init', 'start', 'die', 'cleanup', 'remove'].map((a) => normalizeEvent(podman(a))?.kind),
    ['create', 'start', 'start', 'stop', 'stop', 'remove'],
  );
});

test('health: Docker carries the status in the action, Podman does not', () => {
  assert.deepEqual(normalizeEvent(docker('health_status: unhealthy')), {
    kind: 'health',
    id: 'd1',
    name: 'c',
    health: 'unhealthy',
    timeNano: 5,
  });
  const p = normalizeEvent(podman('health_status'));
  assert.equal(p?.kind, 'health');
  assert.equal(p?.health, undefined);
  assert.equal(p?.timeNano, 2e9);
});

test('exec events, other types and malformed events are dropped', () => {
  assert.equal(normalizeEvent(docker('exec_create: wget -q -O- http://127.0.0.1:8080/health')), undefined);
  assert.equal(normalizeEvent(podman('exec_died')), undefined);
  assert.equal(normalizeEvent({ Type: 'network', Action: 'connect', Actor: { ID: 'n' } }), undefined);
  assert.equal(normalizeEvent({ Type: 'container', Action: 'start' }), undefined);
});

test('a chunked stream is split on newlines and keeps the unfinished tail', () => {
  const a = splitEventChunk('{"Action":"start","id":"x"}\n{"Act');
  assert.deepEqual(a.events, [{ Action: 'start', id: 'x' }]);
  assert.equal(a.rest, '{"Act');
  const b = splitEventChunk(a.rest + 'ion":"die","id":"x"}\nnot json\n');
  assert.deepEqual(b.events, [{ Action: 'die', id: 'x' }]);
  assert.equal(b.rest, '');
});
