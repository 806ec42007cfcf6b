// The code-only proposal on small workspaces: who owns a port two services use, which role wins, where
// files of no service folder go, and that every such decision leaves a note.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeTempWorkspaces } from '../cli/tempWorkspace';
import { propose } from './propose';

after(removeTempWorkspaces);

describe('init from code', () => {
  test('a port two services publish goes to the one using it at least twice as often, with a note', async () => {
    const { ports, notes } = await propose({
      'services/orders/docker-compose.yml': 'services:\n  cache:\n    image: redis:7\n    ports: ["16400:6379"]\n',
      'services/orders/.env': 'REDIS_URL=redis://localhost:16400\nCACHE_ADDR=localhost:16400\n',
      'services/payments/docker-compose.yml': 'services:\n  cache:\n    image: redis:7\n    ports: ["16400:6379"]\n',
    });
    assert.deepEqual(ports('orders'), ['redis 16400']);
    assert.deepEqual(ports('payments'), []);
    assert.ok(
      notes.some((n) =>
        /^conflict: port 16400 is used by 'orders' .* allocated to 'orders', which uses it at least twice/.test(n),
      ),
    );
  });

  test('a port used alike by two services is allocated to neither and reported', async () => {
    const { ports, notes } = await propose({
      'test/integration/a/suite_test.go': 'package a\n\nvar redisAddr = "localhost:16380"\n',
      'test/integration/b/suite_test.go': 'package b\n\nvar redisAddr = "localhost:16380"\n',
    });
    assert.deepEqual([...ports('a'), ...ports('b')], []);
    assert.ok(
      notes.some((n) => /port 16380 is used by 'a' .* and 'b' .*: not allocated/.test(n)),
      notes.join('\n'),
    );
  });

  test("an identifier beats a compose service's name; an image beats both", async () => {
    const { ports } = await propose({
      'services/orders/docker-compose.yml':
        'services:\n  orders-api:\n    build: .\n    ports:\n      - "18110:8080"\n      - "18111:8081"\n  db:\n    image: postgis/postgis:16\n    ports: ["15450:5432"]\n',
      'services/orders/.env': 'ORDERS_HEALTH_PORT=18111\nDB_PORT=15450\n',
    });
    // orders-api is the service's own endpoint (http); 18111's identifier says health; postgis is postgres.
    assert.deepEqual(ports('orders'), ['postgres 15450', 'http 18110', 'health 18111']);
  });

  test('files named after a service belong to it; helper folders are not services', async () => {
    const { proposal } = await propose({
      'test/integration/workflowexecution/suite_test.go': 'package we\n\nvar redisAddr = "localhost:16388"\n',
      'test/infrastructure/workflowexecution_integration.go':
        'package infrastructure\n\nconst WEIntegrationMetricsPort = 19097\n',
      'test/integration/config/shared.yaml': 'redis:\n  addr: localhost:16999\n',
    });
    const we = proposal.services.find((s) => s.name === 'workflowexecution')!;
    assert.deepEqual(we.configs, ['test/infrastructure/workflowexecution*', 'test/integration/workflowexecution/**']);
    assert.deepEqual(
      we.ports.map((p) => `${p.role} ${p.port}`),
      ['redis 16388', 'metrics 19097'],
    );
    assert.deepEqual(
      proposal.services.map((s) => s.name),
      ['workflowexecution'],
    );
    assert.ok(proposal.notes.some((n) => n.kind === 'unowned' && /16999|shared\.yaml/.test(n.message)));
  });

  test('a top-level folder with code is a service; tooling folders are not; `-p H:5432` is postgres', async () => {
    const { proposal, ports } = await propose({
      'api/internal/testenv/env.go':
        'package testenv\n\nvar args = []string{"run", "--publish=127.0.0.1:15510:5432", "postgres:16"}\n',
      'deploy/Makefile': 'up:\n\tcurl http://localhost:18240/\n',
    });
    assert.deepEqual(ports('api'), ['postgres 15510']);
    assert.deepEqual(
      proposal.services.map((s) => s.name),
      ['api'],
    );
  });
  test('a compose file of another name is read as compose by its content; Helm values are not', async () => {
    const { proposal, ports } = await propose({
      'shop/deploy/stack.yml':
        'services:\n  db:\n    image: postgres:16-alpine\n    ports: ["15460:5432"]\n    environment:\n      PGPORT: "5432"\n',
      'shop/deploy/values.yaml': 'services:\n  db:\n    image: { repository: postgres }\n    port: 5432\n',
      'shop/main.go': 'package main\n',
    });
    assert.deepEqual(ports('shop'), ['postgres 15460']);
    assert.equal(proposal.services.find((s) => s.name === 'shop')?.compose, 'shop/deploy/stack.yml');
  });
  test("a URL bound to no identifier takes its scheme's role, after every identifier, with a note", async () => {
    const { ports, notes } = await propose({
      'services/notifier/test/health.ts':
        "await fetch('http://localhost:18097/health');\nconnect('redis://localhost:16385/0');\n",
      'services/notifier/config.yaml': 'datastorage:\n  url: http://localhost:18096\n',
      'services/notifier/src/config.ts': "export const dataStorageURL = 'http://localhost:18096';\n",
    });
    assert.deepEqual(ports('notifier'), ['redis 16385', 'datastorage 18096', 'http 18097']);
    assert.ok(
      notes.some((n) =>
        /^ambiguous: port 18097 of 'notifier' is bound to no identifier; its role is its URL's scheme \(services\/notifier\/test\/health\.ts:1\): proposed as http$/.test(
          n,
        ),
      ),
    );
  });
});
