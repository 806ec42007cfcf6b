// Event-to-state latency vs a 2 s poll (not a test): run with `node --import tsx bench/events.ts`.
// For each engine, N times: start a labelled container and measure, from the moment the start call
// is issued, how long until (a) the EngineStateStore (event stream, default debounce)
// shows it running and (b) a plain 2 s poll of listContainers sees it running. Then the same for
// removal. Both watchers run at the same time on the same containers. Prints medians and ratios.
import { parseBerthYaml } from '../src/core/berthYaml';
import { listEngineContainers } from '../src/engine/containers';
import { EngineStateStore } from '../src/engine/state';
import type { Engine } from '../src/engine/connection';
import { connectTestEngine, removeLabelled, testEngines } from '../test/support/engines';
import { rawDocker } from '../test/support/rawDocker';
import { median } from './measure';

const N = Number(process.env.BENCH_ROUNDS ?? 10);
const POLL_MS = 2000;

/** A 2 s poller as tools without events do it; resolves waits when a listing satisfies them. */
class Poller {
  private waits: { pred: (ids: Map<string, string>) => boolean; resolve: (t: number) => void }[] = [];
  private timer: NodeJS.Timeout;
  constructor(private engine: Engine) {
    this.timer = setInterval(() => void this.tick(), POLL_MS);
  }
  private async tick(): Promise<void> {
    const list = await listEngineContainers(this.engine);
    const ids = new Map(list.map((c) => [c.id, c.state]));
    const now = performance.now();
    this.waits = this.waits.filter((w) => (w.pred(ids) ? (w.resolve(now), false) : true));
  }
  until(pred: (ids: Map<string, string>) => boolean): Promise<number> {
    return new Promise((resolve) => this.waits.push({ pred, resolve }));
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

async function benchEngine(kind: 'docker' | 'podman') {
  const engine = await connectTestEngine(kind);
  const service = `bench-events-${kind}`;
  const { config } = parseBerthYaml(`version: 1\nservices:\n  ${service}:\n    ports: { http: 21600 }\n`);
  // Default options, as the extension runs it (100 ms debounce, 30 s backstop poll).
  const store = new EngineStateStore({ connect: () => connectTestEngine(kind), config });
  await store.start();
  const poller = new Poller(engine);
  const ev = { start: [] as number[], remove: [] as number[] };

  const poll = { start: [] as number[], remove: [] as number[] };
  try {
    await removeLabelled(engine, 'berth.test', 'bench-events');
    for (let i = 0; i < N; i++) {
      // A random phase against the poll tick: otherwise every round starts right after a tick (worst case).
      await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
      const name = `berth-bench-events-${kind}`;
      const sawStore = (id: string) =>
        store.waitFor((s) => s.services.some((c) => c.id === id && c.state === 'running'), 30_000);
      await rawDocker(engine)
        .getContainer(name)
        .remove({ force: true })
        .catch(() => undefined);
      const created = await rawDocker(engine).createContainer({
        name,
        Image: 'busybox:stable',
        Labels: { 'berth.test': 'bench-events', 'berth.service': service },
      });
      const id = created.id;
      // Clocks start when the action is issued: events may arrive before the API call returns.
      const t0 = performance.now();
      await created.start();
      const [a, b] = await Promise.all([
        sawStore(id).then(() => performance.now()),
        poller.until((ids) => ids.get(id) === 'running'),
      ]);
      ev.start.push(a - t0);

      poll.start.push(b - t0);
      await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
      const t1 = performance.now();
      await rawDocker(engine).getContainer(id).remove({ force: true });
      const [c, d] = await Promise.all([
        store.waitFor((s) => !s.services.some((x) => x.id === id), 30_000).then(() => performance.now()),
        poller.until((ids) => !ids.has(id)),
      ]);
      ev.remove.push(c - t1);
      poll.remove.push(d - t1);
    }
  } finally {
    poller.stop();
    store.dispose();
    await removeLabelled(engine, 'berth.test', 'bench-events');
    engine.close();
  }
  const m = (xs: number[]) => +median(xs).toFixed(0);
  return {
    engine: kind,
    rounds: N,
    eventsStartMs: m(ev.start),
    poll2sStartMs: m(poll.start),
    eventsRemoveMs: m(ev.remove),
    poll2sRemoveMs: m(poll.remove),
    ratioStart: +(median(poll.start) / median(ev.start)).toFixed(1),
    ratioRemove: +(median(poll.remove) / median(ev.remove)).toFixed(1),
  };
}

async function main(): Promise<void> {
  const results = [];
  for (const { kind } of testEngines()) results.push(await benchEngine(kind));
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
