// The refresh manager coalesces bursts and never runs two refreshes at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshManager, Timers } from '../../../src/extension/refreshManager';

/** Manual clock: timers fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn) => {
      const id = next++;
      pending.set(id, fn);
      return id;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    fire() {
      const fns = [...pending.values()];
      pending.clear();
      for (const f of fns) f();
    },
    get count() {
      return pending.size;
    },
  };
}

function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

test('a burst of requests makes one run', async () => {
  const clock = manualTimers();
  let runs = 0;
  const m = new RefreshManager(
    async () => void runs++,
    (e: unknown) => assert.fail(String(e)),
    100,
    clock.timers,
  );
  for (let i = 0; i < 10; i++) m.request();
  assert.equal(clock.count, 1);
  assert.equal(runs, 0);
  clock.fire();
  assert.equal(runs, 1);
  assert.equal(clock.count, 0);
  m.dispose();
});

test('requests during a run cause exactly one more run, never overlapping', async () => {
  const clock = manualTimers();
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  let g = gate();
  const m = new RefreshManager(
    async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      runs++;
      await g.p;
      active--;
    },
    (e: unknown) => assert.fail(String(e)),
    10,
    clock.timers,
  );
  const first = m.flush();
  m.request();
  clock.fire();
  m.request();
  clock.fire();
  const second = m.flush();
  const firstGate = g;
  g = gate();
  firstGate.open();
  await first;
  g.open();
  await second;
  assert.equal(maxActive, 1);
  assert.equal(runs, 2);
  m.dispose();
});

test('an error in a run is reported and the next run still happens', async () => {
  const errors: unknown[] = [];
  let n = 0;
  const m = new RefreshManager(
    async () => {
      if (n++ === 0) throw new Error('scan failed');
    },
    (e) => errors.push(e),
    10,
    manualTimers().timers,
  );
  await m.flush();
  await m.flush();
  assert.equal(n, 2);
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]), /scan failed/);
  m.dispose();
});

test('dispose releases waiters and ignores later requests', async () => {
  const clock = manualTimers();
  let runs = 0;
  const m = new RefreshManager(
    async () => void runs++,
    (e: unknown) => assert.fail(String(e)),
    10,
    clock.timers,
  );
  m.request();
  m.dispose();
  assert.equal(clock.count, 0);
  m.request();
  await m.flush();
  assert.equal(runs, 0);
});
