// Compose files read into stack steps (pure; no engine).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { interpolate, parseComposeStack } from '../../src/stack/compose';
import { parseBerthYaml } from '../../src/core/berthYaml';

const config = parseBerthYaml(`version: 1
services:
  hapi:
    ports: { postgres: { port: 15439, shared_with: [notification] }, redis: 16387, http: 18098 }
  notification:
    ports: { postgres: 15439, redis: 16385 }
  we:
    ports: { redis: 16388 }
`).config!;
const allocations = config.services.flatMap((s) => s.ports);

describe('parseComposeStack', () => {
  test('the demo HAPI compose file: ports map to the allocation roles, ${VAR:-default} interpolated', () => {
    const text = readFileSync('examples/demo/holmesgpt-api/tests/integration/docker-compose.yml', 'utf8');
    const r = parseComposeStack(text, { file: 'x.yml', service: 'hapi', allocations, variables: {} });
    assert.deepEqual(
      r.findings.filter((f) => f.severity !== 'info'),
      [],
    );
    const ports = Object.fromEntries(r.steps.map((s) => [s.name, s.ports]));
    assert.deepEqual(ports.postgres, [{ role: 'postgres', hostPort: 15439, containerPort: 5432, hostIp: undefined }]);
    assert.deepEqual(ports.redis, [{ role: 'redis', hostPort: 16387, containerPort: 6379, hostIp: undefined }]);
    assert.deepEqual(ports.datastorage, [{ role: 'http', hostPort: 18098, containerPort: 8080, hostIp: undefined }]);
  });

  test('healthcheck becomes an exec probe Berth runs; conditions map to ready/completed/started', () => {
    const text = `services:
  db:
    image: pg
    healthcheck: { test: [ "CMD-SHELL", "pg_isready -U x" ], interval: 30s }
  cache:
    image: redis
  migrate:
    image: pg
    depends_on: { db: { condition: service_healthy } }
  app:
    image: app
    depends_on:
      migrate: { condition: service_completed_successfully }
      cache: { condition: service_healthy }
      db: { condition: service_started }
`;
    const r = parseComposeStack(text, { file: 'c.yml', service: 'we', allocations });
    assert.deepEqual(r.findings, []);
    const by = Object.fromEntries(r.steps.map((s) => [s.name, s]));
    assert.deepEqual(by.db.ready, { kind: 'exec', command: ['/bin/sh', '-c', 'pg_isready -U x'] });
    assert.deepEqual(by.cache.ready, { kind: 'health' }); // waited on for health, no healthcheck here: the image's
    assert.equal(by.migrate.runOnce, true);
    assert.deepEqual(by.migrate.ready, { kind: 'once' });
    assert.deepEqual(by.app.dependsOn, [
      { step: 'migrate', condition: 'completed' },
      { step: 'cache', condition: 'ready' },
      { step: 'db', condition: 'started' },
    ]);
  });

  test('a published port of another service, or of nobody, is a located error', () => {
    const text = `services:\n  cache:\n    image: redis\n    ports:\n      - "16387:6379"\n      - "127.0.0.1:16399:6379"\n      - 6380\n`;
    const r = parseComposeStack(text, { file: 'c.yml', service: 'we', allocations });
    const errors = r.findings.filter((f) => f.severity === 'error');
    assert.equal(errors.length, 2);
    assert.match(errors[0].message, /published port 16387 belongs to service "hapi" \(redis\), not "we"/);
    assert.deepEqual(errors[0].range.start, { line: 4, character: 8 });
    assert.match(errors[1].message, /published port 16399 is not allocated to service "we"/);
    assert.ok(r.findings.some((f) => f.severity === 'warning' && /no published host port/.test(f.message)));
  });

  test('unknown dependency and cycle are errors located in the compose file', () => {
    const r = parseComposeStack(
      `services:\n  a: { image: x, depends_on: [ b ] }\n  b: { image: x, depends_on: [ a, ghost ] }\n`,
      { file: 'c.yml', service: 'we', allocations },
    );
    assert.ok(r.findings.some((f) => /unknown step "ghost"/.test(f.message) && f.file === 'c.yml'));
    assert.ok(r.findings.some((f) => /dependency cycle/.test(f.message)));
  });

  test('broken YAML or no services never throws', () => {
    for (const t of ['services: [', 'nothing: 1\n', '', 'services:\n  a: 3\n']) {
      const r = parseComposeStack(t, { file: 'c.yml', service: 'we', allocations });
      assert.ok(r.findings.length > 0, JSON.stringify(t));
    }
  });
});

