// test-needs: engine
// Acting on real processes: a holder that ignores SIGTERM is killed after the grace period; a holder
// that exits between plan and act is reported, not an error; a real docker-proxy with no container
// behind it is terminated over a Docker connection and left alone over a Podman one; Berth's own
// process chain and protected pids are refused.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Engine } from '../../src/engine/connection';
import { defaultSelection, planCleanup } from '../../src/cleanup/plan';
import { executeCleanup } from '../../src/cleanup/execute';
import { scanHolders } from '../../src/host/holders';
import { processTree, terminateProcess } from '../../src/host/terminate';
import { connectTestEngine, testEngines, waitFor } from '../support/engines';
import { alive, endChild, spawnListener, waitLine, workspace } from './helpers';

const P = 23300;
const yaml = `version: 1
services:
  procs:
    ports: { stubborn: ${P + 1}, quitter: ${P + 2}, proxy: ${P + 3}, guarded: ${P + 4}, one: ${P + 5}, two: ${P + 6} }
  other:
    ports: { web: ${P + 9} }
`;

describe('cleanup acting on real processes', () => {
  const children: ChildProcess[] = [];
  const engines: Engine[] = [];
  after(async () => {
    for (const c of children) await endChild(c);
    for (const e of engines) e.close();
  });

  test('a holder that ignores SIGTERM is killed after the grace period', async () => {
    const { config } = await workspace(yaml);
    const stubborn = await spawnListener(P + 1, true);
    children.push(stubborn);
    const plan = await planCleanup({ config, service: 'procs' });
    const item = plan.items.find((i) => i.holder?.pid === stubborn.pid)!;
    assert.equal(item.action, 'terminate-process');
    const report = await executeCleanup(plan, [item.id], { graceMs: 300 });
    assert.equal(report.actions[0].outcome, 'done');
    assert.match(report.actions[0].detail, /ignored SIGTERM for 300 ms; killed with SIGKILL/);
    assert.equal(await alive(stubborn), false);
    assert.equal(report.ports.find((p) => p.port === P + 1)?.state, 'free');
  });

  test('a holder that exits between plan and act is reported, not an error', async () => {
    const { config } = await workspace(yaml);
    const quitter = await spawnListener(P + 2);
    children.push(quitter);
    const plan = await planCleanup({ config, service: 'procs' });
    const item = plan.items.find((i) => i.holder?.pid === quitter.pid)!;
    const exited = once(quitter, 'exit');
    quitter.kill('SIGTERM');
    await exited;
    const report = await executeCleanup(plan, [item.id, 'process:999999999', `keep:${P + 4}:free`]);
    assert.deepEqual(
      report.actions.map((a) => [a.id, a.outcome]),
      [[item.id, 'already-gone']],
    );
    assert.match(report.actions[0].detail, /already exited/);
    assert.deepEqual(
      report.ignored.map((i) => i.id),
      ['process:999999999', `keep:${P + 4}:free`],
    );
    assert.equal(report.ports.find((p) => p.port === P + 2)?.state, 'free');
  });

  test('on a terminal berth clean asks first; an item number acts on that item only', async () => {
    const { root } = await workspace(yaml);
    const one = await spawnListener(P + 5);
    const two = await spawnListener(P + 6);
    children.push(one, two);
    // python's pty.spawn gives the CLI a real terminal on stdin (argument array, no shell).
    const cliMain = resolve(__dirname, '..', '..', 'src', 'cli', 'main.ts');
    const child = spawn(
      'python3',
      [
        '-c',
        'import pty,sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)',
        process.execPath,
        '--import',
        'tsx',
        cliMain,
        'clean',
        'procs',
        '--root',
        root,
      ],
      {
        cwd: resolve(__dirname, '..', '..'),
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    const exited = once(child, 'exit');
    await waitLine(child, /Clean the 0 selected item\(s\)\?/);
    const plan = await planCleanup({ config: (await workspace(yaml)).config, service: 'procs' });
    const n = plan.items.filter((i) => i.action !== 'none').findIndex((i) => i.holder?.pid === two.pid) + 1;
    child.stdin!.write(`${n}\r`);
    const [code] = await exited;
    assert.equal(await alive(two), false, 'the picked listener ended');
    assert.equal(await alive(one), true, 'the other one was not picked');
    assert.equal(code, 1, 'a port stays held (by the listener not picked)');
  });

  test("Berth's own process chain, PID 1 and protected pids are refused", async () => {
    assert.equal((await terminateProcess(process.pid)).outcome, 'refused');
    assert.equal((await terminateProcess(process.ppid)).outcome, 'refused');
    assert.equal((await terminateProcess(1)).outcome, 'refused');
    const mine = await processTree(process.pid);
    assert.ok(mine.has(process.pid));
    const guarded = await spawnListener(P + 4);
    children.push(guarded);
    assert.ok((await processTree(process.pid)).has(guarded.pid!), 'a child is in our process tree');
    const { config } = await workspace(yaml);
    const plan = await planCleanup({ config, service: 'procs', protectedPids: [guarded.pid!] });
    const kept = plan.items.find((i) => i.holder?.pid === guarded.pid)!;
    assert.equal(kept.action, 'none');
    assert.match(kept.why, /never touched \(protected by the caller/);
    // Even a forged selection of a process item is refused at the last step.
    const r = await terminateProcess(guarded.pid!, { protectedPids: [guarded.pid!] });
    assert.equal(r.outcome, 'refused');
    assert.ok(await alive(guarded));
  });

  test('a real docker-proxy with no container behind it: terminated over Docker, left alone over Podman', async (t) => {
    // dockerd cannot be made to leak a proxy without wedging it, so this runs the real docker-proxy
    // binary by hand, pointed at a container IP nobody has: the state a leaked proxy is in.
    const bin = ['/usr/sbin/docker-proxy', '/usr/bin/docker-proxy', '/usr/libexec/docker/docker-proxy'].find(
      existsSync,
    );
    assert.ok(bin, 'docker-proxy binary not found (is docker.io installed? run scripts/provision.sh)');
    const proxy = spawn(
      bin,
      [
        '-proto',
        'tcp',
        '-host-ip',
        '0.0.0.0',
        '-host-port',
        String(P + 3),
        '-container-ip',
        '172.31.254.254',
        '-container-port',
        '6379',
      ],
      {
        // fd 3 is the pipe dockerd reads "0\n" (ready) from; without it the proxy closes its own listener.
        stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
      },
    );
    children.push(proxy);
    await waitFor(`docker-proxy on ${P + 3}`, async () =>
      (await scanHolders([P + 3])).get(P + 3)!.some((h) => h.pid === proxy.pid && h.kind === 'docker-proxy'),
    );
    const { config } = await workspace(yaml);
    const kinds = testEngines().map((e) => e.kind);
    for (const kind of kinds.filter((k) => k === 'podman')) {
      const engine = await connectTestEngine(kind);
      engines.push(engine);
      const plan = await planCleanup({ engine, config, service: 'procs' });
      const item = plan.items.find((i) => i.holder?.pid === proxy.pid)!;
      assert.equal(item.action, 'none');
      assert.match(item.why, /connected to podman and cannot see docker's containers/);
    }
    if (!kinds.includes('docker')) return t.diagnostic('docker not in BERTH_TEST_ENGINES: terminate path not run');
    const engine = await connectTestEngine('docker');
    engines.push(engine);
    const plan = await planCleanup({ engine, config, service: 'procs' });
    const item = plan.items.find((i) => i.holder?.pid === proxy.pid)!;
    assert.equal(item.action, 'terminate-process');
    assert.equal(item.preselected, true);
    assert.match(
      item.why,
      new RegExp(`^stale docker-proxy \\(pid ${proxy.pid}\\) for a container that no longer exists$`),
    );
    const report = await executeCleanup(plan, defaultSelection(plan), { engine, config });
    assert.deepEqual(
      report.actions.map((a) => [a.id, a.outcome]),
      [[item.id, 'done']],
    );
    assert.equal(report.ports.find((p) => p.port === P + 3)?.state, 'free');
  });
});
