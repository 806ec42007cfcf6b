// Moves a step's next probe earlier when its container writes output: services say when they are ready
// ("ready to accept connections"), so the probe runs then instead of at the next backoff step, and the backoff
// itself can stay sparse (fewer execs competing with the service's own start-up). The probe alone decides
// readiness; output only wakes it. Without a log stream (it failed, or has not connected yet) it is a plain sleep.
import type { Engine } from '../engine/connection';
import type { LogFollow } from '../engine/connection';

export class OutputWake {
  private follow: LogFollow | undefined;
  private closed = false;
  /** Output came since the last sleep began. */
  private pending = false;
  private wake: (() => void) | undefined;

  constructor(engine: Engine, id: string) {
    void engine.followLogs(id, { tail: 0, onLine: () => this.poke() }).then(
      (f) => (this.closed ? f.stop() : (this.follow = f)),
      () => undefined, // no stream: the schedule alone
    );
  }

  /**
   * Waits `ms`, or only `minMs` when the container writes output before then (or wrote since the last wait).
   * Rejects with the signal's reason on abort.
   */
  sleep(ms: number, minMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error);
      const t0 = Date.now();
      let timer: NodeJS.Timeout;
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pending = false;
        signal.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = () => done(() => reject(signal.reason as Error));
      const shorten = () => {
        clearTimeout(timer);
        timer = setTimeout(() => done(resolve), Math.max(0, minMs - (Date.now() - t0)));
      };
      timer = setTimeout(() => done(resolve), ms);
      signal.addEventListener('abort', onAbort, { once: true });
      if (this.pending) shorten();
      else this.wake = () => ((this.wake = undefined), shorten());
    });
  }

  close(): void {
    this.closed = true;
    this.follow?.stop();
    this.follow = undefined;
    this.wake = undefined;
  }

  private poke(): void {
    this.pending = true;
    this.wake?.();
  }
}
