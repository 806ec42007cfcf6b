// The stack's own network: created before the first step, removed with the stack once nothing is attached.
import type { Engine } from '../engine/connection';
import { berthLabels, instanceName, LABEL_SERVICE, LABEL_WORKER } from '../engine/labels';

/** `berth-<service>` for worker 1, `berth-<service>-w2` for worker 2's instance. */
export function networkName(service: string, worker = 1): string {
  return instanceName(`berth-${service.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}`, worker);
}

/** Creates the network unless it exists; true when it was created. */
export async function ensureNetwork(
  engine: Engine,
  name: string,
  service: string,
  runId: string,
  worker = 1,
): Promise<boolean> {
  if (await engine.network(name)) return false;
  await engine.createNetwork(name, berthLabels(service, '', runId, worker));
  return true;
}

/**
 * The names of one worker's labelled networks or volumes of a service (`list` is engine.networks or
 * engine.volumes): worker K's carry berth.worker=K, worker 1's none.
 */
export async function labelledOfWorker(
  list: (label: string) => Promise<string[]>,
  service: string,
  worker: number,
): Promise<string[]> {
  const all = await list(`${LABEL_SERVICE}=${service}`);
  const workers = new Set(await list(worker > 1 ? `${LABEL_WORKER}=${worker}` : LABEL_WORKER));
  return all.filter((n) => (worker > 1 ? workers.has(n) : !workers.has(n)));
}

/** Removes the network when nothing is attached; true when it was removed. Rejects when the engine refuses. */
export async function removeNetworkIfUnused(engine: Engine, name: string): Promise<boolean> {
  const n = await engine.network(name);
  if (!n || n.attached > 0) return false;
  return engine.removeNetwork(name);
}
