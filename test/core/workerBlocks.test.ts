// `workers: N` blocks in berth.yaml: the whole block is allocated (rules, file references, next free port), an
// overlap with another service's port or block is one duplicate-allocation per pair naming both, and the fix's
// target is the next free run of N in the role's range.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { checkAllocation, checkFile } from '../../src/core/rules';
import { nextFreePort } from '../../src/core/freePort';
import type { BerthConfig } from '../../src/core/types';

function config(services: string, ranges = '  http: 18090-18119\n'): BerthConfig {
  const r = parseBerthYaml(`version: 1\nranges:\n${ranges}services:\n${services}`);
  assert.deepEqual(
    r.findings.map((f) => f.message),
    [],
  );
  return r.config!;
}

const brief = (c: BerthConfig) =>
  checkAllocation(c).map((f) => ({ code: f.code, service: f.service, message: f.message, next: f.data?.nextFree }));

describe('worker blocks', () => {
  test('a block overlapping another service port: one error per side, naming both, with a free run to move to', () => {
    // datastorage's 18090 + 4 workers = 18090-18093, walking into notification's 18092 (the GinkgoParallelProcess bug).
    const c = config(
      '  datastorage:\n    workers: 4\n    ports: { http: 18090 }\n  notification:\n    ports: { http: 18092 }\n',
    );
    assert.deepEqual(brief(c), [
      {
        code: 'duplicate-allocation',
        service: 'datastorage',
        message:
          "ports 18090-18093 (http block of 'datastorage', workers: 4) overlap 18092 (http of 'notification') at 18092; move the block to free ports or declare shared_with",
        next: { role: 'http', port: 18093, size: 4 },
      },
      {
        code: 'duplicate-allocation',
        service: 'notification',
        message:
          "ports 18092 (http of 'notification') overlap 18090-18093 (http block of 'datastorage', workers: 4) at 18092; move the block to free ports or declare shared_with",
        next: { role: 'http', port: 18094 },
      },
    ]);
  });

  test('two blocks that overlap on several ports give one finding per pair', () => {
    const c = config(
      '  a:\n    workers: 4\n    ports: { http: 18090 }\n  b:\n    workers: 3\n    ports: { http: 18092 }\n',
    );
    const fs = brief(c);
    assert.equal(fs.length, 2);
    assert.match(
      fs[0].message,
      /^ports 18090-18093 \(http block of 'a', workers: 4\) overlap 18092-18094 \(http block of 'b', workers: 3\) at 18092;/,
    );
    assert.deepEqual(fs[0].next, { role: 'http', port: 18095, size: 4 });
    assert.deepEqual(
      fs[1].next,
      { role: 'http', port: 18094, size: 3 },
      "b may start inside its own old block, after a's",
    );
  });

  test('blocks that only touch do not overlap; a block is one service using its own ports', () => {
    const c = config(
      '  a:\n    workers: 2\n    ports: { http: 18090 }\n  b:\n    ports: { http: 18092 }\n    configs: ["b/**"]\n',
    );
    assert.deepEqual(checkAllocation(c), []);
    assert.equal(nextFreePort(c, 'http'), 18093);
    assert.equal(nextFreePort(c, 'http', undefined, { size: 5 }), 18093);
  });

  test("a reference to another service's worker port is port-owned-by-other-service", () => {
    const c = config(
      '  a:\n    workers: 4\n    ports: { http: 18090 }\n  b:\n    ports: { http: 18100 }\n    configs: ["b/**"]\n',
    );
    const [f] = checkFile(c, 'b/client_test.go', 'const url = "http://localhost:18093/health"\n');
    assert.equal(f.code, 'port-owned-by-other-service');
    assert.match(f.message, /^port 18093 belongs to 'a' \(http\)/);
  });

  test('a block that does not fit its range is out-of-range, with the first run that fits; past 65535 is an error', () => {
    const c = config('  a:\n    workers: 4\n    ports: { http: 18117 }\n');
    assert.deepEqual(brief(c), [
      {
        code: 'out-of-range',
        service: 'a',
        message: "ports 18117-18120 (http block of 'a', workers: 4) do not fit in the http range 18090-18119",
        next: { role: 'http', port: 18090, size: 4 },
      },
    ]);
    const high = config('  a:\n    workers: 3\n    ports: { x: 65534 }\n', '  http: 18090-18119\n');
    assert.deepEqual(
      brief(high).map((f) => [f.code, f.message]),
      [['out-of-range', "ports 65534-65536 (x block of 'a', workers: 3) reach past 65535"]],
    );
  });

  test('no run of N left in the range: no target is offered', () => {
    const c = config(
      '  a:\n    workers: 3\n    ports: { http: 18090 }\n  b:\n    ports: { http: 18091 }\n',
      '  http: 18090-18093\n',
    );
    assert.equal(brief(c).find((f) => f.service === 'a')!.next, undefined);
  });
});
