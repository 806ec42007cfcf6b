// test-needs: engine
// `npm run provision` on a machine whose engines already answer (a developer's laptop): it must leave the host as
// it was. With a user's own /etc/containers/containers.conf in place and a host redis-server running, it changes
// no file under /etc, leaves that redis running, starts no second engine daemon, and the suites' needs still hold.
// Port: 25379 (PROVISION block 25xxx).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectTestEngine, testEngines, waitFor } from '../support/engines';
import { rawDocker } from '../support/rawDocker';
import { etcChecksums, engineDaemons, redisPing } from './hostState';
import { CODE_SERVER_VERSION, OLDEST_CODE_SERVER_VERSION } from '../e2e/harness/paths';

const ROOT = resolve(__dirname, '..', '..');
const CONF = '/etc/containers/containers.conf';
const REDIS_PORT = 25379;
const IMAGES = ['postgres:16-alpine', 'redis:7-alpine', 'busybox:stable'];

/** A redis-server binary: the host's, else the one provisioning unpacked into Berth's cache. */
function redisCommand(): { cmd: string; env: NodeJS.ProcessEnv } {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0)
    return { cmd: 'redis-server', env: process.env };
  const cache = process.env.BERTH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'berth');
  const root = join(cache, 'debs', 'root');
  const cmd = join(root, 'usr', 'bin', 'redis-server');
  if (!existsSync(cmd)) throw new Error(`no redis-server on PATH nor at ${cmd} (run npm run provision)`);
  const libs = [join(root, 'usr', 'lib', 'x86_64-linux-gnu'), join(root, 'lib', 'x86_64-linux-gnu')];
  return { cmd, env: { ...process.env, LD_LIBRARY_PATH: libs.join(':') } };
}

describe('npm run provision with engines answering leaves the host as it was', { timeout: 900_000 }, () => {
  const original = existsSync(CONF) ? readFileSync(CONF) : undefined;
  let redis: ChildProcess | undefined;
  let output = '';
  let etcBefore: Map<string, string>;
  let etcAfter: Map<string, string>;
  let daemonsBefore: string[];
  let daemonsAfter: string[];
  let status: number | null = null;

  before(async () => {
    // The user's own settings: the real ones (so other podman commands on this machine keep working) plus a line
    // of their own, which the old provisioning would have overwritten.
    const custom = `${original ? original.toString() : ''}\n# the user's own containers.conf (berth provisioning test)\n`;
    writeFileSync(CONF, custom);
    const { cmd, env } = redisCommand();
    redis = spawn(cmd, ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      env,
      stdio: 'ignore',
    });
    await waitFor('the host redis-server to answer PING', () => redisPing(REDIS_PORT), 20_000, 100);
    etcBefore = etcChecksums();
    daemonsBefore = engineDaemons();
    const r = spawnSync('npm', ['run', '-s', 'provision'], { cwd: ROOT, encoding: 'utf8', timeout: 840_000 });
    status = r.status;
    output = `${r.stdout}\n${r.stderr}`;
    etcAfter = etcChecksums();
    daemonsAfter = engineDaemons();
  });

  after(() => {
    redis?.kill('SIGTERM');
    if (original) writeFileSync(CONF, original);
    else rmSync(CONF, { force: true });
  });

  test('it succeeds and says which engines it uses', () => {
    assert.equal(status, 0, output);
    for (const e of testEngines()) assert.match(output, new RegExp(`provision: using ${e.kind} at `), output);
    assert.doesNotMatch(output, /apt-get install|starting dockerd|starting podman/, output);
  });

  test('no file under /etc changed (the custom containers.conf included)', () => {
    const changed = [...new Set([...etcBefore.keys(), ...etcAfter.keys()])].filter(
      (p) => etcBefore.get(p) !== etcAfter.get(p),
    );
    assert.deepEqual(changed, []);
    assert.match(readFileSync(CONF, 'utf8'), /the user's own containers\.conf/);
  });

  test('the host redis-server is still running and answering', async () => {
    assert.equal(redis?.exitCode, null, 'the host redis-server exited');
    assert.equal(await redisPing(REDIS_PORT), true);
  });

  test('no second engine daemon was started', () => {
    assert.deepEqual(daemonsAfter, daemonsBefore);
  });

  test("the suites' needs are met: every test engine answers and has the images", async () => {
    // Both VS Code hosts: the current code-server and the oldest engines.vscode claims.
    for (const v of [CODE_SERVER_VERSION, OLDEST_CODE_SERVER_VERSION])
      assert.match(
        output,
        new RegExp(`vscode-host: code-server ${v.replace(/\./g, '\\.')} (cached|ready) at `),
        output,
      );
    for (const e of testEngines()) {
      const engine = await connectTestEngine(e.kind);
      try {
        for (const name of IMAGES) {
          const info = await rawDocker(engine)
            .getImage(name)
            .inspect()
            .catch((err: Error) => assert.fail(`${name} missing on ${e.kind}: ${err.message}`));
          assert.ok(info.Id, `${name} on ${e.kind}`);
        }
      } finally {
        engine.close();
      }
    }
  });
});
