// Live engine state: each event is a hint to re-read at once (bursts coalesce, see refreshQueue.ts), a slow poll catches lost events,
// and a broken stream or a dead engine becomes the 'unreachable' state, retried with backoff until it is back.
import type { BerthConfig } from '../core/types';
import { ConnectOptions, connectEngine, Engine } from './connection';
import type { Container } from '../model/container';
import { listEngineContainers, serviceContainers, serviceOf } from './containers';
import { connected, reasonOf, type EngineSnapshot } from './snapshot';
import { ContainerEvent, readEventStream } from './events';
import { HealthSchedule } from './healthSchedule';
import { RefreshQueue } from './refreshQueue';
import { SnapshotFeed, type Disposable, type SnapshotListener } from './snapshotFeed';

export type { Disposable } from './snapshotFeed';

export { readSnapshot, type EngineSnapshot, type EngineStatus } from './snapshot';

export interface EngineStateStoreOptions {
  /** How to (re)connect; default connectEngine(connectOptions). */
  connect?: () => Promise<Engine>;
  connectOptions?: ConnectOptions;
  config?: BerthConfig;
  /** 0 (default): an event is read at once, events during a read share one more read. > 0: a window opened by
   * the first event of a burst, read once when it closes. */
  debounceMs?: number;
  /** Backstop re-read for lost events (Podman with a journald logger may emit none at all); 0 turns it off. */
  pollMs?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  /**
   * Podman without systemd never runs HEALTHCHECKs: when > 0, Berth runs them for running service containers at
   * each one's own HEALTHCHECK interval, never more often than this (src/engine/healthSchedule.ts).
   */
  podmanHealthcheckMs?: number;
  /** Called with every normalized container event (diagnostics, benches). */
  onEvent?: (e: ContainerEvent) => void;
}

export class EngineStateStore implements Disposable {
  private readonly opts: Required<Pick<EngineStateStoreOptions, 'debounceMs' | 'pollMs'>> & EngineStateStoreOptions;
  private config: BerthConfig | undefined;
  private current: Engine | undefined;
  private stream: NodeJS.ReadableStream | undefined;
  private readonly feed = new SnapshotFeed();
  private disposed = false;
  private attempt = 0;
  private connecting: Promise<void> | undefined;
  private readonly reads: RefreshQueue;
  private retryReadTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  /** Podman health checks Berth runs itself (see podmanHealthcheckMs). */
  readonly health: HealthSchedule | undefined;
  private started: Promise<void> | undefined;
  /** The stream broke while a connection attempt was still running. */
  private lostWhileConnecting = false;

  constructor(opts: EngineStateStoreOptions = {}) {
    this.opts = { debounceMs: 0, pollMs: 30_000, ...opts };
    this.config = opts.config;
    this.reads = new RefreshQueue(() => this.readContainers(), this.opts.debounceMs);
    if (opts.podmanHealthcheckMs && opts.podmanHealthcheckMs > 0)
      this.health = new HealthSchedule({
        engine: () => this.current,
        targets: () =>
          this.feed.current.services.filter((c) => c.state === 'running' && c.health !== undefined).map((c) => c.id),
        minIntervalMs: opts.podmanHealthcheckMs,
        onChecked: () => this.reads.kick(),
      });
  }

  /** Connects and reads the first state; resolves once the engine is connected or known unreachable. Never rejects. */
  start(): Promise<void> {
    if (!this.started) {
      this.started = this.connectNow();
      if (this.opts.pollMs > 0) {
        this.pollTimer = setInterval(() => this.backstop(), this.opts.pollMs);
        this.pollTimer.unref?.();
      }
      this.health?.start();
    }
    return this.started;
  }

  snapshot(): EngineSnapshot {
    return this.feed.current;
  }

  /** The connected engine, for commands that act on it (start/stop stack, clean). */
  engine(): Engine | undefined {
    return this.current;
  }

  onDidChange(listener: SnapshotListener): Disposable {
    return this.feed.onDidChange(listener);
  }

  /** Resolves with the first snapshot (current or future) that satisfies `predicate`; rejects after timeoutMs. */
  waitFor(
    predicate: (s: EngineSnapshot) => boolean,
    timeoutMs: number,
    what = 'engine state',
  ): Promise<EngineSnapshot> {
    return this.feed.waitFor(predicate, timeoutMs, what);
  }

  /** berth.yaml changed: re-match containers to services. */
  setConfig(config: BerthConfig | undefined): void {
    this.config = config;
    this.reads.kick();
  }

  /** User asked to retry (or to refresh): reconnect now when unreachable, re-read otherwise. */
  async retry(): Promise<void> {
    if (this.disposed) return;
    if (this.current) return this.refresh();
    this.clearRetry();
    this.attempt = 0;
    return this.connectNow();
  }

