import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { checkAllocation, checkFile } from '../../src/core/rules';
import { nextFreePort } from '../../src/core/freePort';
import { allocationsByPort, serviceForFile } from '../../src/core/ownership';
import type { BerthConfig } from '../../src/core/types';

const BERTH = [
  'version: 1',
  'ranges:',
  '  postgres: 15433-15449',
  '  redis: 16379-16399',
  '  http: 18090-18119',
  'services:',
  '  datastorage:',
  '    ports: { postgres: 15433, redis: 16379, http: 18090 }',
  '  notification:',
  '    ports: { postgres: 15439, redis: 16385 }',
  '    configs: ["test/integration/notification/**"]',
  '  workflowexecution:',
  '    ports: { postgres: 15441, redis: 16388, http: 18097 }',
  '    configs: ["test/integration/workflowexecution/**", "docs/we.md"]',
  '  hapi:',
  '    ports:',
  '      postgres: { port: 15439, shared_with: [notification] }',
  '      redis: 16387',
  '    configs: ["holmesgpt-api/**"]',
  '  gateway:',
  '    ports: { redis: 16380 }',
  '    configs: ["gateway/**"]',
  '',
].join('\n');

function config(text = BERTH): BerthConfig {
  const r = parseBerthYaml(text);
  assert.deepEqual(r.findings, []);
  return r.config!;
}

describe('ownership', () => {
  test('serviceForFile matches configs globs in berth.yaml order; berth.yaml and unclaimed files belong to nobody', () => {
    const c = config();
    assert.equal(serviceForFile(c, 'test/integration/workflowexecution/config/config.yaml')?.name, 'workflowexecution');
    assert.equal(serviceForFile(c, './test/integration/notification/.env')?.name, 'notification');
    assert.equal(serviceForFile(c, 'test\\integration\\notification\\.env')?.name, 'notification');
    assert.equal(serviceForFile(c, 'docs/we.md')?.name, 'workflowexecution');
    assert.equal(serviceForFile(c, 'docs/other.md'), undefined);
    assert.equal(serviceForFile(c, 'berth.yaml'), undefined);
  });

  test('a compose file named by a stack belongs to its service when no configs glob claims it', () => {
    const c = config(
      'version: 1\ncheck: { unallocated: everywhere }\nservices:\n  a:\n    configs: ["a/**"]\n  hapi:\n    ports: { redis: 16387 }\n    stack: { compose: ./hapi/docker-compose.yml }\n',
    );
    assert.equal(serviceForFile(c, 'hapi/docker-compose.yml')?.name, 'hapi');
    assert.equal(serviceForFile(c, 'hapi/other.yml'), undefined);
    assert.deepEqual(
      checkFile(c, 'hapi/docker-compose.yml', 'services:\n  r:\n    ports: ["16388:6379"]\n').map((f) => f.code),
      ['port-not-allocated'],
    );
  });

  test('allocationsByPort groups every allocation of a port', () => {
    const m = allocationsByPort(config());
    assert.deepEqual(
      m.get(15439)!.map((a) => `${a.service}/${a.role}`),
      ['notification/postgres', 'hapi/postgres'],
    );
    assert.deepEqual(
      m.get(16387)!.map((a) => a.service),
      ['hapi'],
    );
    assert.equal(m.get(1), undefined);
  });
});

describe('nextFreePort', () => {
  test('the lowest port of the range that no service holds (any role)', () => {
    const c = config();
    assert.equal(nextFreePort(c, 'postgres'), 15434);
    assert.equal(nextFreePort(c, 'redis'), 16381);
    assert.equal(nextFreePort(c, 'redis', new Set([16381, 16382])), 16383);
    assert.equal(nextFreePort(c, 'metrics'), undefined);
  });

  test('ports held under another role count as taken; a full range has none', () => {
    const c = config(
      'version: 1\nranges: { a: 100-102, b: 100-200 }\nservices:\n  x:\n    ports: { a: 100, b: 101 }\n  y:\n    ports: { c: 102 }\n',
    );
    assert.equal(nextFreePort(c, 'a'), undefined);
    assert.equal(nextFreePort(c, 'b'), 103);
  });
});

