// The verdicts on a service's allocated ports, as berth.yaml declares them (roles, shared_with).
import type { BerthConfig, PortAllocation } from '../core/types';
import type { PortHolder } from './holder';
import { judgePort, type Evidence, type PortVerdict } from './verdict';

export interface PortStatus extends PortVerdict {
  role: string;
}

/** Sharing is declared by either side: this allocation's shared_with, or the other service's for this port. */
export function declaredShared(config: BerthConfig, service: string, port: number, other: string): boolean {
  const mine = config.services.find((s) => s.name === service)?.ports.filter((p) => p.port === port) ?? [];
  if (mine.some((p) => p.sharedWith.includes(other))) return true;
  const theirs = config.services.find((s) => s.name === other)?.ports.filter((p) => p.port === port) ?? [];
  return theirs.some((p) => p.sharedWith.includes(service));
}

/** Every host port berth.yaml allocates, once, ascending (what the holder scan needs). */
export function allocatedPorts(config: BerthConfig | undefined): number[] {
  return [...new Set((config?.services ?? []).flatMap((s) => s.ports.map((p) => p.port)))].sort((a, b) => a - b);
}

function classifyOne(config: BerthConfig, a: PortAllocation, holders: PortHolder[], ev: Evidence): PortStatus {
  const verdict = judgePort(
    {
      port: a.port,
      service: a.service,
      holders,
      sharedWith: (other) => declaredShared(config, a.service, a.port, other),
      kindCluster: config.services.find((s) => s.name === a.service)?.kind?.cluster,
    },
    ev,
  );
  return { role: a.role, ...verdict };
}

/** Status of every port the service allocates, in berth.yaml order. */
export function classifyPorts(
  config: BerthConfig,
  service: string,
  holders: Map<number, PortHolder[]>,
  ev: Evidence,
): PortStatus[] {
  const def = config.services.find((s) => s.name === service);
  if (!def) return [];
  return def.ports.map((a) => classifyOne(config, a, holders.get(a.port) ?? [], ev));
}
