// A probe that names a host (berth.yaml `host:`) exported to Kubernetes: the readinessProbe checks the pod, and
// a note says the host was not carried over; without a host, no such note.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readinessProbe } from '../../src/kube/probe';
import { webStep } from '../support/resolvedStep';

const step = webStep(18080);

describe('export kube: a probe with a host', () => {
  test('http and tcp: the pod is probed, the host is said to be left out', () => {
    const http = readinessProbe(step, { kind: 'http', port: 'http', path: '/health', host: '10.0.0.5' }, 5000);
    assert.deepEqual(http.probe?.httpGet, { path: '/health', port: 8080 });
    assert.deepEqual(http.notes, [
      'step "web": its probe\'s host 10.0.0.5 is not carried over: the readinessProbe checks the pod itself',
    ]);
    const tcp = readinessProbe(step, { kind: 'tcp', port: 'http', host: 'db.internal' }, 5000);
    assert.deepEqual(tcp.probe?.tcpSocket, { port: 8080 });
    assert.match(tcp.notes.join('\n'), /host db\.internal is not carried over/);
  });

  test('without a host: no note', () => {
    assert.deepEqual(readinessProbe(step, { kind: 'tcp', port: 'http' }, 5000).notes, []);
  });
});
