// When the state store re-reads the engine. No fixed debounce: a single event is read at once (at the end of
// the event-loop turn that delivered it), and a burst is coalesced because events arriving while a read runs
// ask for exactly one more read after it, not one each.

export class RefreshQueue {
  private running: Promise<void> | undefined;
  private again = false;
  private pending: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private disposed = false;

  /** `windowMs` > 0 holds the first read of a burst that long (a window opened by its first event). */
  constructor(
    private readonly read: () => Promise<void>,
    private readonly windowMs = 0,
  ) {}

  /** Reads now, or once more right after the read already running (which the returned promise covers). */
  run(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.read();
        } while (this.again && !this.disposed);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** An event arrived: read at the end of this turn (or after the window); more events before then share it. */
  kick(): void {
    if (this.disposed || this.pending) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const fire = () => {
      this.pending = undefined;
      void this.run();
    };
    this.pending = this.windowMs > 0 ? setTimeout(fire, this.windowMs) : setImmediate(fire);
  }

  dispose(): void {
    this.disposed = true;
    if (this.pending) {
      clearTimeout(this.pending as NodeJS.Timeout);
      clearImmediate(this.pending as NodeJS.Immediate);
    }
    this.pending = undefined;
  }
}
