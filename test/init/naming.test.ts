// Service names beyond the folder's (compose project, kind cluster, deployment folders) and roles from a
// port's meaning (an app the service's stack runs or calls, a pod's container, a deprecated file's
// leftovers), each choice with a note: the general rules behind the corpus figures.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceFromStackName } from '../../src/init/serviceNames';
import { hostPortNames } from '../../src/init/k8sFacts';
import { sharedMentions } from '../../src/init/sharedMentions';
import { removeTempWorkspaces } from '../cli/tempWorkspace';
import { propose } from './propose';

after(removeTempWorkspaces);

const compose = (name: string | undefined, services: string) =>
  `${name ? `name: ${name}\n` : ''}services:\n${services}`;
const redis = (port: number) => `  redis:\n    image: redis:7-alpine\n    ports: ["${port}:6379"]\n`;

describe('service names', () => {
  test('a stack name loses the words of other services, then tier words unless nothing is left', () => {
    assert.equal(serviceFromStackName('hapi-integration', new Set()), 'hapi');
    assert.equal(serviceFromStackName('orders-e2e', new Set(['orders'])), 'e2e');
    assert.equal(serviceFromStackName('datastorage_integration_test', new Set()), 'datastorage');
    assert.equal(serviceFromStackName('integration', new Set()), 'integration');
  });

  test("a folder takes its compose project's name, with a located note naming the folder's", async () => {
    const { names, ports, notes } = await propose({
      'holmesgpt-api/tests/docker-compose.yml': compose('hapi-integration', redis(16387)),
      'holmesgpt-api/app.py': 'HAPI_PORT = 18120\n',
    });
    assert.deepEqual(names, ['hapi']);
    assert.deepEqual(ports('hapi'), ['redis 16387', 'http 18120']);
    assert.ok(
      notes.includes(
        "name: service 'hapi' is named after its compose project 'hapi-integration' (holmesgpt-api/tests/docker-compose.yml:1); its folder holmesgpt-api/ says 'holmesgptapi'",
      ),
      notes.join('\n'),
    );
  });

  test('a project name two folders share names the repository: both keep their folders', async () => {
    const { names, notes } = await propose({
      'services/a/docker-compose.yml': compose('acme-dev', redis(16401)),
      'services/b/docker-compose.yml': compose('acme-dev', redis(16402)),
    });
    assert.deepEqual(names, ['a', 'b']);
    assert.ok(!notes.some((n) => n.startsWith('name:')), notes.join('\n'));
  });

  test("a deployment folder's stack is a service; the ports other services use stay theirs", async () => {
    const { names, ports, notes } = await propose({
      'services/orders/docker-compose.yml': compose(undefined, '  orders:\n    build: .\n    ports: ["18110:8080"]\n'),
      'deploy/kind/kind.yaml':
        'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: orders-e2e\nnodes:\n  - role: control-plane\n    extraPortMappings:\n      - containerPort: 31110\n        hostPort: 18110\n',
      'deploy/scripts/e2e.sh': 'INGRESS_HTTP_PORT=18180\nINGRESS_HTTPS_PORT=18181\ncurl http://localhost:18110/\n',
    });
    assert.deepEqual(names, ['e2e', 'orders']);
    assert.deepEqual(ports('e2e'), ['ingress-http 18180', 'ingress-https 18181']);
    assert.deepEqual(ports('orders'), ['http 18110']);
    assert.ok(
      notes.some((n) =>
        n.startsWith(
          "name: service 'e2e' (the stack in deploy/, which publishes ports no other service uses) is named after its kind cluster 'orders-e2e' (deploy/kind/kind.yaml:3)",
        ),
      ),
      notes.join('\n'),
    );
  });

  test('a deployment folder whose stack names nothing is named after the folder, and the note says so', async () => {
    const { names, notes } = await propose({
      'deploy/compose/docker-compose.yml': compose(
        undefined,
        '  ingress:\n    image: traefik:v3\n    ports: ["18240:80"]\n',
      ),
    });
    assert.deepEqual(names, ['deploy']);
    assert.ok(
      notes.some((n) =>
        /^name: service 'deploy' .* its folder deploy\/ alone \(no stack there names itself\); rename it/.test(n),
      ),
      notes.join('\n'),
    );
  });
});

