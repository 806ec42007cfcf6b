// test-needs: engine
// `berth run` as a real process on Docker and Podman: a stack with a one-shot migration comes up, the command
// reaches each port through BERTH_* variables, its exit code passes through, a stack that was up is reused and
// left up, SIGINT mid-run leaves nothing behind, and two runs of one worker take turns as documented.
// Ports: docker 26100-26199, podman 26500-26599 (the workers block 26000-26999).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCli } from '../cli/buildCli';
import { testEngines, waitFor } from '../support/engines';
import { fixture, reachStackYaml, removeStacks, stackOf, type Fixture } from './fixtures';

const REACH = join(__dirname, 'fixtures', 'reach-ports.mjs');
const HOSTS = { docker: 'unix:///var/run/docker.sock', podman: 'unix:///run/podman/podman.sock' } as const;
const BASE = { docker: 26100, podman: 26500 } as const;

let cli: string;
const cache = mkdtempSync(join(tmpdir(), 'berth-run-cache-'));
const fixtures: Fixture[] = [];
before(async () => {
  cli = await buildCli();
});
after(() => {
  rmSync(dirname(cli), { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
  fixtures.forEach((f) => f.dispose());
});

async function spawnBerth(args: string[], cwd: string) {
  const { execa } = await import('execa');
  return execa(process.execPath, [cli, ...args], {
    cwd,
    reject: false,
    env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' },
  });
}

/** What the engine still has of the service: containers (any state) and its network. */
async function leftovers(kind: 'docker' | 'podman', service: string): Promise<string[]> {
  const { containers, networks } = await stackOf(kind, service);
  return [...containers.map((c) => `container ${c.Names[0]}`), ...networks.map((n) => `network ${n.Name}`)];
}

function locksLeft(): string[] {
  try {
    return readdirSync(join(cache, 'berth', 'locks'));
  } catch {
    return [];
  }
}

for (const { kind } of testEngines()) {
  describe(`berth run on ${kind}`, () => {
    const base = BASE[kind];
    const svc = `run${kind}`;
    const f = fixture(reachStackYaml(svc, { redis: base + 1, http: base + 2 }));
    fixtures.push(f);
    const host = ['--host', HOSTS[kind]];
    after(() => removeStacks(kind, [svc]));

    test('the command reaches each port through the variables; exit 0; the stack is taken down', async () => {
      const r = await spawnBerth(['run', svc, ...host, '--', process.execPath, REACH, '0'], f.root);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.stdout, 'worker 1 redis yes http ok');
      assert.match(r.stderr, /✓ migrate +ready in/);
      assert.match(r.stderr, new RegExp(`stack of ${svc} taken down`));
      assert.deepEqual(await leftovers(kind, svc), []);
      assert.deepEqual(locksLeft(), []);
    });

    test('exit codes 7 and 1 pass through; a stack that was up is reused and left up', async () => {
      const upR = await spawnBerth(['up', svc, ...host], f.root);
      assert.equal(upR.exitCode, 0, upR.stderr);
      try {
        for (const code of [7, 1]) {
          const r = await spawnBerth(['run', svc, ...host, '--', process.execPath, REACH, String(code)], f.root);
          assert.equal(r.exitCode, code, r.stderr);
          assert.equal(r.stdout, 'worker 1 redis yes http ok');
          assert.match(r.stderr, /already up: reused, and left up/);
        }
        assert.equal((await leftovers(kind, svc)).filter((l) => l.startsWith('container')).length, 3);
      } finally {
        assert.equal((await spawnBerth(['down', svc, ...host], f.root)).exitCode, 0);
      }
    });

    test('SIGINT mid-run goes to the command, then the stack is taken down: nothing is left behind', async () => {
      const { execa } = await import('execa');
      const child = execa(process.execPath, [cli, 'run', svc, ...host, '--', process.execPath, REACH, 'hang'], {
        cwd: f.root,
        reject: false,
        env: { ...process.env, XDG_CACHE_HOME: cache },
      });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor('the command to start', () => out.includes('started'), 120_000);
      child.kill('SIGINT');
      const r = await child;
      assert.equal(r.exitCode, 130, r.stderr);
      assert.deepEqual(await leftovers(kind, svc), []);
      assert.deepEqual(locksLeft(), []);
    });

    test('a second run of the same worker fails at once with --no-wait, else waits naming the first, then runs', async () => {
      const { execa } = await import('execa');
      const marker = join(f.root, 'go-on');
      const env = { ...process.env, XDG_CACHE_HOME: cache };
      const first = execa(
        process.execPath,
        [cli, 'run', svc, ...host, '--', process.execPath, REACH, `wait:${marker}`],
        {
          cwd: f.root,
          reject: false,
          env,
        },
      );
      let firstErr = '';
      first.stderr!.on('data', (d: Buffer) => (firstErr += d.toString()));
      await waitFor('the first run to be up', () => firstErr.includes('ready in'), 120_000);
      const refused = await spawnBerth(['run', svc, ...host, '--no-wait', '--', process.execPath, REACH, '0'], f.root);
      assert.equal(refused.exitCode, 125);
      assert.match(
        refused.stderr,
        new RegExp(`^berth run: ${svc} worker 1 is held by pid ${first.pid} \\(berth run ${svc} worker 1\\)`),
      );
      const second = execa(process.execPath, [cli, 'run', svc, ...host, '--', process.execPath, REACH, '0'], {
        cwd: f.root,
        reject: false,
        env,
      });
      let secondErr = '';
      second.stderr!.on('data', (d: Buffer) => (secondErr += d.toString()));
      await waitFor('the second run to wait', () => secondErr.includes('waiting…'), 60_000);
      assert.match(
        secondErr,
        new RegExp(`${svc} worker 1 is held by pid ${first.pid} \\(berth run ${svc} worker 1\\)`),
      );
      writeFileSync(marker, '');
      const [a, b] = await Promise.all([first, second]);
      assert.equal(a.exitCode, 0, a.stderr);
      assert.equal(b.exitCode, 0, b.stderr);
      assert.equal(b.stdout, 'worker 1 redis yes http ok');
      assert.doesNotMatch(b.stderr, /already up/, 'the second run starts its own stack once the first took its down');
      assert.deepEqual(await leftovers(kind, svc), []);
    });
  });
}