describe('interpolate', () => {
  test('compose forms', () => {
    const v = { A: 'x', E: '' };
    assert.equal(interpolate('$A ${A} ${B:-d} ${E:-d} ${E-d} ${B-d} $$A ${B}', v), 'x x d d  d $A ');
  });
});

describe('parseComposeStack: port specs read like the port rules read them', () => {
  const ranged = parseBerthYaml(`version: 1
services:
  we:
    ports: { a: 16390, b: 16391, c: 16392 }
`).config!;
  const ctx = { file: 'c.yml', service: 'we', allocations: ranged.services.flatMap((s) => s.ports) };

  test('a host range onto a container range publishes port by port; long syntax and ${VAR:-N} too', () => {
    const text = `services:
  r:
    image: redis
    ports:
      - "127.0.0.1:16390-16391:6379-6380"
      - target: 80
        published: "\${C:-16392}"
`;
    const r = parseComposeStack(text, ctx);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.steps[0].ports, [
      { role: 'a', hostPort: 16390, containerPort: 6379, hostIp: '127.0.0.1' },
      { role: 'b', hostPort: 16391, containerPort: 6380, hostIp: '127.0.0.1' },
      { role: 'c', hostPort: 16392, containerPort: 80, hostIp: undefined },
    ]);
  });

  test('what Berth cannot publish is a located warning; an unallocated port in a range names itself', () => {
    const text = `services:
  r:
    image: redis
    ports:
      - "16390-16391:6379"
      - "16390:53/udp"
      - "16390-16393:6379-6382"
`;
    const r = parseComposeStack(text, ctx);
    assert.deepEqual(
      r.findings.map((f) => [f.range.start.line, f.severity, f.message, f.port]),
      [
        [
          4,
          'warning',
          'ports entry is not supported: a host range must match a container range of the same length',
          undefined,
        ],
        [5, 'warning', 'ports entry is not supported: udp is not supported (TCP only)', undefined],
        [6, 'error', 'published port 16393 is not allocated to service "we" in berth.yaml', 16393],
      ],
    );
    assert.deepEqual(
      r.steps[0].ports.map((p) => p.hostPort),
      [16390, 16391, 16392],
    );
  });

  test('<< merges bring their keys; the parse is not changed by interpolation', () => {
    const text = `x-base: &base
  image: redis
  ports: ["\${P:-16390}:6379"]
services:
  r:
    <<: *base
`;
    const r = parseComposeStack(text, { ...ctx, variables: { P: '16391' } });
    assert.deepEqual(r.findings, []);
    assert.equal(r.steps[0].image, 'redis');
    assert.deepEqual(
      r.steps[0].ports.map((p) => p.hostPort),
      [16391],
    );
    const again = parseComposeStack(text, ctx);
    assert.deepEqual(
      again.steps[0].ports.map((p) => p.hostPort),
      [16390],
      'the shared parse still holds the default',
    );
  });
});

describe('compose pull_policy', () => {
  test('maps to pull: if_not_present is missing, build pulls nothing, schedules pull only a missing image', () => {
    const text = `services:
  a: { image: x, pull_policy: always }
  b: { image: x, pull_policy: if_not_present }
  c: { image: x, pull_policy: never }
  d: { image: x, pull_policy: daily }
  e: { build: ., pull_policy: build }
  f: { image: x, pull_policy: often }
`;
    const r = parseComposeStack(text, { file: 'c.yml', service: 'we', allocations });
    assert.deepEqual(
      r.steps.map((s) => [s.name, s.pull]),
      [
        ['a', 'always'],
        ['b', 'missing'],
        ['c', 'never'],
        ['d', 'missing'],
        ['e', 'never'],
        ['f', undefined],
      ],
    );
    const msgs = r.findings.map((f) => `${f.severity} ${f.range.start.line + 1}: ${f.message}`);
    assert.deepEqual(msgs, [
      'info 5: pull_policy daily: Berth keeps no pull schedule and pulls only a missing image',
      'info 6: pull_policy build: Berth builds a service that has a build and pulls nothing',
      'error 7: pull_policy must be always, never, missing, if_not_present or build (got "often")',
    ]);
  });
});