describe('roles from what a port is', () => {
  test("no HTTP port of its own and a stack running one app: the app's ports keep its name, and a note says one may be the service's http", async () => {
    const { ports, notes } = await propose({
      'test/integration/we/docker-compose.yml': compose(
        undefined,
        `${redis(16388)}  datastorage:\n    image: localhost/datastorage:latest\n    ports: ["18097:8080", "19097:9090"]\n`,
      ),
      'test/integration/we/suite_test.go': 'package we\n\nconst DataStoragePort = 18097\n',
    });
    assert.deepEqual(ports('we'), ['redis 16388', 'datastorage 18097', 'datastorage-metrics 19097']);
    assert.ok(
      notes.some((n) =>
        n.includes(
          "18097, 19097 of 'we' are datastorage's (compose service datastorage at test/integration/we/docker-compose.yml:",
        ),
      ) && notes.some((n) => n.includes("'we' has no HTTP port of its own, so one may be its http")),
      notes.join('\n'),
    );
  });

  test("beside an HTTP port of its own: an app's HTTP port (or its only one) is named after the app, its others app-protocol", async () => {
    const { ports } = await propose({
      'svc/tests/docker-compose.yml': compose(
        undefined,
        '  datastorage:\n    image: localhost/datastorage:latest\n    ports: ["18098:8080", "19098:9090"]\n  mock-llm:\n    image: localhost/mock-llm:latest\n    ports: ["18140:11434"]\n',
      ),
      'svc/tests/conftest.py':
        'SVC_URL = "http://localhost:18120"\nMOCK_LLM_URL = "http://127.0.0.1:18140"\nMETRICS_PORT = 19098\n',
    });
    assert.deepEqual(ports('svc'), ['datastorage 18098', 'http 18120', 'mock-llm 18140', 'datastorage-metrics 19098']);
  });

  test('another service of the workspace that the code calls keeps its name, with a note when it may be http', async () => {
    const { ports, notes } = await propose({
      'test/integration/datastorage/suite_test.go': 'package ds\n\nconst httpAddr = "localhost:18090"\n',
      'test/integration/gateway/suite_test.go': 'package gw\n\nvar dataStorageURL = "http://localhost:18091"\n',
    });
    assert.deepEqual(ports('gateway'), ['datastorage 18091']);
    assert.ok(
      notes.some((n) => n.includes("18091 of 'gateway' is datastorage's") && n.includes('may be its http')),
      notes.join('\n'),
    );
  });

  test("a pod's hostPort takes the name of its port entry, else of its container", () => {
    const names = hostPortNames(
      'kind: DaemonSet\nspec:\n  template:\n    spec:\n      containers:\n        - name: node-exporter\n          ports:\n            - containerPort: 9100\n              hostPort: 18182\n        - name: app\n          ports:\n            - name: admin\n              containerPort: 8081\n              hostPort: 18183\n',
    );
    assert.deepEqual(
      [...names],
      [
        [8, 'node-exporter'],
        [13, 'admin'],
      ],
    );
    assert.deepEqual([...hostPortNames('extraPortMappings:\n  - containerPort: 80\n    hostPort: 18180\n')], []);
  });

  test("a file marked deprecated loses to the current ones, and the service's own name is noted", async () => {
    const { ports, notes } = await propose({
      'test/integration/we/podman-compose.yml': `# DEPRECATED: replaced by suite_test.go\n${compose(undefined, redis(16387))}`,
      'test/integration/we/suite_test.go':
        'package we\n\nconst redisAddr = "localhost:16388"\nconst weAddr = "localhost:18097"\n',
      'test/integration/we/Makefile': 'REDIS_PORT ?= 16388\n',
    });
    assert.deepEqual(ports('we'), ['redis 16388', 'http 18097']);
    assert.ok(
      notes.some((n) => n.startsWith("ambiguous: 'we' uses 2 ports as redis")),
      notes.join('\n'),
    );
    assert.ok(
      notes.some((n) => n.startsWith("ambiguous: port 18097 of 'we' is named after the service itself")),
      notes.join('\n'),
    );
  });
});

