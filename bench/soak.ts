// Soak of the engine state store (not a test): `nice -n 19 node --expose-gc --import tsx bench/soak.ts`.
// A long editor session in fast motion: on a private engine (never the shared ones) containers start and stop
// every few seconds, their health flips every 4 s, one is replaced every 30 s, and the engine itself is killed and
// started again every few minutes. The store watches it all through its event stream. Reported for the first and
// the last minutes of the run: RSS, heap, open handles and file descriptors, and event → state latency (from the
// start/stop call to the store showing it), so growth over the session is visible in one run.
// SOAK_MINUTES (20), SOAK_RESTART_MINUTES (3), SOAK_ENGINE (podman; docker's private daemon has no images).
import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type Dockerode from 'dockerode';
import { parseBerthYaml } from '../src/core/berthYaml';
import { connectEngine, type Engine } from '../src/engine/connection';
import { EngineStateStore } from '../src/engine/state';
import { PrivateEngine } from '../test/engine/privateEngine';
import { rawDocker } from '../test/support/rawDocker';
import { percentile } from './measure';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 20);
const RESTART_MS = Number(process.env.SOAK_RESTART_MINUTES ?? 3) * 60_000;
const KIND = (process.env.SOAK_ENGINE ?? 'podman') as 'podman' | 'docker';
const WINDOW_MS = Math.min(5 * 60_000, (MINUTES * 60_000) / 4);
const SLOTS = 4;
const RUN = randomUUID().slice(0, 8);
const SERVICE = 'soak';

interface Sample {
  at: number;
  ms: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const pct = (xs: number[], p: number) => (xs.length ? Math.round(percentile(xs, p)) : undefined);

function resources() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const handles: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) handles[r] = (handles[r] ?? 0) + 1;
  return {
    rssMB: +(m.rss / 2 ** 20).toFixed(1),
    heapUsedMB: +(m.heapUsed / 2 ** 20).toFixed(1),
    fds: readdirSync('/proc/self/fd').length,
    handles,
  };
}

async function main(): Promise<void> {
  const daemon = new PrivateEngine(KIND, KIND === 'podman' ? { socketPath: '/tmp/berth-soak-podman.sock' } : {});
  await daemon.start();
  const connect = () => connectEngine({ host: daemon.host, timeoutMs: 15_000 });
  const { config } = parseBerthYaml(`version: 1\nservices:\n  ${SERVICE}:\n    ports: { http: 21690 }\n`);
  const store = new EngineStateStore({
    connect,
    config,
    // As the extension runs it, but with faster retries so a restart does not eat the run.
    podmanHealthcheckMs: 2000,
    backoff: { initialMs: 200, maxMs: 2000 },
  });
  const driver: Engine = await connect().catch(async (e: unknown) => {
    await daemon.stop();
    throw e;
  });
  const docker = (): Dockerode => rawDocker(driver);
  const t0 = Date.now();
  const latency: Sample[] = [];
  let missed = 0;
  const misses: string[] = [];
  let restarts = 0;
  let unreachable = 0;
  let healthFlips = 0;
  let lastHealth = new Map<string, string | undefined>();
  store.onDidChange((s) => {
    if (s.engine.state === 'unreachable') unreachable++;
    const now = new Map(s.services.map((c) => [c.id, c.health]));
    for (const [id, h] of now) if (lastHealth.has(id) && lastHealth.get(id) !== h) healthFlips++;
    lastHealth = now;
  });
  const names = Array.from({ length: SLOTS }, (_, i) => `berth-soak-${RUN}-${i}`);
  const create = (name: string) =>
    docker().createContainer({
      name,
      Image: 'busybox:stable',
      Cmd: ['sleep', '100000'],
      Labels: { 'berth.soak': RUN, 'berth.service': SERVICE, 'berth.step': name },
      // Healthy and unhealthy by turns, every 4 s.
      Healthcheck: { Test: ['CMD-SHELL', 'test $(( $(date +%s) / 4 % 2 )) -eq 0'], Interval: 2e9, Retries: 1 },
    });
  const cleanup = async () => {
    store.dispose();
    const list = await docker()
      .listContainers({ all: true, filters: { label: [`berth.soak=${RUN}`] } })
      .catch(() => []);
    await Promise.all(
      list.map((c) =>
        docker()
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
    driver.close();
    await daemon.stop();
  };
  let stopping = false;
  const onSignal = () => {
    stopping = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let first: ReturnType<typeof resources> | undefined;
  try {
    await store.start();
    for (const n of names) await (await create(n)).start();
    let nextRestart = t0 + RESTART_MS;
    for (let i = 0; !stopping && Date.now() - t0 < MINUTES * 60_000; i++) {
      if (!first && Date.now() - t0 > 60_000) first = resources(); // after warm-up (JIT, first connections)
      if (Date.now() > nextRestart) {
        await daemon.stop();
        await sleep(1000);
        await daemon.start();
        restarts++;
        nextRestart = Date.now() + RESTART_MS;
        await store.waitFor((s) => s.engine.state === 'connected', 60_000, 'reconnected').catch(() => missed++);
      }
      const name = names[i % SLOTS];
      try {
        const info = await docker().getContainer(name).inspect();
        const id = info.Id;
        const t = Date.now();
        if (i % 10 === 9) {
          // Replaced: a removal and a new container under the same name.
          await docker().getContainer(id).remove({ force: true });
          const c = await create(name);
          await c.start();
          await store.waitFor((s) => s.services.some((x) => x.id === c.id && x.state === 'running'), 20_000);
        } else if (info.State.Running) {
          await docker().getContainer(id).stop({ t: 0 });
          await store.waitFor((s) => s.services.some((x) => x.id === id && x.state !== 'running'), 20_000);
        } else {
          await docker().getContainer(id).start();
          await store.waitFor((s) => s.services.some((x) => x.id === id && x.state === 'running'), 20_000);
        }
        latency.push({ at: Date.now() - t0, ms: Date.now() - t });
      } catch (e) {
        missed++; // the engine was restarting, or the store did not see it within 20 s
        if (misses.length < 8) misses.push(`${Math.round((Date.now() - t0) / 1000)} s: ${(e as Error).message}`);
      }
      await sleep(3000);
    }
    const last = resources();
    const elapsed = Date.now() - t0;
    const window = (from: number, to: number) => latency.filter((s) => s.at >= from && s.at < to).map((s) => s.ms);
    const head = window(0, WINDOW_MS);
    const tail = window(elapsed - WINDOW_MS, elapsed + 1);
    console.log(
      JSON.stringify(
        {
          engine: KIND,
          minutes: +(elapsed / 60_000).toFixed(1),
          actions: latency.length,
          missed,
          misses,
          engineRestarts: restarts,
          unreachableStates: unreachable,
          healthFlipsSeen: healthFlips,
          start: first,
          end: last,
          latencyMs: {
            windowMinutes: WINDOW_MS / 60_000,
            first: { n: head.length, p50: pct(head, 0.5), p95: pct(head, 0.95) },
            last: { n: tail.length, p50: pct(tail, 0.5), p95: pct(tail, 0.95) },
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
