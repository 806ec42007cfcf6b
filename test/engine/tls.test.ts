// test-needs: engine
// tcp+TLS engines: a private dockerd listening on a loopback TLS port (--tlsverify) with a CA, server and client
// certificates made here by openssl; Berth reaches it through DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH.
// status and up/down work; a client certificate from another CA and a CA that did not sign the server are clear
// errors with exit 1. The shared engines are never touched (the image is copied over). Ports: 23792, 23720.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as down } from '../../src/cli/down';
import { run as status } from '../../src/cli/status';
import { run as up } from '../../src/cli/up';
import { connectEngine } from '../../src/engine/connection';
import { runCommand } from '../support/cli';
import { connectTestEngine } from '../support/engines';
import { rawDocker } from '../support/rawDocker';
import { fixture, type Fixture } from '../stack/fixtures';
import { PrivateEngine } from './privateEngine';

const PORT = 23792;
const dir = mkdtempSync(join(tmpdir(), 'berth-tls-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 20_000 });

/** A CA (name.pem, name-key.pem), and a certificate signed by it for this purpose. */
function ca(name: string): void {
  openssl(
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
    ...['-subj', `/CN=berth-test-${name}`, '-keyout', `${name}-key.pem`, '-out', `${name}.pem`],
  );
}
function cert(caName: string, name: string, cn: string, ext: string): void {
  openssl(
    ...['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${cn}`],
    ...['-keyout', `${name}-key.pem`, '-out', `${name}.csr`],
  );
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(
    ...['x509', '-req', '-in', `${name}.csr`, '-CA', `${caName}.pem`, '-CAkey', `${caName}-key.pem`],
    ...['-CAcreateserial', '-days', '1', '-out', `${name}.pem`, '-extfile', `${name}.ext`],
  );
}
/** A DOCKER_CERT_PATH directory: ca.pem, cert.pem, key.pem. */
function certDir(name: string, caName: string, client: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  copyFileSync(join(dir, `${caName}.pem`), join(d, 'ca.pem'));
  copyFileSync(join(dir, `${client}.pem`), join(d, 'cert.pem'));
  copyFileSync(join(dir, `${client}-key.pem`), join(d, 'key.pem'));
  return d;
}

let daemon: PrivateEngine | undefined;
let good = '';
let foreignClient = '';
let foreignCa = '';
const fixtures: Fixture[] = [];
const saved = { ...process.env };

before(async () => {
  ca('ca');
  ca('other');
  cert('ca', 'server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  cert('ca', 'client', 'berth-client', 'extendedKeyUsage=clientAuth\n');
  cert('other', 'stranger', 'berth-stranger', 'extendedKeyUsage=clientAuth\n');
  good = certDir('good', 'ca', 'client');
  foreignClient = certDir('foreign-client', 'ca', 'stranger');
  foreignCa = certDir('foreign-ca', 'other', 'client');
  daemon = new PrivateEngine('docker', {
    args: [
      ...['--host', `tcp://127.0.0.1:${PORT}`, '--tlsverify'],
      ...['--tlscacert', join(dir, 'ca.pem'), '--tlscert', join(dir, 'server.pem')],
      ...['--tlskey', join(dir, 'server-key.pem')],
    ],
  });
  await daemon.start();
  // The private daemon has no images: copy busybox from the shared one (offline, no registry).
  const shared = await connectTestEngine('docker');
  const priv = await connectEngine({ host: daemon.host, timeoutMs: 5000 });
  try {
    const tar = await rawDocker(shared).getImage('busybox:stable').get();
    await rawDocker(priv).loadImage(tar);
  } finally {
    shared.close();
    priv.close();
  }
});

after(async () => {
  process.env = saved;
  fixtures.forEach((f) => f.dispose());
  if (daemon) {
    const priv = await connectEngine({ host: daemon.host, timeoutMs: 5000 }).catch(() => undefined);
    if (priv) {
      for (const c of await rawDocker(priv).listContainers({ all: true }))
        await rawDocker(priv).getContainer(c.Id).remove({ force: true });
      priv.close();
    }
    await daemon.stop();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Berth's environment for the TLS engine with this DOCKER_CERT_PATH. */
function useTls(certPath: string): void {
  process.env = {
    ...saved,
    DOCKER_HOST: `tcp://127.0.0.1:${PORT}`,
    DOCKER_TLS_VERIFY: '1',
    DOCKER_CERT_PATH: certPath,
  };
  delete process.env.BERTH_ENGINE_HOST;
}

describe('tcp+TLS engine', () => {
  const svc = 'tlsweb';
  let f: Fixture;
  before(() => {
    f = fixture(`version: 1
services:
  ${svc}:
    ports: { http: 23720 }
    stack:
      web:
        image: busybox:stable
        command: [ httpd, -f, -p, "8080" ]
        ports: [ "http:8080" ]
        ready: { tcp: http }
`);
    fixtures.push(f);
  });

  test('status through DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
    useTls(good);
    const r = await runCommand(status, ['--root', f.root], f.root);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(
      r.out,
      new RegExp(`^engine: docker \\S+ \\(API [\\d.]+\\) at tcp\\+tls://127.0.0.1:${PORT} \\[DOCKER_HOST\\]`),
    );
  });

  test('up and down of a stack on the TLS engine', async () => {
    useTls(good);
    const r = await runCommand(up, [svc, '--timeout', '30'], f.root);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /✓ web +ready in/);
    const s = JSON.parse((await runCommand(status, ['--json', '--root', f.root], f.root)).out);
    const web = s.services.find((x: { name: string }) => x.name === svc);
    assert.equal(web.containers.length, 1);
    const d = await runCommand(down, [svc], f.root);
    assert.equal(d.code, 0, d.err);
    const after = JSON.parse((await runCommand(status, ['--json', '--root', f.root], f.root)).out);
    assert.equal(after.services.find((x: { name: string }) => x.name === svc)?.containers?.length ?? 0, 0);
  });

  test('a client certificate the engine does not trust: exit 1, a TLS error naming the certificates', async () => {
    useTls(foreignClient);
    const r = await runCommand(status, ['--root', f.root], f.root);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^engine: unreachable — tcp\+tls:\/\/127\.0\.0\.1:23792: TLS: .*certificate/);
    assert.match(r.out, /DOCKER_CERT_PATH/);
    assert.doesNotMatch(r.out, /unix:\/\//);
  });

  test('a CA that did not sign the engine certificate: exit 1, says the engine certificate is not trusted', async () => {
    useTls(foreignCa);
    const r = await runCommand(status, ['--root', f.root], f.root);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /TLS: .*(verify|certificate)/);
  });
});
