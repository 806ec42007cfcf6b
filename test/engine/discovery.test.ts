import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { discoverCandidates, DiscoveryFs, parseHostUrl } from '../../src/engine/discovery';

/** A fake file system: path → content for files, path → entries for directories. */
function fakeFs(files: Record<string, string> = {}, dirs: Record<string, string[]> = {}): DiscoveryFs {
  return { readFile: (p) => files[p], readdir: (p) => dirs[p] ?? [] };
}

const base = { home: '/home/u', platform: 'linux' as const };
const targets = (env: NodeJS.ProcessEnv, fs = fakeFs(), extra: { host?: string; platform?: NodeJS.Platform } = {}) =>
  discoverCandidates({ ...base, env, fs, ...extra }).map((c) => `${c.source} ${c.target}`);

describe('discovery order', () => {
  test('defaults on Linux: docker socket, rootless docker, desktop, rootful then rootless podman, machine sockets', () => {
    assert.deepEqual(targets({ XDG_RUNTIME_DIR: '/run/user/1000' }), [
      'default unix:///var/run/docker.sock',
      'rootless docker unix:///run/user/1000/docker.sock',
      'docker desktop unix:///home/u/.docker/run/docker.sock',
      'docker desktop unix:///home/u/.docker/desktop/docker.sock',
      'podman (rootful) unix:///run/podman/podman.sock',
      'podman (rootless) unix:///run/user/1000/podman/podman.sock',
      'podman machine unix:///home/u/.local/share/containers/podman/machine/podman.sock',
    ]);
  });

  test('the setting is the only candidate', () => {
    assert.deepEqual(targets({ DOCKER_HOST: 'tcp://other:2375' }, fakeFs(), { host: 'unix:///tmp/x.sock' }), [
      'setting unix:///tmp/x.sock',
    ]);
  });

  test('DOCKER_HOST is the only candidate: a named engine is never replaced by a local one', () => {
    assert.deepEqual(targets({ DOCKER_HOST: 'tcp://10.0.0.5:2375', DOCKER_CONTEXT: 'other' }), [
      'DOCKER_HOST tcp://10.0.0.5:2375',
    ]);
  });

  test('ssh URLs: user, port, an ssh config alias, and a Podman socket path', () => {
    assert.deepEqual(parseHostUrl('ssh://root@127.0.0.1:2222'), {
      protocol: 'ssh',
      host: '127.0.0.1',
      port: 2222,
      username: 'root',
    });
    assert.deepEqual(parseHostUrl('ssh://build-box'), { protocol: 'ssh', host: 'build-box' });
    assert.deepEqual(parseHostUrl('ssh://core@host:22/run/podman/podman.sock'), {
      protocol: 'ssh',
      host: 'host',
      port: 22,
      username: 'core',
      socketPath: '/run/podman/podman.sock',
    });
    assert.deepEqual(targets({ DOCKER_HOST: 'ssh://core@host/run/user/1000/podman/podman.sock' }), [
      'DOCKER_HOST ssh://core@host/run/user/1000/podman/podman.sock',
    ]);
    assert.throws(() => parseHostUrl('ssh://host?x=1'), /takes no query/);
    assert.throws(() => parseHostUrl('ssh://host/run/$(id).sock'), /socket path may hold only/);
  });

  test('DOCKER_CONTEXT and the current context of config.json, resolved through contexts/meta/<sha256>/meta.json', () => {
    const id = createHash('sha256').update('remote').digest('hex');
    const fs = fakeFs({
      '/home/u/.docker/config.json': JSON.stringify({ currentContext: 'remote' }),
      [`/home/u/.docker/contexts/meta/${id}/meta.json`]: JSON.stringify({
        Name: 'remote',
        Endpoints: { docker: { Host: 'ssh://me@build-box' } },
      }),
    });
    // A context names its engine: it is the only candidate.
    assert.deepEqual(targets({}, fs), ['context remote ssh://me@build-box']);
    // DOCKER_CONTEXT overrides config.json; an unknown one is reported, not silently skipped.
    const c = discoverCandidates({ ...base, env: { DOCKER_CONTEXT: 'nope' }, fs });
    assert.equal(c[0].source, 'context nope');
    assert.match(c[0].invalid ?? '', /context "nope" not found/);
    // DOCKER_HOST beats the current context of config.json (as in the docker CLI).
    assert.deepEqual(targets({ DOCKER_HOST: 'unix:///a.sock' }, fs), ['DOCKER_HOST unix:///a.sock']);
  });

  test('the "default" context adds nothing', () => {
    const fs = fakeFs({ '/home/u/.docker/config.json': JSON.stringify({ currentContext: 'default' }) });
    assert.equal(targets({}, fs)[0], 'default unix:///var/run/docker.sock');
  });

  test('a context with TLS material uses it', () => {
    const id = createHash('sha256').update('tls').digest('hex');
    const fs = fakeFs(
      {
        [`/home/u/.docker/contexts/meta/${id}/meta.json`]: JSON.stringify({
          Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: false } },
        }),
      },
      { [`/home/u/.docker/contexts/tls/${id}/docker`]: ['ca.pem', 'cert.pem', 'key.pem'] },
    );
    const c = discoverCandidates({ ...base, env: { DOCKER_CONTEXT: 'tls' }, fs })[0];
    assert.deepEqual(c.spec, {
      protocol: 'https',
      host: 'h',
      port: 2376,
      certDir: `/home/u/.docker/contexts/tls/${id}/docker`,
      skipVerify: false,
    });
  });

  test('podman machine sockets: per machine and *-api.sock in the runtime dir', () => {
    const fs = fakeFs(
      {},
      {
        '/home/u/.local/share/containers/podman/machine': ['podman-machine-default', 'qemu.json'],
        '/tmp/T/podman': ['podman-machine-default-api.sock', 'gvproxy.pid'],
      },
    );
    const t = targets({ TMPDIR: '/tmp/T' }, fs, { platform: 'darwin' });
    assert.ok(
      t.includes(
        'podman machine podman-machine-default unix:///home/u/.local/share/containers/podman/machine/podman-machine-default/podman.sock',
      ),
    );
    assert.equal(
      t[t.length - 1],
      'podman machine podman-machine-default unix:///tmp/T/podman/podman-machine-default-api.sock',
    );
    assert.ok(t.indexOf('podman (rootful) unix:///run/podman/podman.sock') < t.indexOf(t[t.length - 1]));
  });

  test('Windows: docker_engine pipe, then podman machine pipes', () => {
    const t = targets({}, fakeFs(), { platform: 'win32' });
    assert.deepEqual(t, [
      'default npipe:////./pipe/docker_engine',
      'podman machine podman-machine-default npipe:////./pipe/podman-machine-default',
    ]);
  });

  test('duplicates are tried once', () => {
    const t = targets(
      { XDG_RUNTIME_DIR: '/run/user/0', TMPDIR: '/run/user/0' },
      fakeFs({}, { '/run/user/0/podman': ['x-api.sock'] }),
    );
    assert.equal(t.length, new Set(t.map((x) => x.split(' ').pop())).size);
  });
});

