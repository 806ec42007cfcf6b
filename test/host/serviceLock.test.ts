// The service lock over real lock files: nested work of one holder runs inside its lock, another task waits or is
// refused with the holder's words, and a lock left by a dead process is an interrupted run until it is reclaimed.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LockBusyError, lockFileName } from '../../src/host/locks';
import {
  describeServiceHolder,
  interruptedRun,
  interruptedRuns,
  serviceLockName,
  withServiceLock,
} from '../../src/host/serviceLock';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function lockDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'berth-svclock-'));
  dirs.push(d);
  return d;
}

/** A lock file as a process that has exited left it (kill -9 mid-up). */
function staleLock(dir: string, service: string, run?: string): number {
  const pid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  const owner = { pid: Number(pid), command: 'node berth up', what: 'berth up', since: '2026-01-02T10:02:03.000Z' };
  writeFileSync(join(dir, lockFileName(serviceLockName(service))), JSON.stringify({ ...owner, action: 'start', run }));
  return Number(pid);
}

/** `berth up` holding the service until release(); `entered` once it holds it (and ran `inside`). */
function holdingUp(dir: string, inside: () => Promise<void> = async () => undefined) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const holds = new Promise<void>((r) => (entered = r));
  const done = withServiceLock({ dir, service: 'we', action: 'start', what: 'berth up' }, async () => {
    await inside();
    entered();
    await gate;
  });
  return { holds, release, done };
}

describe('service lock', () => {
  test('nested work of the holder runs inside its lock; another task of the process is refused by name', async () => {
    const dir = lockDir();
    const first = holdingUp(dir, async () => {
      const inner = await withServiceLock({ dir, service: 'we', action: 'stop', what: 'berth run' }, async (h) => h);
      assert.equal(inner.nested, true);
    });
    await first.holds;
    // A task that did not take it (a second Start in the editor) is another caller.
    const refused = await withServiceLock(
      { dir, service: 'we', action: 'clean', what: 'Clean', wait: false },
      async () => 'ran',
    ).catch((e: unknown) => e);
    first.release();
    await first.done;
    assert.ok(refused instanceof LockBusyError, String(refused));
    assert.match(
      refused.message,
      new RegExp(`^we is being started by pid ${process.pid} \\(berth up\\) since [0-9:]{8}$`),
    );
    // Released: the next caller gets it at once.
    assert.equal(
      await withServiceLock({ dir, service: 'we', action: 'stop', what: 'x', wait: false }, async () => 7),
      7,
    );
  });

  test('a waiting caller is told once, then runs when the holder is done', async () => {
    const dir = lockDir();
    const first = holdingUp(dir);
    await first.holds;
    const told: string[] = [];
    const second = withServiceLock(
      { dir, service: 'we', action: 'stop', what: 'berth down', onWait: (m) => (told.push(m), first.release()) },
      async () => 'ran',
    );
    await first.done;
    assert.equal(await second, 'ran');
    assert.equal(told.length, 1);
    assert.match(told[0], /^we is being started by pid \d+ \(berth up\)/);
  });

  test('a dead holder’s lock is an interrupted run until reclaimed; the reclaimer is told whose it was', async () => {
    const dir = lockDir();
    const pid = staleLock(dir, 'we', 'run-1');
    assert.deepEqual(await interruptedRun('we', 1, dir), {
      pid,
      what: 'berth up',
      since: '2026-01-02T10:02:03.000Z',
      run: 'run-1',
    });
    const labels = (run: string) => ({ labels: { 'berth.run': run } });
    assert.deepEqual([...(await interruptedRuns(['we', 'other'], [labels('run-1')], dir)).keys()], ['we']);
    assert.equal((await interruptedRuns(['we'], [labels('run-2')], dir)).size, 0, 'nothing of that run is left');
    assert.equal((await interruptedRuns(['we'], undefined, dir)).size, 1, 'engine unknown: the lock alone tells');
    const held = await withServiceLock({ dir, service: 'we', action: 'start', what: 'berth up' }, async (h) => h);
    assert.equal(held.reclaimed?.pid, pid);
    assert.equal(held.reclaimed?.run, 'run-1');
    assert.equal(await interruptedRun('we', 1, dir), undefined);
  });

  test('a lock without a run (a stop, a lease) is no interrupted run; a run is worded "held by"', async () => {
    const dir = lockDir();
    staleLock(dir, 'we');
    assert.equal(await interruptedRun('we', 1, dir), undefined);
    const owner = { pid: 4242, command: 'berth', what: 'berth run we worker 1', since: '2026-01-02T10:02:03.000Z' };
    assert.equal(
      describeServiceHolder('we worker 1', { ...owner, action: 'run' }),
      'we worker 1 is held by pid 4242 (berth run we worker 1) since 10:02:03',
    );
    assert.equal(
      describeServiceHolder('we', { ...owner, what: 'Start Stack', action: 'start' }),
      'we is being started by pid 4242 (Start Stack) since 10:02:03',
    );
  });
});
