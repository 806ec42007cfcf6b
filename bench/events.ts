// Event-to-state latency vs a 2 s poll (not a test): run with `node --import tsx bench/events.ts`.
// For each engine, N times: start a labelled container and measure, from the moment the start call
// is issued, how long until (a) the EngineStateStore (event stream, default options) shows it running,
// (b) a store with the former fixed 100 ms debounce does, (c) a plain 2 s poll of listContainers sees it
// running, and (d) the engine's event itself arrives. Then the same for removal. All watchers run at the
// same time on the same containers. eventToState* is the store's own part: from the arrival of the first event
// of the change (start; kill/die for a removal) to the store showing it; engineStampToState* is from the
// engine's own time stamp of that event (its reporting delay included). Prints medians and ratios.
import { parseBerthYaml } from '../src/core/berthYaml';
import { listEngineContainers } from '../src/engine/containers';
import { EngineStateStore } from '../src/engine/state';
import type { Engine } from '../src/engine/connection';
import { connectTestEngine, removeLabelled, testEngines } from '../test/support/engines';
import { rawDocker } from '../test/support/rawDocker';
import os from 'node:os';
import { median, percentile } from './measure';

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
  // Default options, as the extension runs it (no debounce, 30 s backstop poll).
  const arrived = new Map<string, number>();
  const stamped = new Map<string, number>();
  const store = new EngineStateStore({
    connect: () => connectTestEngine(kind),
    config,
    onEvent: (e) => {
      const key = `${e.kind}:${e.id}`;
      if (!arrived.has(key)) arrived.set(key, performance.now());
      // The engine's own stamp of the event, on this process's clock (same machine).
      if (!stamped.has(key) && e.timeNano) stamped.set(key, e.timeNano / 1e6 - performance.timeOrigin);
    },
  });
  const debounced = new EngineStateStore({ connect: () => connectTestEngine(kind), config, debounceMs: 100 });
  await Promise.all([store.start(), debounced.start()]);
  const poller = new Poller(engine);
  const ev = { start: [] as number[], remove: [] as number[] };
  const old = { start: [] as number[], remove: [] as number[] };
  const raw = { start: [] as number[], remove: [] as number[] };
  const afterEvent = { start: [] as number[], remove: [] as number[] };
  const afterStamp = { start: [] as number[], remove: [] as number[] };

  const poll = { start: [] as number[], remove: [] as number[] };
  try {
    await removeLabelled(engine, 'berth.test', 'bench-events');
    for (let i = 0; i < N; i++) {
      // A random phase against the poll tick: otherwise every round starts right after a tick (worst case).
      await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
      const name = `berth-bench-events-${kind}`;
      const sawStore = (st: EngineStateStore, id: string) =>
        st.waitFor((s) => s.services.some((c) => c.id === id && c.state === 'running'), 30_000);
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
      // Both stores have read the created container: no read opened by the create event is still pending.
      const seen = (st: EngineStateStore) => st.waitFor((s) => s.services.some((c) => c.id === id), 30_000);
      await Promise.all([seen(store), seen(debounced)]);
      // Clocks start when the action is issued: events may arrive before the API call returns.
      const t0 = performance.now();
      await created.start();
      const [a, b, o] = await Promise.all([
        sawStore(store, id).then(() => performance.now()),
        poller.until((ids) => ids.get(id) === 'running'),
        sawStore(debounced, id).then(() => performance.now()),
      ]);
      ev.start.push(a - t0);
      old.start.push(o - t0);
      raw.start.push((arrived.get(`start:${id}`) ?? NaN) - t0);
      afterEvent.start.push(a - (arrived.get(`start:${id}`) ?? NaN));
      afterStamp.start.push(a - (stamped.get(`start:${id}`) ?? NaN));

      poll.start.push(b - t0);
      await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
      const t1 = performance.now();
      await rawDocker(engine).getContainer(id).remove({ force: true });
      const gone = (st: EngineStateStore) =>
        st.waitFor((s) => !s.services.some((x) => x.id === id), 30_000).then(() => performance.now());
      const [c, d, o2] = await Promise.all([gone(store), poller.until((ids) => !ids.has(id)), gone(debounced)]);
      ev.remove.push(c - t1);
      old.remove.push(o2 - t1);
      raw.remove.push((arrived.get(`remove:${id}`) ?? NaN) - t1);
      // From the first event of the removal (kill/die): the read it triggers may already miss the container.
      afterEvent.remove.push(c - (arrived.get(`stop:${id}`) ?? NaN));
      afterStamp.remove.push(c - (stamped.get(`stop:${id}`) ?? NaN));
      poll.remove.push(d - t1);
    }
  } finally {
    poller.stop();
    store.dispose();
    debounced.dispose();
    await removeLabelled(engine, 'berth.test', 'bench-events');
    engine.close();
  }
  const m = (xs: number[]) => +median(xs).toFixed(0);
  return {
    engine: kind,
    rounds: N,
    loadavg: os.loadavg().map((x) => +x.toFixed(2)),
    eventToStateStartMs: m(afterEvent.start),
    eventToStateRemoveMs: m(afterEvent.remove),
    engineStampToStateStartMs: m(afterStamp.start),
    engineStampToStateRemoveMs: m(afterStamp.remove),
    eventArrivesStartMs: m(raw.start),
    eventsStartMs: m(ev.start),
    debounce100StartMs: m(old.start),
    poll2sStartMs: m(poll.start),
    eventsStartP90Ms: +percentile(ev.start, 0.9).toFixed(0),
    eventArrivesRemoveMs: m(raw.remove),
    eventsRemoveMs: m(ev.remove),
    debounce100RemoveMs: m(old.remove),
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
