// test-needs: engine
// One stack instance per parallel worker, on Docker and Podman: `berth run --worker 1` and `--worker 2` run side
// by side on disjoint ports, container names and networks, each reaching its own stack through BERTH_*; `berth
// up`/`down` of one worker (chosen by --worker or a test runner's variable) leave the other worker's alone, and
// `berth status` shows worker 2's stack under the service.
// Ports: docker 26200-26299, podman 26600-26699 (the workers block 26000-26999).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCli } from '../cli/buildCli';
import { connectTestEngine, removeLabelled, testEngines, waitFor } from '../support/engines';
import { LABEL_SERVICE } from '../../src/engine/labels';
import { networkName } from '../../src/stack/runner';
import { fixture, reachStackYaml, type Fixture } from './fixtures';
import { rawDocker } from '../support/rawDocker';

const REACH = join(__dirname, 'fixtures', 'reach-ports.mjs');
const BASE = { docker: 26200, podman: 26600 } as const;
/** Every process this file starts ends within this (execa kills it after). */
const PROCESS_TIMEOUT_MS = 150_000;

const cache = mkdtempSync(join(tmpdir(), 'berth-workers-cache-'));
const fixtures: Fixture[] = [];
let cli = '';
before(async () => {
  cli = await buildCli();
});
after(() => {
  if (cli) rmSync(dirname(cli), { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
  fixtures.forEach((f) => f.dispose());
});

async function berth(args: string[], cwd: string, env: Record<string, string> = {}) {
  const { execa } = await import('execa');
  return execa(process.execPath, [cli, ...args], {
    cwd,
    reject: false,
    timeout: PROCESS_TIMEOUT_MS,
    env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1', ...env },
  });
}

/** The service's containers as "name ports" (any state), and which of its worker networks exist. */
async function instances(kind: 'docker' | 'podman', service: string) {
  const engine = await connectTestEngine(kind);
  try {
    const cs = await rawDocker(engine).listContainers({
      all: true,
      filters: JSON.stringify({ label: [`${LABEL_SERVICE}=${service}`] }),
    });
    const nets = new Set((await rawDocker(engine).listNetworks()).map((n) => n.Name));
    return {
      containers: cs
        .map((c) => {
          const ports = [...new Set(c.Ports.map((p) => p.PublicPort).filter(Boolean))].sort();
          return `${c.Names[0].replace(/^\//, '')}${ports.length ? ` ${ports.join(',')}` : ''}`;
        })
        .sort(),
      networks: [networkName(service), networkName(service, 2)].filter((n) => nets.has(n)),
    };
  } finally {
    engine.close();
  }
}

for (const { kind, host } of testEngines()) {
  describe(`a stack per worker on ${kind}`, () => {
    const base = BASE[kind];
    const svc = `wk${kind}`;
    const [redis, http] = [base + 1, base + 11];
    const f = fixture(reachStackYaml(svc, { redis, http }, 2));
    fixtures.push(f);
    const engineArgs = ['--host', host];
    after(async () => {
      const engine = await connectTestEngine(kind);
      try {
        await removeLabelled(engine, LABEL_SERVICE, svc);
        for (const n of [networkName(svc), networkName(svc, 2)])
          await rawDocker(engine)
            .getNetwork(n)
            .remove()
            .catch(() => undefined);
      } finally {
        engine.close();
      }
    });

    test('--worker 1 and --worker 2 run side by side on disjoint ports, names and networks', async () => {
      const { execa } = await import('execa');
      const marker = join(f.root, 'both-up');
      const runs = [1, 2].map((w) => {
        const child = execa(
          process.execPath,
          [cli, 'run', svc, '--worker', String(w), ...engineArgs, '--', process.execPath, REACH, `wait:${marker}`],
          {
            cwd: f.root,
            reject: false,
            timeout: PROCESS_TIMEOUT_MS,
            env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' },
          },
        );
        let err = '';
        child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        return { child, err: () => err };
      });
      try {
        await waitFor(
          'both stacks to be ready',
          () => runs.every((r) => /^Stack of .* ready in/m.test(r.err())),
          120_000,
        );
        const seen = await instances(kind, svc);
        assert.deepEqual(seen.containers, [
          `berth-${svc}-cache ${redis}`,
          `berth-${svc}-cache-w2 ${redis + 1}`,
          `berth-${svc}-migrate`,
          `berth-${svc}-migrate-w2`,
          `berth-${svc}-web ${http}`,
          `berth-${svc}-web-w2 ${http + 1}`,
        ]);
        assert.deepEqual(seen.networks, [networkName(svc), networkName(svc, 2)]);
      } finally {
        writeFileSync(marker, '');
        // Both runs end (and take their stacks down) before the next test, even after a failed assertion.
        await Promise.all(runs.map((r) => r.child));
      }
      const [one, two] = await Promise.all(runs.map((r) => r.child));
      assert.equal(one.exitCode, 0, one.stderr);
      assert.equal(two.exitCode, 0, two.stderr);
      assert.equal(one.stdout, 'worker 1 redis yes http ok');
      assert.equal(two.stdout, 'worker 2 redis yes http ok');
      assert.match(two.stderr, new RegExp(`stack of ${svc} worker 2 taken down`));
      assert.deepEqual(await instances(kind, svc), { containers: [], networks: [] });
    });

    test("up and down of one worker (--worker or the runner's variable) leave the other's stack alone", async () => {
      try {
        const up1 = await berth(['up', svc, ...engineArgs], f.root);
        assert.equal(up1.exitCode, 0, up1.stderr);
        // Ginkgo's second process: worker 2, without --worker.
        const up2 = await berth(['up', svc, ...engineArgs], f.root, { GINKGO_PARALLEL_PROCESS: '2' });
        assert.equal(up2.exitCode, 0, up2.stderr);
        assert.match(up2.stdout, new RegExp(`Stack of ${svc} worker 2 ready in`));
        assert.equal((await instances(kind, svc)).containers.length, 6);

        const down1 = await berth(['down', svc, ...engineArgs], f.root);
        assert.equal(down1.exitCode, 0, down1.stderr);
        const left = await instances(kind, svc);
        assert.deepEqual(left.containers, [
          `berth-${svc}-cache-w2 ${redis + 1}`,
          `berth-${svc}-migrate-w2`,
          `berth-${svc}-web-w2 ${http + 1}`,
        ]);
        assert.deepEqual(left.networks, [networkName(svc, 2)]);
        // Podman without systemd runs no image HEALTHCHECKs by itself: there the containers stay "starting".
        const status = await berth(['status', ...engineArgs], f.root);
        assert.match(status.stdout, new RegExp(`\\n    berth-${svc}-web-w2  running .*  ${http + 1}→8080\\n`));
        assert.match(
          status.stdout,
          new RegExp(
            `\\n${svc}  idle  not running\\n[^]*\\n  worker 2  (healthy  2/2 ready|starting  0/2 ready · 2 starting)  ports ${redis + 1}, ${http + 1}\\n`,
          ),
        );
        const again = await berth(['up', svc, '--worker', '2', ...engineArgs], f.root);
        assert.equal(again.exitCode, 0, again.stderr);
        assert.match(again.stdout, new RegExp(`Stack of ${svc} worker 2 is already up`));

        const beyond = await berth(['up', svc, '--worker', '3', ...engineArgs], f.root);
        assert.equal(beyond.exitCode, 2);
        assert.match(beyond.stderr, new RegExp(`worker 3 is beyond the 2 workers of '${svc}'`));
      } finally {
        const down2 = await berth(['down', svc, '--worker', '2', ...engineArgs], f.root);
        assert.equal(down2.exitCode, 0, down2.stderr);
      }
      assert.deepEqual(await instances(kind, svc), { containers: [], networks: [] });
    });
  });
}
