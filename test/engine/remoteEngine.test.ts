// test-needs: engine
// A remote engine host built here: a network namespace with its own address (10.213.91.2) running a test sshd
// and a real engine of each kind (a private dockerd; a private `podman system service` with its own storage),
// with busybox copied in. Berth reaches them as ssh engines (docker: dial-stdio finds the namespace's dockerd
// through sshd's SetEnv DOCKER_HOST; podman: by its socket path). `berth up` of a busybox httpd stack must
// come up ready with its http probe sent to the namespace's address: a planted listener on 127.0.0.1 of this
// machine at the same port answers 500, so a probe there would never pass. A probe naming `host: 127.0.0.1`
// does go there and fails on that 500. Then `berth down` leaves nothing on the engine. `berth run` hands its
// command BERTH_HOST (the namespace's address), where the command reaches the stack.
// Ports: sshd 23793; stacks 23631 (docker), 23632 (podman).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import { run as down } from '../../src/cli/down';
import { run as berthRun } from '../../src/cli/run';
import { run as up } from '../../src/cli/up';
import { connectEngine } from '../../src/engine/connection';
import { LABEL_SERVICE } from '../../src/engine/labels';
import { networkName } from '../../src/stack/runner';
import { runCommand } from '../support/cli';
import { testEngines } from '../support/engines';
import { netnsMissing, TestNetns } from '../support/netns';
import { sshdMissing, TestSshd } from '../support/sshd';
import { fixture, type Fixture } from '../stack/fixtures';
import { PrivateEngine } from './privateEngine';

const missing = netnsMissing() ?? sshdMissing();
const ns = new TestNetns('berth-re', '10.213.91');
const dir = mkdtempSync('/tmp/berth-re-');
const engines = testEngines().map((e) => ({
  kind: e.kind,
  daemon: new PrivateEngine(e.kind, { netns: { ns, dir } }),
  port: e.kind === 'docker' ? 23631 : 23632,
}));
const dockerSock = engines.find((e) => e.kind === 'docker')?.daemon.socketPath;
const sshd = new TestSshd({
  address: ns.nsIp,
  port: 23793,
  netns: ns.name,
  alias: 'berth-re-box',
  extraConfig: dockerSock ? [`SetEnv DOCKER_HOST=unix://${dockerSock}`] : [],
});
const urlOf = (e: (typeof engines)[number]) =>
  e.kind === 'docker' ? `ssh://${sshd.alias}` : `ssh://${sshd.alias}${e.daemon.socketPath}`;
const planted: Server[] = [];
const fixtures: Fixture[] = [];
const savedConfig = process.env.BERTH_SSH_CONFIG;

