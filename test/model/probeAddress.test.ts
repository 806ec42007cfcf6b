// Which address a http/tcp probe targets: the host it names, else the engine's machine (never 127.0.0.1 for a
// remote engine). And the probe in words says the same address.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addressWithPort, hostAddress, LOCAL_HOST, probeAddress, type EngineHost } from '../../src/model/engineHost';
import { describeProbe } from '../../src/stack/probes';
import type { ResolvedStep } from '../../src/stack/resolve';

const SSH: EngineHost = { kind: 'ssh', name: 'build-box', address: '10.213.91.2' };
const TCP: EngineHost = { kind: 'tcp', name: 'ci.example', address: 'ci.example' };
const step = {
  name: 'web',
  ports: [{ role: 'http', containerPort: 8080, hostPort: 23631 }],
} as unknown as ResolvedStep;

describe('probe address', () => {
  test("without host: the engine's machine", () => {
    const http = { kind: 'http', port: 'http', path: '/' } as const;
    assert.equal(probeAddress(http, hostAddress(LOCAL_HOST)), '127.0.0.1');
    assert.equal(probeAddress(http, hostAddress(SSH)), '10.213.91.2');
    assert.equal(probeAddress(http, hostAddress(TCP)), 'ci.example');
  });

  test('a probe that names a host goes there, whatever the engine', () => {
    const tcp = { kind: 'tcp', port: 'http', host: 'db.internal' } as const;
    for (const h of [LOCAL_HOST, SSH, TCP]) assert.equal(probeAddress(tcp, hostAddress(h)), 'db.internal');
  });

  test('describeProbe names the address the probe connects to', () => {
    const addr = hostAddress(SSH);
    assert.equal(
      describeProbe(step, { kind: 'http', port: 'http', path: '/health', status: 200 }, addr),
      'http GET 10.213.91.2:23631/health → 200',
    );
    assert.equal(describeProbe(step, { kind: 'tcp', port: 8080, host: 'fd00::5' }, addr), 'tcp [fd00::5]:23631');
    assert.equal(describeProbe(step, { kind: 'tcp', port: 'http' }), 'tcp 127.0.0.1:23631');
    assert.equal(addressWithPort('::1', 80), '[::1]:80');
  });
});
