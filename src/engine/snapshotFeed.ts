// The store's latest snapshot and who is told when it changes: listeners hear only real changes
// (timestamps alone are not one), and waitFor resolves on the first snapshot that satisfies a predicate.
import type { EngineSnapshot } from './snapshot';

export interface Disposable {
  dispose(): void;
}

export type SnapshotListener = (s: EngineSnapshot) => void;

export class SnapshotFeed {
  private state: EngineSnapshot = { engine: { state: 'connecting' }, containers: [], services: [], updatedAt: 0 };
  private signature = '';
  private readonly listeners = new Set<SnapshotListener>();

  get current(): EngineSnapshot {
    return this.state;
  }

  onDidChange(listener: SnapshotListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Resolves with the first snapshot (current or future) that satisfies `predicate`; rejects after timeoutMs. */
  waitFor(predicate: (s: EngineSnapshot) => boolean, timeoutMs: number, what: string): Promise<EngineSnapshot> {
    if (predicate(this.state)) return Promise.resolve(this.state);
    return new Promise((resolve, reject) => {
      const sub = this.onDidChange((s) => {
        if (!predicate(s)) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(s);
      });
      const timer = setTimeout(() => {
        sub.dispose();
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; last state: ${JSON.stringify(this.state.engine)}`,
          ),
        );
      }, timeoutMs);
    });
  }

  emit(next: EngineSnapshot): void {
    this.state = next;
    // Timestamps alone are not a change worth redrawing a tree for.
    const sig = JSON.stringify([
      next.engine.state === 'unreachable' ? { ...next.engine, since: 0, nextRetryAt: 0 } : next.engine,
      next.containers,
      next.services,
    ]);
    if (sig === this.signature) return;
    this.signature = sig;
    for (const l of [...this.listeners]) {
      try {
        l(next);
      } catch {
        // A listener's bug must not stop the others or the store.
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
