// test-needs: engine
// Podman health checks Berth runs itself (src/engine/healthSchedule.ts), on REAL Podman only: Docker runs
// HEALTHCHECKs itself, so there is nothing to schedule there. One test of two minutes (≤ 2.5 min in all): each
// container is checked at its own HEALTHCHECK interval, never faster; a container whose checks someone else runs
// (as systemd's timers would) gets none from Berth; and the conmon processes of a checked container stay bounded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type { Engine } from '../../src/engine/connection';
import { HealthSchedule } from '../../src/engine/healthSchedule';
import { connectTestEngine, removeLabelled, runContainer } from '../support/engines';

const LABEL = 'berth.test';
const VALUE = 'podman-health';
const WINDOW_MS = 120_000;

let engine: Engine;
before(async () => {
  engine = await connectTestEngine('podman');
  await removeLabelled(engine, LABEL, VALUE);
});
after(async () => {
  await removeLabelled(engine, LABEL, VALUE);
  engine.close();
});

/** conmon processes whose command line names the container (its own, and one per exec while it runs). */
function conmonsOf(id: string): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv[0].endsWith('conmon') && argv.some((a) => a.includes(id))) n++;
    } catch {
      // exited meanwhile
    }
  }
  return n;
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]);
}

test('checks follow each container’s interval, skip containers checked by someone else, conmons stay bounded', async (t) => {
  const start = (name: string, intervalMs: number) =>
    runContainer(engine, {
      name: `berth-podman-health-${name}`,
      image: 'busybox:stable',
      cmd: ['sleep', '100000'],
      labels: { [LABEL]: VALUE },
      healthcheck: { shell: 'true', intervalMs },
    });
  const fast = await start('fast', 5_000);
  const slow = await start('slow', 20_000);
  const watched = await start('watched', 4_000);
  // "Someone else" runs watched's checks every 1.5 s, as the engine's own timers would (and before Berth starts).
  const other = await connectTestEngine('podman');
  await other.healthcheck(watched);
  const outside = setInterval(() => void other.healthcheck(watched).catch(() => undefined), 1500);
  const ran = new Map<string, number[]>([fast, slow, watched].map((id) => [id, []]));
  const schedule = new HealthSchedule({
    engine: () => engine,
    targets: () => [fast, slow, watched],
    onChecked: (id) => ran.get(id)!.push(Date.now()),
  });
  const conmons: number[] = [];
  const sampler = setInterval(() => conmons.push(conmonsOf(fast)), 2000);
  try {
    schedule.start();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
  } finally {
    schedule.dispose();
    clearInterval(outside);
    clearInterval(sampler);
    other.close();
  }
  const f = ran.get(fast)!;
  const s = ran.get(slow)!;
  t.diagnostic(
    JSON.stringify({
      fast: gaps(f),
      slow: gaps(s),
      watched: ran.get(watched)!.length,
      counts: schedule.counts,
      conmons,
    }),
  );
  assert.ok(
    gaps(f).every((g) => g >= 4_500),
    `fast (5 s) was never checked faster than its interval: ${gaps(f)}`,
  );
  assert.ok(
    gaps(s).every((g) => g >= 19_500),
    `slow (20 s) was never checked faster than its interval: ${gaps(s)}`,
  );
  // It kept checking: a 2-minute window holds 24 intervals of 5 s and 6 of 20 s (the first check is at once).
  assert.ok(f.length >= 12 && f.length <= 25, `fast checked ${f.length} times`);
  assert.ok(s.length >= 3 && s.length <= 7, `slow checked ${s.length} times`);
  assert.deepEqual(ran.get(watched), [], 'checks someone else runs are not run again');
  assert.ok(schedule.counts.foreign >= 1);
  assert.ok(conmons.length >= 50, `sampled ${conmons.length} times`);
  // Its own conmon, plus at most the one of a check that is running.
  assert.ok(Math.max(...conmons) <= 2, `conmon processes of one container: ${conmons}`);
  assert.ok(Math.min(...conmons) >= 1, 'the container’s own conmon is seen');
});
