// Roles no identifier gives (a command's container name, image, port-forward target, a flag's usage), a
// service's second port of one role, and references read as the container's side: the general rules the
// blind answers' figures rest on, each with the note it leaves.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commandRole, containerName, roleFromContainerName, runImage } from '../../src/init/commandNames';
import { qualifiedRole } from '../../src/init/names';
import { removeTempWorkspaces } from '../cli/tempWorkspace';
import { propose } from './propose';

after(removeTempWorkspaces);

const byPort = (a: string, b: string) => Number(a.split(' ')[1]) - Number(b.split(' ')[1]);

describe('what a command line says', () => {
  test('the container name after the service, the image, a port-forward target', () => {
    assert.equal(
      containerName("spawnSync('docker', ['run', '--name', 'orders-loadtest-redis', '-p', '1:2'])", 'orders'),
      'orders-loadtest-redis',
    );
    assert.equal(
      containerName('start_container("hapi-audit-sink", "img", host_port=18125)', 'hapi'),
      'hapi-audit-sink',
    );
    assert.equal(containerName('start_container("audit-sink", "img", host_port=18125)', 'hapi'), undefined);
    assert.equal(roleFromContainerName('worker-mock', 'worker'), 'mock');
    assert.equal(roleFromContainerName('orders_redis_test_1', 'orders'), 'redis');
    // The service's own container: its name, which the proposal reads as the service's own endpoint (http).
    assert.equal(roleFromContainerName('orders', 'orders'), 'orders');
    assert.equal(roleFromContainerName('orders-test-1', 'orders'), undefined);
    assert.equal(runImage('docker run --rm -e A=1 -v /x:/y -p 18244:80 nginx:alpine true'), 'nginx:alpine');
    assert.equal(
      runImage('exec.Command("podman", "run", "-d", "--network", "n", "-p", "1:2", "localhost/http-mock:1")'),
      'localhost/http-mock:1',
    );
    assert.equal(runImage('docker exec -it web sh'), undefined);
    assert.deepEqual(commandRole('docker run --rm -p 18244:80 nginx:alpine', 'deploy'), {
      role: 'nginx',
      why: 'image nginx:alpine',
    });
    assert.deepEqual(commandRole("execa('kubectl', ['port-forward', 'svc/orders-api', '18183:80'])", 'e2e'), {
      role: 'orders-api',
      why: 'port-forward to orders-api',
    });
    assert.equal(commandRole('curl -sf http://localhost:18080/health', 'web'), undefined);
  });

  test('a qualified role has the role among more words, without the service', () => {
    assert.equal(qualifiedRole('FRAUD_REDIS_PORT', 'redis', 'payments'), 'fraud-redis');
    assert.equal(qualifiedRole('minioConsoleUrl', 'minio', 'media'), 'minio-console');
    assert.equal(qualifiedRole('PAYMENTS_REDIS_PORT', 'redis', 'payments'), undefined);
    assert.equal(qualifiedRole('CACHE_PORT', 'redis', 'payments'), undefined);
  });
});

describe('roles in a proposal', () => {
  test('a port no identifier names takes its container name or image, with a note', async () => {
    const { ports, notes } = await propose({
      'worker/run-local.sh': 'docker run -d --rm --name worker-mock -p 18248:8080 localhost/http-mock\n',
      'worker/app.py': 'WORKER_PORT = 18230\n',
      'deploy/Makefile': 'smoke:\n\tdocker run --rm -p 18244:80 nginx:alpine true\n',
      'deploy/docker-compose.yml': 'services:\n  ingress:\n    image: traefik:v3\n    ports: ["18240:80"]\n',
    });
    assert.deepEqual(ports('worker'), ['http 18230', 'mock 18248']);
    assert.deepEqual(ports('deploy'), ['ingress 18240', 'nginx 18244']);
    assert.ok(
      notes.some((n) =>
        n.includes(
          "port 18248 of 'worker' is bound to no identifier; its role is read from the command's container name worker-mock",
        ),
      ),
      notes.join('\n'),
    );
  });

  test('a second port of a role takes the name its own code gives it; one it only calls stays reported', async () => {
    const { ports, notes } = await propose({
      'services/payments/.env.test': 'PAYMENTS_REDIS_PORT=16401\nFRAUD_REDIS_PORT=16405\n',
      'services/payments/test/a.spec.ts':
        'export const paymentsRedisPort = 16401;\nexport const WE_REDIS_URL = "redis://localhost:16388/0";\n',
    });
    assert.deepEqual(ports('payments'), ['redis 16401', 'fraud-redis 16405']);
    assert.ok(
      notes.some((n) => n.includes("'payments' uses 3 ports as redis") && n.includes('and 16405 as fraud-redis')),
      notes.join('\n'),
    );
    assert.ok(
      notes.some((n) => n.includes('16388')),
      notes.join('\n'),
    );
  });

  test("a flag's default takes the flag's name or its usage's protocol; a health URL's name is its path", async () => {
    const { ports } = await propose({
      'apps/notifier/main.go':
        'package main\n\nimport "flag"\n\nfunc main() {\n\taddr := flag.String("addr", "127.0.0.1:18710", "HTTP listen address")\n\tmetrics := flag.String("metrics-addr", "127.0.0.1:18711", "Prometheus listen address")\n\t_, _ = addr, metrics\n}\n',
      'ingest/docker-compose.yml': 'services:\n  ingest:\n    build: .\n    ports: ["18410:8000"]\n',
      'ingest/tests/conftest.py': 'INGEST_HEALTH_URL = "http://localhost:18410/healthz"\n',
    });
    assert.deepEqual(ports('notifier'), ['http 18710', 'metrics 18711']);
    assert.deepEqual(ports('ingest'), ['http 18410']);
  });

  test("the container's side: a Dockerfile, the published container port, a role's default port in a bare URL", async () => {
    const { ports, notes } = await propose({
      'catalog/docker-compose.yml': 'services:\n  catalog-api:\n    build: .\n    ports: ["18210:8080"]\n',
      'catalog/main.go': 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n',
      'catalog/Dockerfile': 'FROM scratch\nHEALTHCHECK CMD curl -fs http://localhost:8081/health || exit 1\n',
      'catalog/application.yml': 'spring:\n  datasource:\n    url: jdbc:postgresql://localhost:5432/catalog\n',
    });
    assert.deepEqual(ports('catalog'), ['http 18210']);
    for (const [port, why] of [
      [8080, 'the container port its compose file publishes as 18210'],
      [8081, 'in a Dockerfile'],
      [5432, "postgres's default port in a URL no identifier names"],
    ] as const)
      assert.ok(
        notes.some(
          (n) =>
            n.startsWith(`ambiguous: port ${port} in 'catalog'`) &&
            n.includes(why) &&
            n.endsWith('read as container-side, not allocated'),
        ),
        `${port}\n${notes.join('\n')}`,
      );
  });

  test("what a listening call is assigned to names it; a second port called by the service's own name is its own", async () => {
    const { ports } = await propose({
      'ledger/src/test/kotlin/WebhookIT.kt':
        'class WebhookIT {\n    private val merchantWebhook = ServerSocket(18631)\n}\n',
      'ledger/.env':
        'LEDGER_REDIS_URL=redis://localhost:16620/0\nLEDGER_CACHE_REDIS_URL=redis://localhost:16625/1\nLEDGER_PORT=18610\n',
    });
    assert.deepEqual(
      ports('ledger'),
      ['http 18610', 'merchantwebhook 18631', 'redis 16620', 'cache-redis 16625'].sort(byPort),
    );
  });
});
