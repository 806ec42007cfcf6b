// Podman without systemd never runs a container's HEALTHCHECK, so its health would read "starting" forever.
// Berth runs the checks the way the engine would: at each container's own interval (its HEALTHCHECK, else the
// image's, else the engine's default 30 s), through the engine's healthcheck endpoint, one at a time per container
// (each check is an exec with its own conmon: a fixed, faster rhythm piles them up). Before each check it reads the
// container's health log: a check it did not run (systemd's timers where Podman has them, `podman healthcheck
// run`, a readiness probe) moves the next one to a full interval after it, so where the engine runs the checks
// itself Berth runs none.
import type { Engine } from './connection';

/** Podman's and Docker's default HEALTHCHECK interval. */
export const DEFAULT_HEALTH_INTERVAL_MS = 30_000;

export interface HealthScheduleOptions {
  /** The engine to check on (checks run only while it is Podman). */
  engine: () => Engine | undefined;
  /** Ids of the running containers that have a HEALTHCHECK (the store's service containers). */
  targets: () => string[];
  /** Never check a container more often than this, whatever its interval says. */
  minIntervalMs?: number;
  /** After a check Berth ran: the store re-reads, so the tree shows its result. */
  onChecked: (id: string) => void;
}

interface Slot {
  dueAt: number;
  busy: boolean;
  /** When Berth's last check of it started and ended. */
  ranFrom?: number;
  ranTo?: number;
}

/** Where the next check of a container falls, from what its health log says (pure; see the module comment). */
export function nextCheck(
  now: number,
  intervalMs: number,
  lastHealthAt: number | undefined,
  ours: { from?: number; to?: number },
): { runNow: boolean; dueAt: number; foreign: boolean } {
  // A check that started outside Berth's own last one (with a second of slack for the engine's clock).
  const foreign =
    lastHealthAt !== undefined &&
    (ours.from === undefined || lastHealthAt < ours.from - 1000 || lastHealthAt > (ours.to ?? ours.from) + 1000);
  if (lastHealthAt !== undefined && now < lastHealthAt + intervalMs)
    return { runNow: false, dueAt: lastHealthAt + intervalMs, foreign };
  return { runNow: true, dueAt: now + intervalMs, foreign };
}

export class HealthSchedule {
  private readonly slots = new Map<string, Slot>();
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** Checks Berth ran, and checks it found someone else had run (benches and tests read them). */
  readonly counts = { ran: 0, foreign: 0 };

  constructor(private readonly opts: HealthScheduleOptions) {}

  start(): void {
    this.arm(0);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private arm(delayMs: number): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), Math.max(0, delayMs));
    this.timer.unref?.();
  }

  private tick(): void {
    const engine = this.opts.engine();
    const ids = engine?.kind === 'podman' ? this.opts.targets() : [];
    for (const id of [...this.slots.keys()]) if (!ids.includes(id)) this.slots.delete(id);
    const now = Date.now();
    for (const id of ids) {
      let slot = this.slots.get(id);
      if (!slot) this.slots.set(id, (slot = { dueAt: now, busy: false }));
      if (!slot.busy && slot.dueAt <= now) void this.check(engine!, id, slot);
    }
    // New containers are noticed within a second; otherwise sleep until the earliest due check.
    const next = Math.min(now + 1000, ...[...this.slots.values()].filter((s) => !s.busy).map((s) => s.dueAt));
    this.arm(next - now);
  }

  private async check(engine: Engine, id: string, slot: Slot): Promise<void> {
    slot.busy = true;
    try {
      const d = await engine.inspect(id);
      if (!d || !d.running || !d.hasHealthcheck) {
        slot.dueAt = Date.now() + 5000;
        return;
      }
      const interval = Math.max(this.opts.minIntervalMs ?? 0, d.healthIntervalMs ?? DEFAULT_HEALTH_INTERVAL_MS);
      const plan = nextCheck(Date.now(), interval, d.lastHealthAt, { from: slot.ranFrom, to: slot.ranTo });
      if (plan.foreign) this.counts.foreign++;
      slot.dueAt = plan.dueAt;
      if (!plan.runNow) return;
      slot.ranFrom = Date.now();
      await engine.healthcheck(id);
      slot.ranTo = Date.now();
      slot.dueAt = slot.ranFrom + interval;
      this.counts.ran++;
      this.opts.onChecked(id);
    } catch {
      // Gone meanwhile, or the engine hiccuped: try again in a while; the store's refresh shows a removal.
      slot.dueAt = Date.now() + 5000;
    } finally {
      slot.busy = false;
      this.arm(0); // the next tick sleeps until the earliest due check of any container
    }
  }
}
