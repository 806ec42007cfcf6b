// test-needs: engine
// Berth processes working on one service at once, and Berth dying or interrupted mid-way, as real processes on
// Docker and Podman: two `berth up` from two terminals give one stack (the second says it waited); kill -9 of
// `berth up` mid-way leaves a stack `status` calls interrupted, `clean` offers, and the next `up` adopts (exit 0,
// exactly one stack); SIGINT during `up` leaves nothing; SIGINT during `clean` finishes the action under way,
// skips the rest and reports what was done.
// Ports: docker 27500-27549, podman 27550-27599.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ResultPromise } from 'execa';
import { buildCli } from '../cli/buildCli';
import { testEngines, waitFor } from '../support/engines';
import { fixture, removeStacks, stackOf, type Fixture } from './fixtures';

const HOSTS = { docker: 'unix:///var/run/docker.sock', podman: 'unix:///run/podman/podman.sock' } as const;
const BASE = { docker: 27500, podman: 27550 } as const;
// A listener that ignores SIGTERM (so ending it takes the grace period) and notes that it got one.
const STUBBORN = `const fs = require('node:fs');
const [port, mark] = process.argv.slice(2);
process.on('SIGTERM', () => fs.writeFileSync(mark, 'TERM'));
require('node:net').createServer().listen(Number(port), '127.0.0.1', () => console.log('listening'));
`;

let cli: string;
const cache = mkdtempSync(join(tmpdir(), 'berth-xproc-cache-'));
const fixtures: Fixture[] = [];
const children: ResultPromise[] = [];
before(async () => {
  cli = await buildCli();
});
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dirname(cli), { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
  fixtures.forEach((f) => f.dispose());
});

/** A berth process with its output collected as it comes; killed by the after hook if a test fails first. */
async function berth(args: string[], cwd: string) {
  const { execa } = await import('execa');
  const child = execa(process.execPath, [cli, ...args], {
    cwd,
    reject: false,
    timeout: 120_000,
    env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' },
  });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return { child, out };
}

function locksLeft(): string[] {
  const dir = join(cache, 'berth', 'locks');
  return existsSync(dir) ? readdirSync(dir) : [];
}

