// The verdicts on a service's allocated ports, as berth.yaml declares them (roles, shared_with).
import type { BerthConfig, ServiceDef } from '../core/types';
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

/**
 * A service's host ports with their roles: its allocations, then the host ports of its kind config's
 * extraPortMappings that it does not allocate (role `kind:<nodePort>`).
 */
export function serviceHostPorts(def: ServiceDef): { role: string; port: number }[] {
  const out = def.ports.map((a) => ({ role: a.role, port: a.port }));
  for (const m of def.kind?.mappings ?? [])
    if (!out.some((p) => p.port === m.hostPort)) out.push({ role: `kind:${m.containerPort}`, port: m.hostPort });
  return out;
}

/** Every host port berth.yaml allocates (and its kind configs map), once, ascending (what the holder scan needs). */
export function allocatedPorts(config: BerthConfig | undefined): number[] {
  const ports = (config?.services ?? []).flatMap((s) => serviceHostPorts(s).map((p) => p.port));
  return [...new Set(ports)].sort((a, b) => a - b);
}

function classifyOne(
  config: BerthConfig,
  def: ServiceDef,
  a: { role: string; port: number },
  holders: PortHolder[],
  ev: Evidence,
): PortStatus {
  const verdict = judgePort(
    {
      port: a.port,
      service: def.name,
      holders,
      sharedWith: (other) => declaredShared(config, def.name, a.port, other),
      kindCluster: def.kind?.cluster,
    },
    ev,
  );
  return { role: a.role, ...verdict };
}

/** Status of every port the service allocates, in berth.yaml order, then the ones its kind config maps. */
export function classifyPorts(
  config: BerthConfig,
  service: string,
  holders: Map<number, PortHolder[]>,
  ev: Evidence,
): PortStatus[] {
  const def = config.services.find((s) => s.name === service);
  if (!def) return [];
  return serviceHostPorts(def).map((a) => classifyOne(config, def, a, holders.get(a.port) ?? [], ev));
}
