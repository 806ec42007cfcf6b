// `host:` on http/tcp probes: parsed into the probe, a bad host a located error, unknown tcp keys flagged.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { probeHostValid } from '../../src/core/stackProbe';
import { LineIndex } from '../../src/core/text';

const yaml = (ready: string) =>
  `version: 1\nservices:\n  a:\n    ports: { http: 18080 }\n    stack:\n      web:\n        image: x\n        ports: ["http:80"]\n        ready: ${ready}\n`;
const probeOf = (ready: string) => {
  const r = parseBerthYaml(yaml(ready));
  return { ready: r.config?.services[0].stack?.steps?.[0]?.ready, findings: r.findings };
};

describe('probe host', () => {
  test('http and tcp probes carry the host they name; without one, none', () => {
    assert.deepEqual(probeOf('{ http: { port: http, path: /health, host: db.internal } }'), {
      ready: { kind: 'http', port: 'http', path: '/health', host: 'db.internal' },
      findings: [],
    });
    assert.deepEqual(probeOf('{ tcp: { port: 80, host: 10.0.0.5 } }'), {
      ready: { kind: 'tcp', port: 80, host: '10.0.0.5' },
      findings: [],
    });
    assert.deepEqual(probeOf('{ tcp: { port: http, host: "[fd00::5]" } }').ready, {
      kind: 'tcp',
      port: 'http',
      host: 'fd00::5',
    });
    assert.deepEqual(probeOf('{ http: http }').ready, { kind: 'http', port: 'http', path: '/' });
    assert.deepEqual(probeOf('{ tcp: { port: http } }').ready, { kind: 'tcp', port: 'http' });
  });

  for (const [name, ready, bad] of [
    ['a URL', '{ http: { port: http, host: "http://box:8080" } }', 'http://box:8080'],
    ['host:port', '{ tcp: { port: http, host: "box:5432" } }', 'box:5432'],
    ['a path', '{ http: { port: http, host: box/health } }', 'box/health'],
    ['a bad IPv4 address', '{ tcp: { port: http, host: 10.0.0.300 } }', '10.0.0.300'],
    ['blank', '{ tcp: { port: http, host: "" } }', ''],
  ] as const) {
    test(`a bad host is a located error and no probe: ${name}`, () => {
      const text = yaml(ready);
      const r = parseBerthYaml(text);
      const f = r.findings.find((x) => /host must be a host name or an IP address/.test(x.message));
      assert.ok(f, JSON.stringify(r.findings));
      assert.equal(f.severity, 'error');
      assert.equal(f.code, 'schema');
      assert.ok(f.message.includes(`(got "${bad}")`), f.message);
      // The finding sits on the value, on the ready: line.
      const line = new LineIndex(text).positionAt(text.indexOf('ready:')).line;
      assert.equal(f.range.start.line, line);
      assert.ok(f.range.start.character > text.split('\n')[line].indexOf('host:'), JSON.stringify(f.range));
      assert.equal(r.config?.services[0].stack?.steps?.[0]?.ready, undefined);
    });
  }

  test('an unknown ready.tcp key is a warning naming the ones there are', () => {
    const { findings, ready } = probeOf('{ tcp: { port: http, hots: box } }');
    assert.deepEqual(
      findings.map((f) => [f.severity, f.message]),
      [['warning', 'unknown key ready.tcp.hots (expected port, host)']],
    );
    assert.deepEqual(ready, { kind: 'tcp', port: 'http' });
  });

  test('probeHostValid: names and addresses in, anything else out', () => {
    for (const ok of ['localhost', 'build-box', 'db.internal.', '10.213.91.2', '::1', 'fe80::1:2', '::ffff:10.0.0.1'])
      assert.ok(probeHostValid(ok), ok);
    assert.equal(probeHostValid('[::1]'), '::1');
    for (const bad of ['-box', 'a..b', 'box_1', ':::', '1:2:3:4:5:6:7:8:9', '1.2.3', 'x'.repeat(64), 'a b'])
      assert.equal(probeHostValid(bad), undefined, bad);
  });
});
