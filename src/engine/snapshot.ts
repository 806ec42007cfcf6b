// What Berth knows about the engine at one moment (the tree, the status bar and `berth status` render it), and
// one read of it without a live store (the CLI).
import { errorText } from '../core/errorText';
import type { BerthConfig } from '../core/types';
import { Attempt, connectEngine, Engine, EngineUnreachableError } from './connection';
import type { Container, ServiceContainer } from '../model/container';
import { listEngineContainers, serviceContainers, serviceOf } from './containers';

export type EngineStatus =
  | { state: 'connecting' }
  | ({ state: 'connected' } & Pick<
      Engine,
      'kind' | 'version' | 'apiVersion' | 'socket' | 'source' | 'skipped' | 'host'
    >)
  | {
      state: 'unreachable';
      /** One line for the user: what failed. */
      reason: string;
      /** The engine was named (setting, --host, DOCKER_HOST, a context): no other one was tried. */
      explicit?: boolean;
      /** Every endpoint tried, in order. */
      tried: Attempt[];
      /** When the engine was first seen unreachable (ms since epoch). */
      since: number;
      /** When the next attempt is due, if one is scheduled. */
      nextRetryAt?: number;
    };

export function connected(engine: Engine): EngineStatus {
  return {
    state: 'connected',
    kind: engine.kind,
    version: engine.version,
    apiVersion: engine.apiVersion,
    socket: engine.socket,
    source: engine.source,
    skipped: engine.skipped,
    host: engine.host,
  };
}

export interface EngineSnapshot {
  engine: EngineStatus;
  /** Every container the engine has (the holder classifier names foreign containers from these). */
  containers: Container[];
  /** Containers of berth.yaml services, and Berth-labelled leftovers of services no longer listed. */
  services: ServiceContainer[];
  /** When the containers were last read (ms since epoch); 0 before the first read. */
  updatedAt: number;
}

export function reasonOf(e: unknown): { reason: string; tried: Attempt[]; explicit?: boolean } {
  if (e instanceof EngineUnreachableError) {
    const t = e.tried;
    // A named engine is the only one tried: its own error is the reason.
    if (t.length === 1)
      return { reason: `${t[0].target}: ${t[0].error}`, tried: t, ...(e.explicit ? { explicit: true } : {}) };
    const answered = t.filter((x) => x.error !== 'no such socket');
    if (answered.length === 1) return { reason: `${answered[0].target}: ${answered[0].error}`, tried: t };
    return { reason: `no container engine found (${t.length} endpoints tried)`, tried: t };
  }
  return { reason: errorText(e), tried: [] };
}

/** One read of the engine without a live store (the CLI): connected with its containers, or unreachable with what was tried. */
export async function readSnapshot(
  config: BerthConfig | undefined,
  connect: () => Promise<Engine> = () => connectEngine(),
): Promise<EngineSnapshot> {
  let engine: Engine;
  try {
    engine = await connect();
  } catch (e) {
    const { reason, tried, explicit } = reasonOf(e);
    return {
      engine: { state: 'unreachable', reason, tried, since: Date.now(), ...(explicit ? { explicit } : {}) },
      containers: [],
      services: [],
      updatedAt: Date.now(),
    };
  }
  try {
    const all = await listEngineContainers(engine, (c) => serviceOf(c, config) !== undefined);
    return {
      engine: connected(engine),
      containers: all,
      services: serviceContainers(all, config),
      updatedAt: Date.now(),
    };
  } catch (e) {
    const { reason } = reasonOf(e);
    return {
      engine: { state: 'unreachable', reason: `${engine.socket}: ${reason}`, tried: [], since: Date.now() },
      containers: [],
      services: [],
      updatedAt: Date.now(),
    };
  } finally {
    engine.close();
  }
}
