// The stack's own network: created before the first step, removed with the stack once nothing is attached.
import type { Engine } from '../engine/connection';
import { berthLabels } from '../engine/labels';

export function networkName(service: string): string {
  return `berth-${service.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}`;
}

/** Creates the network unless it exists; true when it was created. */
export async function ensureNetwork(engine: Engine, name: string, service: string, runId: string): Promise<boolean> {
  if (await engine.network(name)) return false;
  await engine.createNetwork(name, berthLabels(service, '', runId));
  return true;
}

/** Removes the network when nothing is attached; true when it was removed. Rejects when the engine refuses. */
export async function removeNetworkIfUnused(engine: Engine, name: string): Promise<boolean> {
  const n = await engine.network(name);
  if (!n || n.attached > 0) return false;
  return engine.removeNetwork(name);
}