/** What this machine's 127.0.0.1 answers on the stack's port: the planted listener, never the stack. */
function listenLocally(port: number): Promise<void> {
  const server = createServer((_req, res) => res.writeHead(500).end('planted local listener\n'));
  planted.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/** One GET with a deadline: status and body. */
function fetchOnce(host: string, port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host, port, path, timeout: 5000, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${host}:${port}${path}: no answer within 5 s`)));
    req.on('error', reject);
  });
}

before(async () => {
  if (missing) return;
  ns.create();
  await Promise.all(engines.map((e) => e.daemon.start()));
  await Promise.all(engines.map((e) => e.daemon.loadImage('busybox:stable')));
  await sshd.start();
  process.env.BERTH_SSH_CONFIG = sshd.clientConfig;
  for (const e of engines) await listenLocally(e.port);
});

after(async () => {
  if (savedConfig === undefined) delete process.env.BERTH_SSH_CONFIG;
  else process.env.BERTH_SSH_CONFIG = savedConfig;
  await Promise.all(planted.map((s) => new Promise((r) => s.close(r))));
  await Promise.all(engines.map((e) => e.daemon.stop()));
  await sshd.stop();
  ns.destroy();
  // Podman's CNI keeps each network's address leases in a folder of its own name, outside the engine's dirs.
  for (const e of engines)
    rmSync(`/var/lib/cni/networks/${networkName(`re${e.kind}`)}`, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  fixtures.forEach((f) => f.dispose());
});

const stackYaml = (svc: string, port: number, timeout: string, host?: string) => `version: 1
services:
  ${svc}:
    ports: { http: ${port} }
    stack:
      web:
        image: busybox:stable
        ports: [ "http:8080" ]
        command: [ sh, -c, "mkdir -p /www && echo ok > /www/health && exec httpd -f -p 8080 -h /www" ]
        ready: { http: { port: http, path: /health, status: 200${host ? `, host: ${host}` : ''} } }
        timeout: ${timeout}
`;

describe('an engine on another machine (a network namespace) over ssh', { skip: missing }, () => {
  for (const e of engines) {
    describe(`${e.kind} in the namespace`, () => {
      const svc = `re${e.kind}`;

      test("up: the http probe goes to the engine's address and passes; this machine's 127.0.0.1 answers 500", async () => {
        const f = fixture(stackYaml(svc, e.port, '30s'));
        fixtures.push(f);
        const r = await runCommand(up, [svc, '--host', urlOf(e), '--timeout', '30'], f.root);
        assert.equal(r.code, 0, r.out + r.err);
        assert.match(r.out, /✓ web +ready in/);
        // What the probe saw on the namespace's address, and what it would have seen on this machine's loopback.
        assert.deepEqual(await fetchOnce(ns.nsIp, e.port, '/health'), { status: 200, body: 'ok\n' });
        assert.deepEqual(await fetchOnce('127.0.0.1', e.port, '/health'), {
          status: 500,
          body: 'planted local listener\n',
        });
        const d = await runCommand(down, [svc, '--host', urlOf(e)], f.root);
        assert.equal(d.code, 0, d.out + d.err);
        const engine = await connectEngine({ host: urlOf(e), sshConfig: sshd.clientConfig });
        try {
          const left = await engine.containers({ label: `${LABEL_SERVICE}=${svc}` });
          assert.deepEqual(
            left.map((c) => `${c.name} ${c.state}`),
            [],
          );
        } finally {
          engine.close();
        }
      });

      test('berth run: the command reaches the stack at $BERTH_HOST:$BERTH_HTTP_PORT (the namespace, not here)', async () => {
        const f = fixture(stackYaml(svc, e.port, '30s'));
        fixtures.push(f);
        // Prints what it got from the stack; exits 3 on anything else (the planted 500 included).
        const client = `fetch('http://' + process.env.BERTH_HOST + ':' + process.env.BERTH_HTTP_PORT + '/health')
          .then(async (r) => { const t = await r.text(); console.log(process.env.BERTH_HOST, r.status, t.trim()); process.exit(r.status === 200 ? 0 : 3); })
          .catch((err) => { console.error(err.message); process.exit(4); });`;
        const r = await runCommand(
          berthRun,
          [svc, '--host', urlOf(e), '--timeout', '30', '--', process.execPath, '-e', client],
          f.root,
        );
        assert.equal(r.code, 0, r.out + r.err);
        assert.equal(r.out.trim(), `${ns.nsIp} 200 ok`);
        assert.match(r.err, /stack of .* taken down/);
      });

      test('a probe that names host 127.0.0.1 goes to this machine and fails on the planted 500', async () => {
        const f = fixture(stackYaml(svc, e.port, '2s', '127.0.0.1'));
        fixtures.push(f);
        const r = await runCommand(up, [svc, '--host', urlOf(e)], f.root);
        try {
          assert.equal(r.code, 1, r.out + r.err);
          assert.match(r.err, /http GET 127\.0\.0\.1:\d+\/health → 200" did not pass within 2 s \(last: HTTP 500\)/);
        } finally {
          await runCommand(down, [svc, '--host', urlOf(e)], f.root);
        }
      });
    });
  }
});
