// Debounces analysis per document. A newer request for the same key replaces the pending one, so a burst of
// keystrokes costs one analysis; a run that finishes after a newer request was made is reported as stale.
export interface ScheduledRun {
  /** True when a newer request for the same key arrived after this run started (its result is outdated). */
  readonly superseded: boolean;
}

export class AnalysisScheduler<K> {
  private readonly timers = new Map<K, NodeJS.Timeout>();
  private readonly generation = new Map<K, number>();

  constructor(
    private readonly delayMs: number,
    private readonly onError: (key: K, error: unknown) => void,
  ) {}

  schedule(key: K, task: (run: ScheduledRun) => void | Promise<void>, delayMs = this.delayMs): void {
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen);
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      const isCurrent = () => this.generation.get(key) === gen;
      const run: ScheduledRun = {
        get superseded() {
          return !isCurrent();
        },
      };
      try {
        const result = task(run);
        if (result instanceof Promise) result.catch((e: unknown) => this.onError(key, e));
      } catch (e) {
        this.onError(key, e);
      }
    }, delayMs);
    this.timers.set(key, timer);
  }

  /** Drops the pending run for key (the document was closed) and marks a running one as superseded. */
  cancel(key: K): void {
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
  }

  isPending(key: K): boolean {
    return this.timers.has(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
