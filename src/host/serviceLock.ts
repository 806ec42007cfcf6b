// The lock of one service (one worker of it): held by the process that starts, stops, cleans or runs its stack,
// shared by the CLI and the editor (a file under the user's cache folder, see ./locks). A second caller waits with
// a message naming the holder (`workflowexecution is being started by pid 4242 (berth up); waiting…`) or fails at
// once. Nested work of the same holder (berth run → its start and stop) runs inside the lock it already holds;
// another task of the same process (a second Start in the editor) waits like any other caller.
import { AsyncLocalStorage } from 'node:async_hooks';
import { LABEL_RUN } from '../engine/labels';
import type { Container } from '../model/container';
import type { InterruptedRun } from '../model/interrupted';
import { acquireLock, LockBusyError, peekLock, type LockOptions, type LockOwner } from './locks';

export { describeInterrupted } from '../model/interrupted';

export type ServiceAction = 'start' | 'stop' | 'clean' | 'run';

const BEING: Record<string, string> = {
  start: 'being started',
  stop: 'being stopped',
  clean: 'being cleaned',
};

/** The lock of a worker of a service (worker 1 until stacks exist per worker). */
export function serviceLockName(service: string, worker = 1): string {
  return `service-${service}-w${worker}`;
}

/** `we is being started by pid 4242 (berth up) since 10:02:03`; a run: `we worker 1 is held by pid …`. */
export function describeServiceHolder(label: string, holder: LockOwner): string {
  const since = holder.since ? ` since ${holder.since.slice(11, 19)}` : '';
  const how = holder.action && BEING[holder.action] ? `${BEING[holder.action]} by` : 'held by';
  return `${label} is ${how} pid ${holder.pid} (${holder.what})${since}`;
}

export interface ServiceLockOptions extends Omit<LockOptions, 'onWait' | 'action' | 'forPid'> {
  service: string;
  worker?: number;
  action: ServiceAction;
  /** How waiters name the service: the service, or `<service> worker N`. */
  label?: string;
  /** Called once, with the message, when another holder makes this caller wait. */
  onWait?: (message: string, holder: LockOwner) => void;
}

export interface HeldServiceLock {
  /** A holder that died with the lock (kill -9 mid-up): its half-made stack is this caller's to adopt or remove. */
  reclaimed?: LockOwner;
  /** True when this task already held it (berth run's start): nothing was taken. */
  nested: boolean;
}

/** The service locks the current task holds (inherited by what it awaits). */
const heldByTask = new AsyncLocalStorage<ReadonlySet<string>>();

/** Runs fn holding the service's lock. Throws LockBusyError (wait: false) or the abort reason, worded for users. */
export async function withServiceLock<T>(
  opts: ServiceLockOptions,
  fn: (held: HeldServiceLock) => Promise<T>,
): Promise<T> {
  const name = serviceLockName(opts.service, opts.worker);
  const mine = heldByTask.getStore();
  if (mine?.has(name)) return fn({ nested: true });
  const label = opts.label ?? opts.service;
  let lock;
  try {
    lock = await acquireLock(name, {
      ...opts,
      onWait: (h) => opts.onWait?.(describeServiceHolder(label, h), h),
    });
  } catch (e) {
    if (e instanceof LockBusyError) throw new LockBusyError(name, e.holder, describeServiceHolder(label, e.holder));
    throw e;
  }
  try {
    return await heldByTask.run(new Set([...(mine ?? []), name]), () =>
      fn({ nested: false, ...(lock.reclaimed ? { reclaimed: lock.reclaimed } : {}) }),
    );
  } finally {
    await lock.release();
  }
}

/**
 * A stale lock left by a holder that died while starting (or running) the service: the run it was making is
 * "interrupted" until the next up adopts it or a clean removes it. undefined when nobody died holding it.
 */
export async function interruptedRun(service: string, worker = 1, dir?: string): Promise<InterruptedRun | undefined> {
  const seen = await peekLock(serviceLockName(service, worker), dir);
  if (!seen || seen.alive || !seen.owner.run) return undefined;
  const { pid, what, since, run } = seen.owner;
  return { pid, what, since, run };
}

/**
 * The interrupted runs of these services that left something behind: a container with the run's label (any
 * stale run lock while the containers are unknown, the engine unreachable).
 */
export async function interruptedRuns(
  services: string[],
  containers: Pick<Container, 'labels'>[] | undefined,
  dir?: string,
): Promise<Map<string, InterruptedRun>> {
  const out = new Map<string, InterruptedRun>();
  await Promise.all(
    services.map(async (s) => {
      const r = await interruptedRun(s, 1, dir).catch(() => undefined);
      if (r && (!containers || containers.some((c) => c.labels[LABEL_RUN] === r.run))) out.set(s, r);
    }),
  );
  return out;
}
