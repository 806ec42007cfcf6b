// Registry credentials read from the user's Docker config and Podman auth files (pure: temp files, no engine).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { registryAuth, registryOf } from '../../src/engine/registryAuth';

const home = mkdtempSync(join(tmpdir(), 'berth-auth-'));
after(() => rmSync(home, { recursive: true, force: true }));

function write(rel: string, value: unknown): string {
  const p = join(home, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('registry of an image reference', () => {
  test('a first part with a dot, a port or localhost is a registry; else Docker Hub', () => {
    assert.deepEqual(registryOf('redis:7-alpine'), { host: 'docker.io', repo: 'library/redis' });
    assert.deepEqual(registryOf('bitnami/redis'), { host: 'docker.io', repo: 'bitnami/redis' });
    assert.deepEqual(registryOf('127.0.0.1:5000/team/app:1'), { host: '127.0.0.1:5000', repo: 'team/app' });
    assert.deepEqual(registryOf('quay.io/org/img@sha256:abc'), { host: 'quay.io', repo: 'org/img' });
    assert.deepEqual(registryOf('localhost/test-http'), { host: 'localhost', repo: 'test-http' });
  });
});

describe('registry credentials', () => {
  const dockerDir = join(home, 'docker');
  write('docker/config.json', {
    auths: {
      'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass') },
      'registry.example.com': { identitytoken: 'tok' },
    },
    credHelpers: { 'gcr.io': 'gcloud' },
  });
  const podmanFile = write('podman-auth.json', {
    auths: { 'quay.io/org': { auth: b64('orguser:orgpass') }, 'quay.io': { auth: b64('quser:qpass') } },
  });
  const env = { DOCKER_CONFIG: dockerDir, REGISTRY_AUTH_FILE: podmanFile, XDG_CONFIG_HOME: join(home, 'none') };

  test('Docker Hub credentials under the index URL key, password with a colon kept whole', () => {
    const r = registryAuth('redis:7-alpine', 'docker', env, home);
    assert.deepEqual(r.auth, { serveraddress: 'docker.io', username: 'hubuser', password: 'hub:pass' });
    assert.equal(r.from, join(dockerDir, 'config.json'));
  });

  test('an identity token is passed as one', () => {
    assert.deepEqual(registryAuth('registry.example.com/a/b:1', 'podman', env, home).auth, {
      serveraddress: 'registry.example.com',
      identitytoken: 'tok',
    });
  });

  test("Podman's auth file: the longest repository prefix wins over the host", () => {
    assert.equal(registryAuth('quay.io/org/app:1', 'podman', env, home).auth?.username, 'orguser');
    assert.equal(registryAuth('quay.io/other/app:1', 'podman', env, home).auth?.username, 'quser');
    assert.equal(registryAuth('quay.io/organic/app:1', 'podman', env, home).auth?.username, 'quser');
  });

  test('each engine reads its own file first', () => {
    const both = write('both/config.json', { auths: { 'quay.io': { auth: b64('fromdocker:x') } } });
    const e = { ...env, DOCKER_CONFIG: dirname(both) };
    assert.equal(registryAuth('quay.io/x/y', 'docker', e, home).auth?.username, 'fromdocker');
    assert.equal(registryAuth('quay.io/x/y', 'podman', e, home).auth?.username, 'quser');
  });

  test('a credential helper is named as not supported; the pull goes anonymous', () => {
    const r = registryAuth('gcr.io/p/img', 'docker', env, home);
    assert.equal(r.auth, undefined);
    assert.equal(r.notes.length, 1);
    assert.match(r.notes[0], /credential helper "docker-credential-gcloud", which Berth does not run/);
    const store = write('store/config.json', { credsStore: 'desktop' });
    const s = registryAuth(
      'redis',
      'docker',
      { DOCKER_CONFIG: dirname(store), XDG_CONFIG_HOME: join(home, 'none') },
      home,
    );
    assert.match(s.notes.join('\n'), /docker-credential-desktop/);
  });

  test('a file that is not JSON, or an auth that is not base64 user:password, is a note naming the file', () => {
    const bad = write('bad/config.json', '{ "auths": ');
    const r = registryAuth(
      'redis',
      'docker',
      { DOCKER_CONFIG: dirname(bad), XDG_CONFIG_HOME: join(home, 'none') },
      home,
    );
    assert.equal(r.auth, undefined);
    assert.match(r.notes[0], new RegExp(`${bad.replace(/[.]/g, '\\.')} is not valid JSON`));
    const odd = write('odd/config.json', { auths: { 'docker.io': { auth: b64('nocolon') } } });
    const o = registryAuth(
      'redis',
      'docker',
      { DOCKER_CONFIG: dirname(odd), XDG_CONFIG_HOME: join(home, 'none') },
      home,
    );
    assert.match(o.notes[0], /not base64 "user:password"/);
  });

  test('no files at all: anonymous, nothing to tell', () => {
    assert.deepEqual(registryAuth('redis', 'podman', { XDG_CONFIG_HOME: join(home, 'none') }, join(home, 'nohome')), {
      notes: [],
    });
  });
});