  /** Re-reads the containers now (coalesced with a read already running). */
  async refresh(): Promise<void> {
    if (this.disposed || !this.current) return;
    return this.reads.run();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.reads.dispose();
    for (const t of [this.retryReadTimer, this.settleTimer, this.retryTimer]) clearTimeout(t);
    clearInterval(this.pollTimer);
    this.health?.dispose();
    this.dropConnection();
    this.feed.clear();
  }

  // ---------- internals ----------

  private emit(next: EngineSnapshot): void {
    this.feed.emit(next);
  }

  private connectNow(): Promise<void> {
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      try {
        const engine = await (this.opts.connect ? this.opts.connect() : connectEngine(this.opts.connectOptions));
        if (this.disposed) {
          engine.close();
          return;
        }
        this.current = engine;
        // Stream first, then read: nothing that happens in between is missed.
        await this.openStream(engine);
        if (this.current !== engine) return; // the stream broke at once; its handler took over
        this.attempt = 0;
        this.emit({ ...this.feed.current, engine: connected(engine) });
        await this.refresh();
      } catch (e) {
        if (this.disposed) return;
        this.dropConnection();
        this.markUnreachable(e);
      }
    })().finally(() => {
      this.connecting = undefined;
      if (this.lostWhileConnecting && !this.disposed && !this.current) {
        this.lostWhileConnecting = false;
        // Broke right after connecting: back off instead of looping on a flapping engine.
        this.markUnreachable(new Error('the event stream closed right after connecting'));
      }
    });
    return this.connecting;
  }

  private markUnreachable(e: unknown): void {
    const { reason, tried, explicit } = reasonOf(e);
    const delay = Math.min(
      (this.opts.backoff?.initialMs ?? 500) * 2 ** this.attempt,
      this.opts.backoff?.maxMs ?? 15_000,
    );
    this.attempt++;
    const prev = this.feed.current.engine;
    const since = prev.state === 'unreachable' ? prev.since : Date.now();
    // Containers of an unreachable engine are unknown, not gone: keep none rather than stale ones.
    this.emit({
      engine: {
        state: 'unreachable',
        reason,
        tried,
        since,
        nextRetryAt: Date.now() + delay,
        ...(explicit ? { explicit } : {}),
      },
      containers: [],
      services: [],
      updatedAt: Date.now(),
    });
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connectNow();
    }, delay);
    this.retryTimer.unref?.();
  }

  private clearRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async openStream(engine: Engine): Promise<void> {
    const stream = await engine.events();
    if (this.disposed || this.current !== engine) {
      stream.destroy?.();
      return;
    }
    this.stream = stream;
    readEventStream(
      stream,
      (ev) => {
        this.opts.onEvent?.(ev);
        this.reads.kick();
        // Docker may list a just-started container before its port mappings: read once more when it settled.
        if (ev.kind === 'start') this.scheduleSettle();
      },
      () => {
        if (this.disposed || this.stream !== stream) return;
        this.lostConnection();
      },
    );
  }

  /** The stream broke or a read failed: reconnect at once (engine restarted) or fall back to retries. */
  private lostConnection(): void {
    this.dropConnection();
    if (this.connecting) this.lostWhileConnecting = true;
    else void this.connectNow();
  }

  private dropConnection(): void {
    const s = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    this.stream = undefined;
    s?.destroy?.();
    this.current?.close();
    this.current = undefined;
  }

  private scheduleRetryRead(): void {
    if (this.disposed || this.retryReadTimer) return;
    this.retryReadTimer = setTimeout(() => {
      this.retryReadTimer = undefined;
      void this.refresh();
    }, 1000);
  }

  private scheduleSettle(): void {
    if (this.disposed || this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      void this.refresh();
    }, 500);
    this.settleTimer.unref?.();
  }

  private backstop(): void {
    if (this.disposed) return;
    if (this.current) void this.refresh();
    else if (!this.retryTimer && !this.connecting) void this.connectNow();
  }

  private async readContainers(): Promise<void> {
    const engine = this.current;
    if (!engine) return;
    let all: Container[];
    try {
      // Inspect only service containers: health on Podman, start time, pid.
      all = await listEngineContainers(engine, (c) => serviceOf(c, this.config) !== undefined);
    } catch {
      if (this.current !== engine || this.disposed) return;
      // A list can fail on a race (Podman: a container removed mid-list) while the engine is fine.
      const alive = await engine.ping();
      if (this.current !== engine || this.disposed) return;
      if (alive) this.scheduleRetryRead();
      else this.lostConnection();
      return;
    }
    if (this.current !== engine || this.disposed) return;
    this.emit({
      engine: this.feed.current.engine,
      containers: all,
      services: serviceContainers(all, this.config),
      updatedAt: Date.now(),
    });
  }
}
