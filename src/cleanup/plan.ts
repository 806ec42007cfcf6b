// Plan a cleanup of ONE service's host ports: gather (I/O), then decide (pure, in decide.ts).
import { buildPlan } from './decide';
import { gatherCleanupInputs, type GatherOptions } from './gather';
import type { CleanupPlan } from './model';

export type PlanOptions = GatherOptions;

export async function planCleanup(opts: PlanOptions): Promise<CleanupPlan> {
  return buildPlan(await gatherCleanupInputs(opts));
}

export { buildPlan, defaultSelection, servicePorts, UnknownServiceError } from './decide';
export type { CleanupInputs, GvproxyView } from './decide';
