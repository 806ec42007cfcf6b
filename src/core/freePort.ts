// Next free port of a role's range: the lowest port of the range that no service holds.
import type { BerthConfig } from './types';
import { allocationsByPort, rangeOfRole } from './ownership';

export function nextFreePort(config: BerthConfig, role: string, exclude?: Set<number>): number | undefined {
  const range = rangeOfRole(config, role);
  if (!range) return undefined;
  const held = allocationsByPort(config);
  for (let p = range.from; p <= range.to; p++) {
    if (!held.has(p) && !exclude?.has(p)) return p;
  }
  return undefined;
}
