// Next free port of a role's range: the lowest port of the range that no service holds; for a block of `workers: N`
// ports, the lowest start of N consecutive ports that lie in the range and that no other allocation holds.
import type { BerthConfig, PortAllocation } from './types';
import { allocationsByPort, rangeOfRole } from './ownership';

export function nextFreePort(
  config: BerthConfig,
  role: string,
  exclude?: Set<number>,
  block: { size: number; moving?: PortAllocation } = { size: 1 },
): number | undefined {
  const range = rangeOfRole(config, role);
  if (!range) return undefined;
  const held = allocationsByPort(config);
  const free = (p: number) =>
    !exclude?.has(p) && (held.get(p) ?? []).every((a) => block.moving !== undefined && a === block.moving);
  for (let p = range.from; p + block.size - 1 <= range.to; p++) {
    let run = 0;
    while (run < block.size && free(p + run)) run++;
    if (run === block.size) return p;
    p += run; // the port at p + run is taken: no run of the size can start before it
  }
  return undefined;
}