test("an app's published range of one protocol keeps its role: the protocol does not tell the ports apart", async () => {
  const { ports } = await propose({
    'test/integration/ds/docker-compose.yml': compose(
      undefined,
      '  ds:\n    build: .\n    ports: ["18090:8080"]\n  replay-workers:\n    image: localhost/replay:1\n    ports:\n      - "18110-18112:8080-8082"\n',
    ),
  });
  assert.deepEqual(ports('ds'), ['http 18090', 'replay-workers 18110']);
});

test('a line saying a port is shared with someone: the port of that clause, and a note', async () => {
  const lines = [
    '// Notification shares PostgreSQL 15439 with HAPI (DD-TEST-001)',
    '# uses: 18120 (API), 15439 (PostgreSQL, shared with Notification), 16387 (Redis)',
    '# shared with us: nothing here',
    'x = 1 # shared with Gateway: 16380',
  ];
  assert.deepEqual(
    sharedMentions('f', lines).map((m) => `${m.line}:${m.port}:${m.service}`),
    ['0:15439:hapi', '1:15439:notification', '3:16380:gateway'],
  );
  // Shared with a neighbour that has no files here: the repository names it, so it is proposed, shared.
  const shared = await propose({
    'test/integration/notification/suite_test.go':
      'package n\n\n// Notification shares PostgreSQL 15439 with HAPI.\nconst NotificationPostgresPort = 15439\n',
  });
  assert.deepEqual(shared.ports('hapi'), ['postgres 15439']);
  assert.deepEqual(shared.ports('notification'), ['postgres 15439']);
  assert.deepEqual(shared.proposal.services.find((s) => s.name === 'hapi')?.ports[0].sharedWith, ['notification']);
  assert.ok(
    shared.notes.includes(
      "name: 'hapi' has no files here: proposed as a neighbour service with postgres 15439, shared with 'notification', because test/integration/notification/suite_test.go:3 says 15439 is shared with HAPI; rename it to what your team calls it",
    ),
    shared.notes.join('\n'),
  );
  // Said in another service's file, not the holder's: reported, not proposed.
  const elsewhere = await propose({
    'test/integration/notification/suite_test.go': 'package n\n\nconst NotificationPostgresPort = 15439\n',
    'test/integration/gateway/suite_test.go':
      'package g\n\n// Notification shares PostgreSQL 15439 with HAPI.\nconst GatewayRedisPort = 16380\n',
  });
  assert.deepEqual(elsewhere.ports('hapi'), []);
  assert.ok(elsewhere.notes.some((n) => n.startsWith('ambiguous: port 15439 is said to be shared with HAPI')));
  // Shared with a service here whose code does not use it, or a port nobody holds: reported.
  const { notes } = await propose({
    'test/integration/notification/suite_test.go':
      'package n\n\n// Notification shares PostgreSQL 15439 with HAPI.\nconst NotificationPostgresPort = 15439\n',
    'test/integration/hapi/suite_test.go': 'package h\n\nconst HAPIRedisPort = 16387\n',
    'test/integration/gateway/notes.go': 'package g\n\n// shared with Billing: 16380\n',
  });
  assert.ok(
    notes.includes(
      "ambiguous: port 15439 is said to be shared with HAPI (test/integration/notification/suite_test.go:3); declare it under shared_with of 'notification' if so",
    ),
    notes.join('\n'),
  );
  assert.ok(
    notes.some((n) =>
      n.startsWith(
        "ambiguous: port 16380 is said to be shared with Billing (test/integration/gateway/notes.go:3); 'billing' is no service here: add it, if so",
      ),
    ),
    notes.join('\n'),
  );
});
