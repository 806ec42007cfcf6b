// test-needs: engine
// The gvproxy path, against a STAND-IN: gvproxy only runs for Podman machines (macOS/Windows), which
// this Linux CI does not have. test/cleanup/fixtures/gvproxy-standin.ts implements the forwarder API
// (/services/forwarder/all, /expose, /unexpose; byte-exact `local` keys; a real listening socket per
// forward) in a process named gvproxy, reached through the configurable command — here `sh -c '<curl …>'`,
// which receives the command line exactly as `podman machine ssh <name> '<curl …>'` hands it to the
// machine's shell. The engine is real (each engine in turn): on a machine it lists the containers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { Engine } from '../../src/engine/connection';
import { defaultSelection, planCleanup } from '../../src/cleanup/plan';
import { executeCleanup } from '../../src/cleanup/execute';
import { GvproxyApi, GvproxyApiError, type GvproxyApiOptions } from '../../src/host/gvproxy';
import { scanHolders } from '../../src/host/holders';
import { connectTestEngine, testEngines } from '../support/engines';
import { alive, endChild, startGvproxyStandin, workspace } from './helpers';

const BASE = { docker: 23400, podman: 23450 } as const;

for (const { kind } of testEngines()) {
  const G = BASE[kind];
  describe(`gvproxy forwards (stand-in for a macOS/Windows Podman machine), engine ${kind}`, () => {
    let engine: Engine;
    let gv: { child: ChildProcess; apiPort: number };
    let opts: GvproxyApiOptions;
    const ssh = G + 20;

    before(async () => {
      engine = await connectTestEngine(kind);
      gv = await startGvproxyStandin([
        '--ssh-port',
        String(ssh),
        '--expose',
        `:${G + 1}=192.168.127.2:${G + 1}`,
        '--expose',
        `0.0.0.0:${G + 2}=192.168.127.2:${G + 2}`,
        '--expose',
        `:${G + 11}=192.168.127.2:${G + 11}`,
      ]);
      opts = { command: ['sh', '-c'], baseUrl: `http://127.0.0.1:${gv.apiPort}` };
    });
    after(async () => {
      await endChild(gv?.child);
      engine?.close();
    });

    test('the stand-in answers like gvproxy: exact keys, its error texts, real sockets', async () => {
      const api = new GvproxyApi(opts);
      const all = await api.list();
      assert.deepEqual(
        all.map((f) => f.local),
        [`0.0.0.0:${G + 2}`, `127.0.0.1:${ssh}`, `:${G + 1}`, `:${G + 11}`],
      );
      await assert.rejects(
        api.expose(`:${G + 11}`, `192.168.127.2:${G + 11}`),
        (e: unknown) =>
          e instanceof GvproxyApiError &&
          e.status === 500 &&
          e.message.includes(`proxy already running for tcp on :${G + 11}`),
      );
      // ":P" and "0.0.0.0:P" are different keys.
      await assert.rejects(
        api.unexpose(`:${G + 2}`),
        (e: unknown) => e instanceof GvproxyApiError && /answered 500: proxy not found/.test(e.message),
      );
      const held = await scanHolders([G + 1, G + 2, G + 11, ssh]);
      for (const port of [G + 1, G + 2, G + 11, ssh]) {
        assert.ok(
          held.get(port)!.some((h) => h.pid === gv.child.pid && h.kind === 'gvproxy'),
          `gvproxy holds ${port}`,
        );
      }
    });

    test("cleaning A unexposes exactly A's stale forwards; B's forward, the SSH forward and gvproxy itself stay", async () => {
      const { config } = await workspace(`version: 1
services:
  a:
    ports: { redis: ${G + 1}, http: ${G + 2} }
  b:
    ports: { redis: ${G + 11} }
`);
      const plan = await planCleanup({ engine, config, service: 'a', gvproxy: opts });
      const unexpose = plan.items.filter((i) => i.action === 'unexpose-forward');
      assert.deepEqual(
        unexpose.map((i) => [i.forward?.local, i.preselected]),
        [
          [`:${G + 1}`, true],
          [`0.0.0.0:${G + 2}`, true],
        ],
      );
      const kill = plan.items.filter((i) => i.action === 'kill-gvproxy');
      assert.equal(kill.length, 1);
      assert.equal(kill[0].preselected, false);
      assert.match(kill[0].risk!, /drops EVERY forward of the Podman machine/);
      const selection = defaultSelection(plan, { includeForeign: true });
      assert.ok(
        !selection.includes(kill[0].id),
        'killing gvproxy is never selected by default, not even with --include-foreign',
      );

      const report = await executeCleanup(plan, selection, { engine, config, gvproxy: opts });
      assert.deepEqual(
        report.actions.map((a) => a.outcome),
        ['done', 'done'],
      );
      assert.deepEqual(
        report.ports.map((p) => [p.port, p.state]),
        [
          [G + 1, 'free'],
          [G + 2, 'free'],
        ],
      );
      assert.equal(report.allFree, true);

      const left = await new GvproxyApi(opts).list();
      assert.deepEqual(
        left.map((f) => f.local),
        [`127.0.0.1:${ssh}`, `:${G + 11}`],
      );
      assert.ok(await alive(gv.child), 'gvproxy itself is still running');
      const held = await scanHolders([G + 11, ssh]);
      assert.ok(
        held.get(G + 11)!.some((h) => h.pid === gv.child.pid),
        "B's forward still listens",
      );
      assert.ok(
        held.get(ssh)!.some((h) => h.pid === gv.child.pid),
        'the SSH forward still listens',
      );

      // Acting on the same (now stale) plan again: the forwards are reported gone, not an error.
      const again = await executeCleanup(plan, selection, { engine, config, gvproxy: opts });
      assert.deepEqual(
        again.actions.map((a) => a.outcome),
        ['already-gone', 'already-gone'],
      );
    });

    test('an unreachable forwarder API is a warning; nothing is preselected and gvproxy is not killed', async () => {
      const { config } = await workspace(`version: 1
services:
  b:
    ports: { redis: ${G + 11} }
`);
      const plan = await planCleanup({
        engine,
        config,
        service: 'b',
        gvproxy: { command: ['sh', '-c'], baseUrl: 'http://127.0.0.1:1', timeoutMs: 5000 },
      });
      assert.match(plan.warnings.join('\n'), /cannot read gvproxy's forwarder list/);
      assert.deepEqual(defaultSelection(plan, { includeForeign: true }), []);
      assert.ok(await alive(gv.child));
    });
  });
}
