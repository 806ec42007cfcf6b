// Neighbour services: a URL the code only calls, named after something that is no service of the
// workspace, is that neighbour's port (with a name line in the report); a stand-in the caller runs,
// a generic name, or an address without a protocol stays the caller's, said where it is not certain.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeTempWorkspaces } from '../cli/tempWorkspace';
import { propose } from './propose';

after(removeTempWorkspaces);

const orders = { 'services/orders/src/config.ts': 'export const ordersPort = 18110;\n' };

describe('init: neighbour services', () => {
  test('a URL named after no service here is a neighbour service, reported; check flags the caller', async () => {
    const { result, proposal, ports, notes } = await propose({
      ...orders,
      'services/orders/.env': 'NOTIFICATION_URL=http://localhost:18096\n',
      'services/orders/test/client.ts': "const payments = process.env.PAYMENTS_URL ?? 'http://localhost:18120';\n",
      'services/orders/scripts/smoke.py': 'BILLING = os.getenv("BILLING_API_URL", "http://localhost:18130")\n',
    });
    assert.deepEqual(ports('orders'), ['http 18110']);
    assert.deepEqual(ports('notification'), ['http 18096']);
    assert.deepEqual(ports('payments'), ['http 18120']);
    assert.deepEqual(ports('billing'), ['http 18130'], 'BILLING_API_URL: the neighbour billing, api a generic word');
    assert.deepEqual(proposal.services.find((s) => s.name === 'notification')?.configs, []);
    assert.ok(
      notes.includes(
        "name: 'notification' has no files here: proposed as a neighbour service for 18096, the http 'orders' calls (identifier NOTIFICATION_URL at services/orders/.env:1); rename it to what your team calls it, or give the port to 'orders' if its tests run a stand-in there",
      ),
      notes.join('\n'),
    );
    const flagged = result.findings.find((f) => f.file === 'services/orders/.env');
    assert.equal(flagged?.code, 'port-owned-by-other-service');
  });

  test("a stand-in the caller's own scripts run stays the caller's", async () => {
    const { ports } = await propose({
      ...orders,
      'services/orders/.env': 'NOTIFICATION_URL=http://localhost:18096\n',
      'services/orders/scripts/stub.sh': 'podman run -d --name orders-notification-stub -p 18096:8080 localhost/stub\n',
    });
    assert.deepEqual(ports('notification'), []);
    assert.ok(ports('orders').some((p) => p.endsWith(' 18096')));
  });

  test('generic names, tooling and known roles stay the caller’s; an address without a protocol is reported', async () => {
    const { proposal, ports, notes } = await propose({
      ...orders,
      'services/orders/.env':
        'PUBLIC_URL=http://localhost:18111\nOTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318\n' +
        'CACHE_REDIS_URL=redis://localhost:16400\nAUTH_SERVICE_ADDR=localhost:18140\n' +
        'VITE_API_URL=http://localhost:18112\nPLAYWRIGHT_BASE_URL=http://localhost:18113\nNEXT_PUBLIC_API_URL=http://localhost:18114\n',
    });
    assert.deepEqual(
      proposal.services.map((s) => s.name),
      ['orders'],
    );
    assert.ok(ports('orders').includes('redis 16400'));
    assert.ok(ports('orders').includes('auth-service 18140'));
    assert.ok(
      notes.some((n) =>
        /^ambiguous: port 18140 of 'orders' is named after 'auth', no service here, and 'orders' only calls it \(identifier AUTH_SERVICE_ADDR at services\/orders\/\.env:4\)/.test(
          n,
        ),
      ),
      notes.join('\n'),
    );
  });

  test('a service of the workspace is no neighbour: its own declaration keeps the port', async () => {
    const { proposal, ports } = await propose({
      ...orders,
      'services/orders/.env': 'PAYMENTS_URL=http://localhost:18120\n',
      'services/payments/src/config.ts': 'export const paymentsPort = 18120;\n',
    });
    assert.deepEqual(ports('payments'), ['http 18120']);
    assert.ok(!proposal.notes.some((n) => n.kind === 'name' && n.message.includes('neighbour')));
  });
  test("a name several ports carry is each caller's app (its own DataStorage), not one neighbour", async () => {
    const { ports, proposal } = await propose({
      'test/integration/notification/.env': 'DATASTORAGE_URL=http://localhost:18096\n',
      'test/integration/workflowexecution/suite_test.go':
        'package we\n\nconst dataStorageURL = "http://localhost:18097"\n',
    });
    assert.deepEqual(ports('datastorage'), []);
    assert.deepEqual(ports('notification'), ['datastorage 18096']);
    assert.deepEqual(ports('workflowexecution'), ['datastorage 18097']);
    assert.ok(!proposal.notes.some((n) => n.message.includes('neighbour service')));
  });
});
