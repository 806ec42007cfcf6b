// Coalesces bursts of change signals (engine events, file saves, timer ticks) into one refresh at a
// time: a request during a run schedules exactly one more run after it. No vscode import.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class RefreshManager {
  private timer: unknown;
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly work: () => Promise<void>,
    private readonly onError: (e: unknown) => void,
    private readonly delayMs = 150,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Debounced: many requests within delayMs make one run. */
  request(): void {
    if (this.disposed) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.start();
    }, this.delayMs);
  }

  /** Runs now (or right after the current run) and resolves when the view reflects every request so far. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    void this.start();
    return done;
  }

  private async start(): Promise<void> {
    if (this.disposed) return this.release();
    if (this.running) {
      this.again = true;
      return;
    }
    const waiting = this.waiters;
    this.waiters = [];
    this.running = (async () => {
      try {
        await this.work();
      } catch (e) {
        this.onError(e);
      }
    })();
    await this.running;
    this.running = undefined;
    for (const w of waiting) w();
    if (this.again || this.waiters.length) {
      this.again = false;
      await this.start();
    }
  }

  private release(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.release();
  }
}
