// Port leases: the ports `berth run` (or `berth env --lease`) hands to a test process, recorded as one lock per port
// under the user's cache folder and checked free on the host first. Two runs of the same worker never get the same
// ports: the second waits (or fails) naming the first. A busy port is reported with its holder, never swapped for
// another one.
import { describeHolders } from '../model/holderText';
import type { PortHolder } from '../model/holder';
import { scanHolders } from './holders';
import { acquireLock, describeLockHolder, LockBusyError, type Lock, type LockOptions, type LockOwner } from './locks';

export interface PortLease {
  ports: number[];
  release(): Promise<void>;
}

export class PortBusyError extends Error {
  override name = 'PortBusyError';
  constructor(readonly busy: { port: number; holders: PortHolder[] }[]) {
    super(busy.map((b) => `port ${b.port} is in use by ${describeHolders(b.holders)}`).join('; '));
  }
}

export interface LeaseOptions extends Omit<LockOptions, 'onWait'> {
  /** Called once per port found leased by another live process, before waiting for it. */
  onWait?: (port: number, holder: LockOwner) => void;
  /**
   * Check on the host (the holder scan: every socket on 0.0.0.0, 127.0.0.1, ::, ::1 and any other address) that
   * each port is free; default true. A stack that publishes the ports itself leaves this to its preflight.
   */
  checkFree?: boolean;
  /** The holder scan (tests may pass another); default the host's. */
  scan?: (ports: number[]) => Promise<Map<number, PortHolder[]>>;
}

export function portLockName(port: number): string {
  return `port-${port}`;
}

/**
 * Leases the ports: takes each port's lock in ascending order (so two callers wanting overlapping sets cannot
 * deadlock), then checks them free. Throws LockBusyError (wait: false), PortBusyError, or the abort reason;
 * whatever was taken is given back first.
 */
export async function leasePorts(ports: number[], opts: LeaseOptions): Promise<PortLease> {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const locks: Lock[] = [];
  const release = async () => {
    await Promise.all(locks.splice(0).map((l) => l.release()));
  };
  try {
    for (const port of sorted) {
      try {
        locks.push(await acquireLock(portLockName(port), { ...opts, onWait: (h) => opts.onWait?.(port, h) }));
      } catch (e) {
        if (e instanceof LockBusyError)
          throw new LockBusyError(e.lockName, e.holder, describeLockHolder(`port ${port}`, e.holder));
        throw e;
      }
    }
    if (opts.checkFree !== false) {
      const holders = await (opts.scan ?? scanHolders)(sorted);
      const busy = sorted.map((port) => ({ port, holders: holders.get(port) ?? [] })).filter((b) => b.holders.length);
      if (busy.length) throw new PortBusyError(busy);
    }
  } catch (e) {
    await release();
    throw e;
  }
  return { ports: sorted, release };
}
