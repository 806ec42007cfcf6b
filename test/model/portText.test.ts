// Port URLs (which roles speak HTTP) and the words for a port's live holder: Show Holder's facts and the hover's
// "now held by …" phrase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container } from '../../src/model/container';
import type { PortHolder } from '../../src/model/holder';
import { holderFacts } from '../../src/model/holderText';
import { holderReport, nowHeldBy } from '../../src/model/portHolderText';
import { isHttpRole, portUrl } from '../../src/model/portUrl';

const dev: PortHolder = {
  port: 18096,
  pid: 1234,
  ppid: 1,
  command: 'node',
  cmdline: ['/usr/local/bin/node', 'dev-server.js'],
  uid: 1000,
  user: 'alice',
  state: 'listen',
  kind: 'process',
  address: '0.0.0.0',
};
const redis: Container = {
  id: 'c0ffee0123456789',
  name: 'we-redis',
  image: 'redis:7-alpine',
  state: 'running',
  ports: [{ hostPort: 16388, containerPort: 6379 }],
  labels: {},
  service: 'workflowexecution',
};

test('http roles get a localhost URL (https for https roles); other roles none', () => {
  assert.equal(portUrl('http', 18097), 'http://localhost:18097/');
  assert.equal(portUrl('admin-https', 8443), 'https://localhost:8443/');
  assert.equal(portUrl('metrics_http', 9100), 'http://localhost:9100/');
  // A remote engine's published ports are on its machine.
  assert.equal(
    portUrl('http', 18097, { kind: 'ssh', name: 'box', address: '10.213.91.2' }),
    'http://10.213.91.2:18097/',
  );
  assert.equal(portUrl('https', 8443, { kind: 'tcp', name: 'fd00::5', address: 'fd00::5' }), 'https://[fd00::5]:8443/');
  assert.equal(portUrl('http', 18097, { kind: 'local' }), 'http://localhost:18097/');
  for (const r of ['web', 'ui', 'api', 'HTTP']) assert.ok(isHttpRole(r), r);
  for (const r of ['postgres', 'redis', 'httpbin-db', 'grpc']) assert.equal(portUrl(r, 1), undefined, r);
});

test('nowHeldBy names a foreign process by pid and program, with its verdict', () => {
  assert.equal(nowHeldBy({ state: 'foreign', holders: [dev] }), 'now held by pid 1234 node dev-server.js (foreign)');
  assert.equal(nowHeldBy({ state: 'free', holders: [] }), 'now free');
  assert.equal(nowHeldBy({ state: 'served', holders: [], container: redis }), 'now served by we-redis');
  const proxy: PortHolder = { ...dev, pid: 77, kind: 'docker-proxy', command: 'docker-proxy', cmdline: [] };
  assert.equal(nowHeldBy({ state: 'stale', holders: [proxy] }), 'now held by docker-proxy pid 77 (stale)');
  // Another service's port goes by its container, not by the forwarder in front of it.
  assert.equal(
    nowHeldBy({ state: 'other-service', holders: [proxy], container: redis }),
    'now held by container we-redis of workflowexecution (another service)',
  );
  assert.equal(
    nowHeldBy({ state: 'foreign', holders: [{ ...dev, pid: 0, cmdline: [] }] }),
    'now held by a process of alice (not visible to Berth) (foreign)',
  );
});

test('holderFacts lists pid, the whole command line, the user and the container', () => {
  assert.deepEqual(holderFacts(dev), [
    'pid 1234 (parent 1)',
    'command line: /usr/local/bin/node dev-server.js',
    'user: alice',
    'container: none',
    'socket: 0.0.0.0:18096 (listen)',
  ]);
});

test('holderReport titles the port with its service, role and holder; a free port says so', () => {
  const r = holderReport('notification', 'http', {
    port: 18096,
    state: 'foreign',
    holders: [dev],
    detail: 'held by pid 1234',
  });
  assert.equal(r.title, "18096 — notification's http · now held by pid 1234 node dev-server.js (foreign)");
  assert.ok(r.lines.includes('user: alice'));
  const served = holderReport('workflowexecution', 'redis', {
    port: 16388,
    state: 'served',
    holders: [],
    container: redis,
    detail: 'served by we-redis',
  });
  assert.deepEqual(served.lines, ['container we-redis (c0ffee012345, running, service workflowexecution)']);
  const free = holderReport('hapi', 'http', { port: 18098, state: 'free', holders: [], detail: 'free' });
  assert.deepEqual(free.lines, ['Nothing listens on this port.']);
});
