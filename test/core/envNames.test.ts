// Variable names, worker shifts and worker detection: what `berth env`, `berth run`, the tasks and terminals share.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseWorker, formatEnv, portVarName, serviceEnv, workerPort } from '../../src/core/envNames';
import { parseBerthYaml } from '../../src/core/berthYaml';

function service(yaml: string, name: string) {
  const res = parseBerthYaml(yaml);
  assert.deepEqual(
    res.findings.map((f) => f.message),
    [],
  );
  return res.config!.services.find((s) => s.name === name)!;
}

const YAML = `version: 1
services:
  workflowexecution:
    workers: 4
    ports: { postgres: 15441, redis: 16388, datastorage-http: 18097, "metrics.v2": 19097 }
  solo:
    ports: { http: 18080 }
`;

describe('variable names', () => {
  test('upper-cased, each non-alphanumeric run becomes one underscore', () => {
    assert.equal(portVarName('datastorage-http'), 'BERTH_DATASTORAGE_HTTP_PORT');
    assert.equal(portVarName('postgres'), 'BERTH_POSTGRES_PORT');
    assert.equal(portVarName('metrics.v2'), 'BERTH_METRICS_V2_PORT');
    assert.equal(portVarName('a-._b'), 'BERTH_A_B_PORT');
    assert.equal(portVarName('Pg15'), 'BERTH_PG15_PORT');
  });

  test('two roles that become one name are an error naming both', () => {
    const svc = service('version: 1\nservices:\n  s:\n    ports: { a-b: 1000, a_b: 1001 }\n', 's');
    assert.deepEqual(serviceEnv(svc, 1), {
      error: "roles 'a-b' and 'a_b' of 's' both become BERTH_A_B_PORT; rename one",
    });
  });
});

describe('worker shifts', () => {
  test('worker K gets every port + K-1, in role order, with BERTH_SERVICE and BERTH_WORKER', () => {
    const svc = service(YAML, 'workflowexecution');
    assert.equal(svc.workers, 4);
    assert.deepEqual(serviceEnv(svc, 1), {
      vars: {
        BERTH_SERVICE: 'workflowexecution',
        BERTH_WORKER: '1',
        BERTH_POSTGRES_PORT: '15441',
        BERTH_REDIS_PORT: '16388',
        BERTH_DATASTORAGE_HTTP_PORT: '18097',
        BERTH_METRICS_V2_PORT: '19097',
      },
    });
    const w4 = serviceEnv(svc, 4);
    assert.ok('vars' in w4);
    assert.equal(w4.vars.BERTH_POSTGRES_PORT, '15444');
    assert.equal(w4.vars.BERTH_METRICS_V2_PORT, '19100');
    assert.equal(w4.vars.BERTH_WORKER, '4');
    assert.equal(workerPort(18090, 3), 18092);
  });

  test('a worker beyond workers: N is refused, saying how many there are', () => {
    assert.deepEqual(serviceEnv(service(YAML, 'workflowexecution'), 5), {
      error: "worker 5 is beyond the 4 workers of 'workflowexecution' in berth.yaml",
    });
    assert.deepEqual(serviceEnv(service(YAML, 'solo'), 2), {
      error: "'solo' has one set of ports; worker 2 needs 'workers: 2' (or more) on it in berth.yaml",
    });
  });
});

describe('which worker', () => {
  test('--worker wins over every variable', () => {
    assert.deepEqual(chooseWorker('3', { BERTH_WORKER: '2', GINKGO_PARALLEL_PROCESS: '4' }), {
      worker: 3,
      source: '--worker',
    });
  });
  test('each runner numbering maps to 1-based (pytest-xdist gw0 is worker 1)', () => {
    assert.deepEqual(chooseWorker(undefined, { GINKGO_PARALLEL_PROCESS: '2' }), {
      worker: 2,
      source: 'GINKGO_PARALLEL_PROCESS',
    });
    assert.deepEqual(chooseWorker(undefined, { PYTEST_XDIST_WORKER: 'gw0' }), {
      worker: 1,
      source: 'PYTEST_XDIST_WORKER',
    });
    assert.deepEqual(chooseWorker(undefined, { PYTEST_XDIST_WORKER: 'gw11' }), {
      worker: 12,
      source: 'PYTEST_XDIST_WORKER',
    });
    assert.deepEqual(chooseWorker(undefined, { JEST_WORKER_ID: '3' }), { worker: 3, source: 'JEST_WORKER_ID' });
    assert.deepEqual(chooseWorker(undefined, { VITEST_POOL_ID: '5' }), { worker: 5, source: 'VITEST_POOL_ID' });
  });
  test('BERTH_WORKER comes before the runners; nothing set is worker 1; empty counts as unset', () => {
    assert.deepEqual(chooseWorker(undefined, { BERTH_WORKER: '2', JEST_WORKER_ID: '3' }), {
      worker: 2,
      source: 'BERTH_WORKER',
    });
    assert.deepEqual(chooseWorker(undefined, {}), { worker: 1, source: 'default' });
    assert.deepEqual(chooseWorker(undefined, { GINKGO_PARALLEL_PROCESS: '', JEST_WORKER_ID: '2' }), {
      worker: 2,
      source: 'JEST_WORKER_ID',
    });
  });
  test('a value that names no worker is an error naming the variable, never worker 1', () => {
    assert.deepEqual(chooseWorker('0', {}), { error: "--worker must be a worker number 1, 2, … (got '0')" });
    assert.deepEqual(chooseWorker('x', {}), { error: "--worker must be a worker number 1, 2, … (got 'x')" });
    assert.deepEqual(chooseWorker(undefined, { PYTEST_XDIST_WORKER: 'master' }), {
      error: 'PYTEST_XDIST_WORKER=master does not name a worker',
    });
    assert.deepEqual(chooseWorker(undefined, { JEST_WORKER_ID: '-1' }), {
      error: 'JEST_WORKER_ID=-1 does not name a worker',
    });
  });
});

describe('formats', () => {
  const vars = { BERTH_SERVICE: 'we', BERTH_WORKER: '1', BERTH_REDIS_PORT: '16388' };
  test('dotenv, shell and json', () => {
    assert.equal(formatEnv(vars, 'dotenv'), 'BERTH_SERVICE=we\nBERTH_WORKER=1\nBERTH_REDIS_PORT=16388\n');
    assert.equal(
      formatEnv(vars, 'shell'),
      'export BERTH_SERVICE=we\nexport BERTH_WORKER=1\nexport BERTH_REDIS_PORT=16388\n',
    );
    assert.deepEqual(JSON.parse(formatEnv(vars, 'json')), vars);
  });
  test('a value with shell characters is single-quoted', () => {
    assert.equal(formatEnv({ BERTH_SERVICE: "a b'$x" }, 'shell'), `export BERTH_SERVICE='a b'\\''$x'\n`);
  });
});
