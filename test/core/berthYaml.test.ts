import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import type { Finding } from '../../src/core/types';

/** The findings as "line:col message" (1-based) so each assertion shows where and what. */
function located(findings: Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message}`);
}

function only(text: string): string[] {
  const r = parseBerthYaml(text);
  for (const f of r.findings) assert.equal(f.code, 'schema');
  return located(r.findings);
}

describe('parseBerthYaml — valid files', () => {
  test('reads ranges (both forms), ports (both forms), configs and ranges of each allocation', () => {
    const text = [
      'version: 1',
      'ranges:',
      '  postgres: 15433-15449',
      '  redis: { from: 16379, to: 16399 }',
      'services:',
      '  hapi:',
      '    ports:',
      '      postgres: { port: 15439, shared_with: [notification] }',
      '      redis: 16387',
      '    configs: ["holmesgpt-api/**"]',
      '  notification:',
      '    ports: { postgres: 15439 }',
      '  empty:',
      'x-notes: free-form',
      '',
    ].join('\n');
    const r = parseBerthYaml(text);
    assert.deepEqual(r.findings, []);
    const c = r.config!;
    assert.equal(c.file, 'berth.yaml');
    assert.deepEqual(
      c.ranges.map((x) => [x.role, x.from, x.to]),
      [
        ['postgres', 15433, 15449],
        ['redis', 16379, 16399],
      ],
    );
    assert.deepEqual(
      c.services.map((s) => s.name),
      ['hapi', 'notification', 'empty'],
    );
    const [pg, redis] = c.services[0].ports;
    assert.deepEqual([pg.role, pg.port, pg.sharedWith], ['postgres', 15439, ['notification']]);
    assert.deepEqual(pg.range, { start: { line: 7, character: 24 }, end: { line: 7, character: 29 } });
    assert.deepEqual(pg.keyRange.start, { line: 7, character: 6 });
    assert.deepEqual([redis.role, redis.port, redis.sharedWith], ['redis', 16387, []]);
    assert.deepEqual(redis.range, { start: { line: 8, character: 13 }, end: { line: 8, character: 18 } });
    assert.deepEqual(c.services[0].configs, ['holmesgpt-api/**']);
    assert.deepEqual(c.services[0].range.start, { line: 5, character: 2 });
  });

  test('a custom file name is carried into the config and the findings', () => {
    const r = parseBerthYaml('version: 2\nservices: {}\n', 'berth.yml');
    assert.equal(r.config?.file, 'berth.yml');
    assert.equal(r.findings[0].file, 'berth.yml');
  });

  test('aliases resolve', () => {
    const r = parseBerthYaml('version: 1\nservices:\n  a:\n    ports: &p { redis: 16380 }\n  b:\n    ports: *p\n');
    assert.deepEqual(r.findings, []);
    assert.equal(r.config!.services[1].ports[0].port, 16380);
  });
});

describe('parseBerthYaml — malformed input becomes located findings', () => {
  test('empty file and a non-mapping document', () => {
    assert.deepEqual(only(''), [
      "1:1 error berth.yaml is empty: expected 'version', 'services' and optionally 'ranges'",
    ]);
    assert.deepEqual(only('- a\n- b\n'), [
      "1:1 error berth.yaml must be a mapping: expected 'version', 'services' and optionally 'ranges'",
    ]);
    assert.equal(parseBerthYaml('just text').config, undefined);
  });

  test('YAML syntax errors are located and do not throw', () => {
    const f = only('version: 1\nservices:\n  a: [unclosed\n');
    assert.ok(f.length >= 1);
    assert.ok(
      f.every((x) => /YAML: /.test(x) || /must be/.test(x)),
      f.join('\n'),
    );
    assert.match(f[0], /^[34]:/); // the unclosed sequence is reported where it should have ended
    const tabs = only('version: 1\nservices:\n\ta: {}\n');
    assert.ok(
      tabs.some((x) => x.includes('YAML:')),
      tabs.join('\n'),
    );
  });

  test('duplicate keys', () => {
    const f = only('version: 1\nservices:\n  a:\n    ports: { redis: 1, redis: 2 }\n');
    assert.ok(
      f.some((x) => /^4:\d+ error YAML: Map keys must be unique/.test(x)),
      f.join('\n'),
    );
  });

  test('missing and wrong version / services', () => {
    assert.deepEqual(only('services: {}\n'), ["1:1 error missing 'version: 1'"]);
    assert.deepEqual(only('version: 1\n'), ["1:1 error missing 'services'"]);
    assert.deepEqual(only('version: "1"\nservices: {}\n'), ['1:10 error version must be 1 (got "1")']);
    assert.deepEqual(only('version:\nservices: []\n'), [
      '1:1 error version must be 1',
      '2:11 error services must be a mapping of service name -> {ports, configs, stack}',
    ]);
  });

  test('unknown keys, with "did you mean" where close', () => {
    assert.deepEqual(only('version: 1\nservics: {}\nservices: {}\n'), [
      "2:1 error unknown key 'servics' in berth.yaml — did you mean 'services'?",
    ]);
    assert.deepEqual(only('version: 1\nservices:\n  a:\n    prots: {}\n    colour: red\n'), [
      "4:5 error unknown key 'prots' in service 'a' — did you mean 'ports'?",
      "5:5 error unknown key 'colour' in service 'a'",
    ]);
    assert.deepEqual(
      only('version: 1\nservices:\n  a:\n    ports: { redis: { port: 1, share_with: [b] } }\n  b: {}\n'),
      ["4:32 error unknown key 'share_with' in port 'redis' of 'a' — did you mean 'shared_with'?"],
    );
    assert.deepEqual(only('version: 1\nranges:\n  redis: { from: 1, too: 2 }\nservices: {}\n'), [
      "3:21 error unknown key 'too' in range of 'redis' — did you mean 'to'?",
      "3:3 error range of 'redis' needs 'to'",
    ]);
  });

  test('wrong types of ports', () => {
    assert.deepEqual(
      only('version: 1\nservices:\n  a:\n    ports:\n      redis: "16379"\n      pg: 15.5\n      web: [1]\n      x:\n'),
      [
        "5:14 error port 'redis' of 'a' must be an integer port number (got \"16379\")",
        "6:11 error port 'pg' of 'a' must be an integer port number (got 15.5)",
        "7:12 error port 'web' of 'a' must be an integer port number",
        "8:7 error port 'x' of 'a' must be an integer port number",
      ],
    );
    assert.deepEqual(only('version: 1\nservices:\n  a:\n    ports: 5\n'), [
      "4:12 error ports of 'a' must be a mapping of role -> port",
    ]);
    assert.deepEqual(only('version: 1\nservices:\n  a: 5\n'), [
      "3:6 error service 'a' must be a mapping with 'ports', 'configs' or 'stack'",
    ]);
  });

  test('ports outside 1..65535', () => {
    assert.deepEqual(only('version: 1\nservices:\n  a:\n    ports: { redis: 0, pg: 65536, web: { port: 70000 } }\n'), [
      "4:21 error port 'redis' of 'a': 0 is outside the port range 1..65535",
      "4:28 error port 'pg' of 'a': 65536 is outside the port range 1..65535",
      "4:48 error port 'web' of 'a': 70000 is outside the port range 1..65535",
    ]);
    const r = parseBerthYaml('version: 1\nservices:\n  a:\n    ports: { redis: 0, pg: 5432 }\n');
    assert.deepEqual(
      r.config!.services[0].ports.map((p) => p.role),
      ['pg'],
    );
  });

  test('the long form needs port; shared_with must list known services', () => {
    assert.deepEqual(only('version: 1\nservices:\n  a:\n    ports: { pg: { shared_with: [b] } }\n  b: {}\n'), [
      "4:14 error port 'pg' of 'a' needs 'port'",
    ]);
    assert.deepEqual(only('version: 1\nservices:\n  a:\n    ports: { pg: { port: 1, shared_with: b } }\n  b: {}\n'), [
      "4:42 error shared_with of port 'pg' of 'a' must be a list of service names",
    ]);
    assert.deepEqual(
      only(
        'version: 1\nservices:\n  hapi:\n    ports: { pg: { port: 1, shared_with: [notifcation, hapi, 3] } }\n  notification: {}\n',
      ),
      [
        "4:62 error shared_with of port 'pg' of 'hapi' must list service names",
        "4:43 error shared_with names unknown service 'notifcation' — did you mean 'notification'?",
        "4:56 error 'hapi' cannot share a port with itself",
      ],
    );
  });

  test('ranges: bad text, bad order, bad ports, wrong type', () => {
    assert.deepEqual(
      only(
        'version: 1\nranges:\n  a: 100\n  b: "15449-15433"\n  c: 1-99999\n  d: "15433 - 15449"\n  e: [1, 2]\nservices: {}\n',
      ),
      [
        '3:6 error range of \'a\' must be "FROM-TO" or {from: N, to: N}',
        "4:6 error range of 'b' is empty: 15449 is above 15433",
        "5:6 error range of 'c': ports must lie in 1..65535",
        '6:6 error range of \'d\' must look like "15433-15449" (got "15433 - 15449")',
        '7:6 error range of \'e\' must be "FROM-TO" or {from: N, to: N}',
      ],
    );
    assert.deepEqual(only('version: 1\nranges: 5\nservices: {}\n'), [
      '2:9 error ranges must be a mapping of role -> "FROM-TO" or {from, to}',
    ]);
  });

  test('configs must be a list of non-empty strings', () => {
    assert.deepEqual(only('version: 1\nservices:\n  a:\n    configs: "src/**"\n'), [
      "4:14 error configs of 'a' must be a list of workspace-relative globs",
    ]);
    assert.deepEqual(only('version: 1\nservices:\n  a:\n    configs: ["", 3, ok/**]\n'), [
      "4:15 error configs of 'a' must hold non-empty glob strings",
      "4:19 error configs of 'a' must hold non-empty glob strings",
    ]);
  });

  test('bad names and non-scalar keys', () => {
    assert.deepEqual(only('version: 1\nservices:\n  "bad name": {}\n  ok:\n    ports: { "-x": 1 }\n'), [
      "3:3 error service name 'bad name' must start with a letter or digit and hold only letters, digits, '_', '.', '-'",
      "5:14 error role name '-x' must start with a letter or digit and hold only letters, digits, '_', '.', '-'",
    ]);
    const f = only('version: 1\nservices:\n  [a, b]: {}\n');
    assert.ok(
      f.some((x) => x.startsWith('3:3 error services: keys must be plain names')),
      f.join('\n'),
    );
  });

  test('the stack node is handed to parseStackNode and its findings are kept', () => {
    const r = parseBerthYaml('version: 1\nservices:\n  a:\n    ports: { redis: 16380 }\n    stack: 5\n');
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].range.start.line, 4);
    assert.equal(r.findings[0].service, 'a');
  });

  test('service findings carry the service', () => {
    const r = parseBerthYaml('version: 1\nservices:\n  a:\n    ports: { redis: x }\n');
    assert.equal(r.findings[0].service, 'a');
  });
});