describe('checkAllocation', () => {
  test('duplicate-allocation on both sides, with related location and data; shared_with makes sharing legal', () => {
    const c = config(BERTH.replace('redis: 16380 }', 'redis: 16387 }'));
    const f = checkAllocation(c);
    assert.deepEqual(
      f.map((x) => [x.code, x.severity, x.service, x.port, x.range.start.line, x.message]),
      [
        [
          'duplicate-allocation',
          'error',
          'hapi',
          16387,
          17,
          "port 16387 (redis of 'hapi') is also allocated to 'gateway' as redis; give one of them another port or declare shared_with",
        ],
        [
          'duplicate-allocation',
          'error',
          'gateway',
          16387,
          20,
          "port 16387 (redis of 'gateway') is also allocated to 'hapi' as redis; give one of them another port or declare shared_with",
        ],
      ],
    );
    assert.deepEqual(f[0].related, [
      { file: 'berth.yaml', range: c.services[4].ports[0].range, message: "16387 is allocated to 'gateway' as redis" },
    ]);
    assert.deepEqual(f[0].data, {
      owner: { service: 'gateway', role: 'redis' },
      nextFree: { role: 'redis', port: 16380 },
    });
  });

  test('a port used twice by one service is not a duplicate; sharing declared on either side is enough', () => {
    assert.deepEqual(checkAllocation(config('version: 1\nservices:\n  a:\n    ports: { x: 1, y: 1 }\n')), []);
    const c = config(
      'version: 1\nservices:\n  a:\n    ports: { pg: 5 }\n  b:\n    ports: { pg: { port: 5, shared_with: [a] } }\n',
    );
    assert.deepEqual(checkAllocation(c), []);
  });

  test('three services on one port: each pair that does not share is reported', () => {
    const c = config(
      'version: 1\nservices:\n  a:\n    ports: { pg: { port: 5, shared_with: [b] } }\n  b:\n    ports: { pg: 5 }\n  c:\n    ports: { pg: 5 }\n',
    );
    assert.deepEqual(
      checkAllocation(c).map((f) => `${f.service}->${f.data?.owner?.service}`),
      ['a->c', 'b->c', 'c->a', 'c->b'],
    );
  });

  test('out-of-range warns with the next free port; roles without a range are not checked', () => {
    const c = config(BERTH.replace('redis: 16380 }', 'redis: 16400, metrics: 1 }'));
    assert.deepEqual(
      checkAllocation(c).map((x) => [x.code, x.severity, x.service, x.port, x.message, x.data]),
      [
        [
          'out-of-range',
          'warning',
          'gateway',
          16400,
          "port 16400 (redis of 'gateway') is outside the redis range 16379-16399",
          { nextFree: { role: 'redis', port: 16380 } },
        ],
      ],
    );
  });
});