describe('parseHostUrl', () => {
  test('unix, npipe, tcp, tcp with TLS env, https, ssh', () => {
    assert.deepEqual(parseHostUrl('unix:///run/podman/podman.sock'), {
      protocol: 'unix',
      socketPath: '/run/podman/podman.sock',
    });
    assert.deepEqual(parseHostUrl('npipe:////./pipe/docker_engine'), {
      protocol: 'npipe',
      socketPath: '\\\\.\\pipe\\docker_engine',
    });
    assert.deepEqual(parseHostUrl('tcp://127.0.0.1:2375'), { protocol: 'http', host: '127.0.0.1', port: 2375 });
    assert.deepEqual(parseHostUrl('tcp://h:2376', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }), {
      protocol: 'https',
      host: 'h',
      port: 2376,
      certDir: '/certs',
      skipVerify: false,
    });
    assert.equal((parseHostUrl('tcp://h', { DOCKER_TLS_VERIFY: '1' }) as { port: number }).port, 2376);
    assert.deepEqual(parseHostUrl('ssh://dev@box:2222'), { protocol: 'ssh', host: 'box', port: 2222, username: 'dev' });
    assert.deepEqual(parseHostUrl('tcp://[::1]:2375'), { protocol: 'http', host: '::1', port: 2375 });
  });

  test('bad URLs say what is expected', () => {
    assert.throws(() => parseHostUrl('ftp://x'), /expected unix:\/\/, npipe:\/\/, tcp:\/\//);
    assert.throws(() => parseHostUrl('unix://'), /needs a socket path/);
    const c = discoverCandidates({ ...base, env: { DOCKER_HOST: 'bogus' }, fs: fakeFs() })[0];
    assert.equal(c.source, 'DOCKER_HOST');
    assert.match(c.invalid ?? '', /expected/);
  });
});
