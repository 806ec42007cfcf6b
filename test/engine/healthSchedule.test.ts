// When Berth runs a Podman container's next health check, from what the engine's health log says (pure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextCheck } from '../../src/engine/healthSchedule';

test('no check yet: run now, the next one an interval later', () => {
  assert.deepEqual(nextCheck(10_000, 5_000, undefined, {}), { runNow: true, dueAt: 15_000, foreign: false });
});

test('Berth’s own last check an interval ago: run now; not before its log says an interval passed', () => {
  assert.deepEqual(nextCheck(20_000, 5_000, 15_100, { from: 15_000, to: 15_300 }), {
    runNow: false,
    dueAt: 20_100,
    foreign: false,
  });
  assert.deepEqual(nextCheck(20_200, 5_000, 15_100, { from: 15_000, to: 15_300 }), {
    runNow: true,
    dueAt: 25_200,
    foreign: false,
  });
});

test('a check someone else ran (systemd timer, podman healthcheck run) moves the next one a full interval after it', () => {
  assert.deepEqual(nextCheck(20_000, 5_000, 18_000, { from: 10_000, to: 10_200 }), {
    runNow: false,
    dueAt: 23_000,
    foreign: true,
  });
  // Checks the engine runs more often than the interval: Berth never runs one.
  for (const last of [20_500, 23_000, 25_500]) assert.equal(nextCheck(last + 500, 5_000, last, {}).runNow, false);
});

test('a check before Berth ever ran one counts as someone else’s', () => {
  assert.equal(nextCheck(20_000, 5_000, 19_000, {}).foreign, true);
  assert.equal(nextCheck(20_000, 5_000, 19_000, {}).runNow, false);
});