describe('checkFile', () => {
  const c = config();
  const WE = 'test/integration/workflowexecution/config/config.yaml';

  test("port-owned-by-other-service names owner, role and the file service's own port; data and related for quick fixes", () => {
    const f = checkFile(c, WE, 'redis:\n  addr: host.containers.internal:16387\n');
    assert.equal(f.length, 1);
    assert.deepEqual(
      { ...f[0], related: undefined },
      {
        file: WE,
        range: { start: { line: 1, character: 33 }, end: { line: 1, character: 38 } },
        severity: 'error',
        code: 'port-owned-by-other-service',
        message: "port 16387 belongs to 'hapi' (redis); 'workflowexecution' uses 16388 for redis",
        service: 'workflowexecution',
        port: 16387,
        related: undefined,
        data: {
          owner: { service: 'hapi', role: 'redis' },
          ownPort: { service: 'workflowexecution', role: 'redis', port: 16388 },
          nextFree: { role: 'redis', port: 16381 },
        },
      },
    );
    assert.deepEqual(f[0].related, [
      { file: 'berth.yaml', range: c.services[3].ports[1].range, message: "16387 is allocated to 'hapi' as redis" },
    ]);
  });

  test('any kind counts as owned, including port keys; without an own port for the role the message says so', () => {
    const f = checkFile(c, 'gateway/cfg.yaml', 'db:\n  port: 15441\n');
    assert.deepEqual(
      f.map((x) => [x.code, x.message, x.data]),
      [
        [
          'port-owned-by-other-service',
          "port 15441 belongs to 'workflowexecution' (postgres), not to 'gateway'",
          { owner: { service: 'workflowexecution', role: 'postgres' }, nextFree: { role: 'postgres', port: 15434 } },
        ],
      ],
    );
  });

  test("own ports and ports shared with the file's service are fine; sharing is not transitive to others", () => {
    assert.deepEqual(
      checkFile(c, 'test/integration/notification/.env', 'POSTGRES_PORT=15439\nREDIS_URL=redis://localhost:16385\n'),
      [],
    );
    assert.deepEqual(checkFile(c, 'holmesgpt-api/compose.yml', 'services:\n  pg:\n    ports: ["15439:5432"]\n'), []);
    const f = checkFile(c, 'gateway/.env', 'PG_PORT=15439\n');
    assert.deepEqual(
      f.map((x) => [x.code, x.data?.owner]),
      [['port-owned-by-other-service', { service: 'notification', role: 'postgres' }]],
    );
    assert.equal(f[0].related?.length, 2);
  });

  test('port-not-allocated: by default only inside a declared range, for every kind; everywhere with check.unallocated', () => {
    const composeText = 'services:\n  a:\n    ports: ["9999:80"]\n';
    assert.deepEqual(checkFile(c, 'gateway/docker-compose.yml', composeText), []);
    const everywhere = config(BERTH.replace('version: 1\n', 'version: 1\ncheck: { unallocated: everywhere }\n'));
    const compose = checkFile(everywhere, 'gateway/docker-compose.yml', composeText);
    assert.deepEqual(
      compose.map((x) => [x.code, x.severity, x.port, x.message, x.data]),
      [['port-not-allocated', 'warning', 9999, 'port 9999 is not allocated to any service in berth.yaml', {}]],
    );
    const url = checkFile(c, 'test/integration/workflowexecution/audit_test.go', 'u := "http://localhost:18100"\n');
    assert.deepEqual(
      url.map((x) => [x.code, x.message, x.data]),
      [
        [
          'port-not-allocated',
          "port 18100 is not allocated to any service in berth.yaml (it lies in the http range 18090-18119; 'workflowexecution' uses 18097 for http)",
          {
            ownPort: { service: 'workflowexecution', role: 'http', port: 18097 },
            nextFree: { role: 'http', port: 18091 },
          },
        ],
      ],
    );
    const keys = checkFile(c, 'gateway/app.yaml', 'server:\n  port: 8080\nredis:\n  port: 16390\n');
    assert.deepEqual(
      keys.map((x) => [x.code, x.port, x.range.start.line]),
      [['port-not-allocated', 16390, 3]],
    );
  });

  test('files of no service and berth.yaml get no port findings; container-side and non-host-side ports never count', () => {
    assert.deepEqual(checkFile(c, 'elsewhere/config.yaml', 'addr: localhost:16387\n'), []);
    assert.deepEqual(checkFile(c, 'berth.yaml', 'addr: localhost:16387\n'), []);
    assert.deepEqual(
      checkFile(
        c,
        'gateway/compose.yml',
        'services:\n  a:\n    ports: ["16380:16387"]\n    environment: { R: "redis:16387" }\n',
      ),
      [],
    );
  });
});