for (const { kind } of testEngines()) {
  describe(`processes working on one service at once, on ${kind}`, () => {
    const base = BASE[kind];
    const svc = `xproc${kind}`;
    // Slow enough (the second step is ready after 3 s) for another process to find the first mid-way.
    const f = fixture(`version: 1
services:
  ${svc}:
    ports: { redis: ${base + 1}, a: ${base + 2}, b: ${base + 3} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { exec: [ redis-cli, ping ], expect: PONG }
      slow:
        image: busybox:stable
        command: [ sh, -c, "sleep 3; echo warmed up; exec sleep 100000" ]
        depends_on: { cache: ready }
        ready: { log: "warmed up" }
`);
    fixtures.push(f);
    const host = ['--host', HOSTS[kind]];
    after(() => removeStacks(kind, [svc]));

    test('two concurrent berth up: one stack, both exit 0, the second said it waited', async () => {
      const first = await berth(['up', svc, ...host], f.root);
      await waitFor('the first up to hold the service', () => first.out.stdout.includes('✓ cache'), 60_000);
      const second = await berth(['up', svc, ...host], f.root);
      const [a, b] = await Promise.all([first.child, second.child]);
      assert.equal(a.exitCode, 0, first.out.stderr);
      assert.equal(b.exitCode, 0, second.out.stderr);
      assert.match(
        second.out.stderr,
        new RegExp(
          `^berth up: ${svc} is being started by pid ${first.child.pid} \\(berth up\\) since [0-9:]+; waiting…$`,
          'm',
        ),
      );
      assert.match(second.out.stdout, new RegExp(`Stack of ${svc} is already up`));
      const { containers, networks } = await stackOf(kind, svc);
      assert.deepEqual(containers.map((c) => c.State).sort(), ['running', 'running']);
      assert.equal(networks.length, 1);
      assert.deepEqual(locksLeft(), []);
      const busy = await berth(['down', svc, ...host, '--no-wait'], f.root);
      assert.equal((await busy.child).exitCode, 0, busy.out.stderr);
    });

    test('kill -9 of berth up mid-way: status says interrupted, clean offers it, the next up adopts it', async () => {
      const up = await berth(['up', svc, ...host], f.root);
      await waitFor('the first step to be ready', () => up.out.stdout.includes('✓ cache'), 60_000);
      up.child.kill('SIGKILL');
      await up.child;
      const status = await berth(['status', ...host], f.root);
      assert.equal((await status.child).exitCode, 0, status.out.stderr);
      assert.match(status.out.stdout, new RegExp(`^${svc} .*interrupted: berth up \\(pid ${up.child.pid}\\) at `, 'm'));
      const plan = await berth(['clean', svc, ...host, '--dry-run', '--json'], f.root);
      assert.equal((await plan.child).exitCode, 0, plan.out.stderr);
      const p = JSON.parse(plan.out.stdout) as {
        plan: { interrupted?: { pid: number }; items: { id: string; action: string; why: string }[] };
        selected: string[];
      };
      assert.equal(p.plan.interrupted?.pid, up.child.pid);
      const offered = p.plan.items.filter((i) => i.action === 'remove-container' && /interrupted/.test(i.why));
      assert.ok(offered.length >= 1, JSON.stringify(p.plan.items));
      assert.ok(
        offered.every((i) => p.selected.includes(i.id)),
        'the interrupted run’s containers are preselected',
      );

      const again = await berth(['up', svc, ...host], f.root);
      assert.equal((await again.child).exitCode, 0, again.out.stderr);
      assert.match(again.out.stderr, new RegExp(`berth up \\(pid ${up.child.pid}\\) at [0-9:]+ was interrupted`));
      const { containers, networks } = await stackOf(kind, svc);
      assert.deepEqual(
        containers.map((c) => `${c.Labels['berth.step']} ${c.State}`).sort(),
        ['cache running', 'slow running'],
        'exactly one stack',
      );
      assert.equal(networks.length, 1);
      const later = await berth(['status', ...host], f.root);
      await later.child;
      assert.doesNotMatch(later.out.stdout, /interrupted/);
      assert.deepEqual(locksLeft(), []);
      assert.equal((await (await berth(['down', svc, ...host], f.root)).child).exitCode, 0);
    });

    test('SIGINT during berth up: cancelled (130), nothing of the stack is left', async () => {
      const up = await berth(['up', svc, ...host], f.root);
      await waitFor('the first step to be ready', () => up.out.stdout.includes('✓ cache'), 60_000);
      up.child.kill('SIGINT');
      const r = await up.child;
      assert.equal(r.exitCode, 130, up.out.stderr);
      assert.match(up.out.stderr, /berth up: cancelled; what this run created was removed/);
      const { containers, networks } = await stackOf(kind, svc);
      assert.deepEqual([...containers.map((c) => c.Names[0]), ...networks.map((n) => n.Name)], [], 'nothing left');
      assert.deepEqual(locksLeft(), []);
    });

    test('SIGINT during berth clean: the action under way finishes, the rest is skipped, the report says so', async () => {
      const { execa } = await import('execa');
      const dir = mkdtempSync(join(tmpdir(), 'berth-xproc-holders-'));
      const spawned: ResultPromise[] = [];
      try {
        writeFileSync(join(dir, 'stubborn.cjs'), STUBBORN);
        const holders = [base + 2, base + 3].map((port) => {
          const mark = join(dir, `term-${port}`);
          const child = execa(process.execPath, [join(dir, 'stubborn.cjs'), String(port), mark], {
            reject: false,
            timeout: 120_000,
          });
          children.push(child);
          spawned.push(child);
          let out = '';
          child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
          return { port, mark, child, listening: () => out.includes('listening') };
        });
        await waitFor('both holders to listen', () => holders.every((h) => h.listening()), 20_000);
        const clean = await berth(['clean', svc, ...host, '--yes', '--include-foreign', '--grace-ms', '4000'], f.root);
        const first = await waitFor(
          'the first holder to be sent SIGTERM',
          () => holders.find((h) => existsSync(h.mark)),
          30_000,
        );
        clean.child.kill('SIGINT');
        const r = await clean.child;
        assert.equal(r.exitCode, 130, clean.out.stderr);
        const other = holders.find((h) => h !== first)!;
        assert.match(
          clean.out.stdout,
          new RegExp(`^ +done +process:${first.child.pid}: pid ${first.child.pid}: `, 'm'),
        );
        assert.match(
          clean.out.stdout,
          new RegExp(`^ +skipped +process:${other.child.pid}: skipped: interrupted$`, 'm'),
        );
        assert.match(clean.out.stdout, /^Interrupted: 1 of 2 action\(s\) done, the rest skipped\.$/m);
        assert.equal((await first.child).signal, 'SIGKILL', 'the action under way finished (grace, then SIGKILL)');
        assert.equal(other.child.exitCode, null, 'the skipped holder was left alone');
        assert.equal(existsSync(other.mark), false);
        assert.deepEqual(locksLeft(), []);
      } finally {
        for (const c of spawned) if (c.exitCode === null) c.kill('SIGKILL');
        await Promise.all(spawned);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
