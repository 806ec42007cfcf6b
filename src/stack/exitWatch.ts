// A run's view of the engine's event stream: a one-shot's waiter wakes the moment the engine reports the
// container's exit (die), so its dependents start then instead of at the next poll. Only while the stream is
// connected do waiters rely on it; before it connects, or after it breaks, they poll (readiness.ts).
import type { Engine } from '../engine/connection';
import { readEventStream } from '../engine/events';

type Stream = Awaited<ReturnType<Engine['events']>>;

export class ExitWatch {
  private stream: Stream | undefined;
  private closed = false;
  /** Stop-type events (kill, die, stop, cleanup) seen per container id since the stream connected. */
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Set<() => void>();

  /** Connects in the background: nobody waits for the stream, waiters poll until it is there. */
  constructor(engine: Engine, connectTimeoutMs = 5000) {
    const timeout = new Promise<never>((_, reject) => {
      const t = setTimeout(() => reject(new Error('no event stream')), connectTimeoutMs);
      t.unref?.();
    });
    void Promise.race([engine.events(), timeout]).then(
      (stream) => {
        if (this.closed) return stream.destroy?.();
        this.stream = stream;
        readEventStream(
          stream,
          (ev) => {
            if (ev.kind !== 'stop' && ev.kind !== 'remove') return;
            this.counts.set(ev.id, (this.counts.get(ev.id) ?? 0) + 1);
            this.wakeAll();
          },
          () => {
            this.stream = undefined;
            this.wakeAll(); // waiters fall back to polling at once
          },
        );
      },
      () => undefined, // no stream: waiters keep polling
    );
  }

  get connected(): boolean {
    return !!this.stream;
  }

  /** How many exit-type events the container has had; pass it to `after` to wait for the next. */
  count(id: string): number {
    return this.counts.get(id) ?? 0;
  }

  /**
   * Resolves when the container has had more than `seen` exit-type events, when the stream breaks, or after
   * `maxMs` (a backstop: an event the engine never sent must not cost more than that).
   */
  after(id: string, seen: number, maxMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const check = () => {
        if (!this.stream || this.count(id) > seen) done();
      };
      const timer = setTimeout(done, maxMs);
      this.waiters.add(check);
      signal.addEventListener('abort', done, { once: true });
      check();
    });
  }

  close(): void {
    this.closed = true;
    const s = this.stream;
    this.stream = undefined;
    s?.destroy?.();
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const w of [...this.waiters]) w();
  }
}
