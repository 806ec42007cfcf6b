// Name normalisation, roles from identifiers and images, and what a table cell says.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeName, roleFromIdentifier, roleKey, roleName } from '../../src/init/names';
import { composeRole } from '../../src/init/roles';
import { readCell } from '../../src/init/docCells';
import { roundedRange } from '../../src/init/proposal';
import { serviceDirOf } from '../../src/init/serviceDirs';

describe('names', () => {
  test('service names lose markup and parentheticals, then everything but letters and digits', () => {
    assert.equal(normalizeName('**Effectiveness Monitor (CRD)**'), 'effectivenessmonitor');
    assert.equal(normalizeName('Data Storage'), 'datastorage');
    assert.equal(normalizeName('data-storage'), 'datastorage');
    assert.equal(normalizeName('[HAPI](docs/hapi.md) (Python)'), 'hapi');
    assert.equal(normalizeName('`workflow_execution`'), 'workflowexecution');
    assert.equal(normalizeName('Embedding Service'), 'embedding');
    assert.equal(normalizeName('embedding-svc'), 'embedding');
    assert.equal(normalizeName('Service'), 'service');
  });

  test('roles: known aliases and the rest normalised', () => {
    assert.equal(roleName('PostgreSQL'), 'postgres');
    assert.equal(roleName('Valkey'), 'redis');
    assert.equal(roleName('Data Storage'), 'datastorage');
  });

  test('roles from identifiers', () => {
    assert.equal(roleFromIdentifier('redisPort'), 'redis');
    assert.equal(roleFromIdentifier('DataStoragePort'), 'datastorage');
    assert.equal(roleFromIdentifier('WEIntegrationDataStoragePort', 'workflowexecution'), 'datastorage');
    assert.equal(roleFromIdentifier('HAPI_REDIS_PORT'), 'redis');
    // Words the identifier separates stay apart; camel humps join. Both spellings share one key.
    assert.equal(roleFromIdentifier('DATA_STORAGE_URL'), 'data-storage');
    assert.equal(roleKey('data-storage'), roleKey('DataStorage'));
    assert.equal(roleFromIdentifier('INGRESS_HTTPS_PORT'), 'ingress-https');
    assert.equal(roleFromIdentifier('devServerPort'), 'devserver');
    assert.equal(roleFromIdentifier('workflowExecutionMetricsPort', 'workflowexecution'), 'metrics');
    assert.equal(roleFromIdentifier('postgresAddr'), 'postgres');
    assert.equal(roleFromIdentifier('PORT'), undefined);
  });

  test('roles of published ports: image first, then container port, then the compose service', () => {
    assert.equal(composeRole({ service: 'cache', image: 'valkey/valkey:8', containerPort: 6379 }).role, 'redis');
    assert.equal(composeRole({ service: 'db', image: 'docker.io/library/postgres:16-alpine' }).role, 'postgres');
    assert.equal(composeRole({ service: 'db', image: 'localhost/test-db', containerPort: 5432 }).role, 'postgres');
    assert.equal(composeRole({ service: 'datastorage', containerPort: 8080 }).role, 'datastorage');
    assert.equal(composeRole({ service: 'datastorage', containerPort: 9090 }).role, 'datastorage-metrics');
  });

  test('ranges are the tightest block rounded out to tens', () => {
    assert.deepEqual(roundedRange([15433, 15441, 15439]), { from: 15430, to: 15449 });
    assert.deepEqual(roundedRange([16380]), { from: 16380, to: 16389 });
  });

  test('service folders', () => {
    const none = new Set<string>();
    assert.deepEqual(serviceDirOf('test/integration/workflowexecution/config/config.yaml', none), {
      service: 'workflowexecution',
      dir: 'test/integration/workflowexecution',
    });
    assert.deepEqual(serviceDirOf('services/data-storage/.env', none), {
      service: 'datastorage',
      dir: 'services/data-storage',
    });
    assert.deepEqual(serviceDirOf('billing/tests/conftest.py', new Set(['billing'])), {
      service: 'billing',
      dir: 'billing',
    });
    assert.equal(serviceDirOf('billing/tests/conftest.py', none), undefined);
    assert.equal(serviceDirOf('test/integration/README.md', none), undefined);
  });
});

describe('table cells', () => {
  test('ports, with markup, emoji and a shared note', () => {
    assert.deepEqual(readCell('15433'), { kind: 'port', port: 15433, shared: undefined });
    assert.deepEqual(readCell('**16388** ⭐'), { kind: 'port', port: 16388, shared: undefined });
    assert.deepEqual(readCell('15439 (shared with Notification)'), {
      kind: 'port',
      port: 15439,
      shared: ['notification'],
    });
    assert.deepEqual(readCell('15439 (shared)'), { kind: 'port', port: 15439, shared: 'unnamed' });
  });

  test('ranges, N/A and dashes, Label: port pairs', () => {
    assert.deepEqual(readCell('18090-18099'), { kind: 'range', from: 18090, to: 18099 });
    assert.deepEqual(readCell('15433 – 15449'), { kind: 'range', from: 15433, to: 15449 });
    for (const none of ['N/A', 'n/a', '—', '–', '-', '']) assert.deepEqual(readCell(none), { kind: 'empty' }, none);
    assert.deepEqual(readCell('Data Storage: 18091, Embedding: 18000'), {
      kind: 'labelled',
      ports: [
        { role: 'datastorage', port: 18091 },
        { role: 'embedding', port: 18000 },
      ],
    });
  });

  test('what cannot be read says so', () => {
    for (const bad of ['TBD', '99999', '1.9', '2025-12-25', 'Data Storage: soon', '15433, 15434'])
      assert.equal(readCell(bad).kind, 'unreadable', bad);
  });
});
