// Joins berth.yaml, the engine's containers and ONE host holder scan into the per-service input of
// the tree. The scan and the classifier are passed in (tests and benches can swap them).
import type { BerthConfig } from '../core/types';
import type { ContainerInfo } from '../engine/containers';
import type { KnownContainer, PortStatus } from '../host/classify';
import type { PortHolder } from '../host/holders';
import type { PortRow } from './tree/portNode';
import type { ServiceInput } from './tree/serviceNode';

export interface ScanDeps {
  scanHolders(ports: number[]): Promise<Map<number, PortHolder[]>>;
  classifyPorts(config: BerthConfig, service: string, holders: Map<number, PortHolder[]>, containers: KnownContainer[]): PortStatus[];
}

/** Every allocated host port once, ascending. */
export function allocatedPorts(config: BerthConfig): number[] {
  return [...new Set(config.services.flatMap((s) => s.ports.map((p) => p.port)))].sort((a, b) => a - b);
}

/**
 * containers undefined: the engine is unreachable. Ports then show only what the host scan saw,
 * unclassified: without the engine a docker-proxy cannot be told stale from serving.
 */
export async function serviceInputs(
  config: BerthConfig,
  containers: ContainerInfo[] | undefined,
  deps: ScanDeps,
  /** The engine's other containers (no service): a port they publish reads as foreign, not stale. */
  others: KnownContainer[] = [],
): Promise<ServiceInput[]> {
  const ports = allocatedPorts(config);
  const holders = ports.length ? await deps.scanHolders(ports) : new Map<number, PortHolder[]>();
  return config.services.map((service) => {
    const rows: PortRow[] = containers
      ? deps.classifyPorts(config, service.name, holders, [...containers, ...others])
      : service.ports.map((a) => ({ role: a.role, port: a.port, state: 'unknown' as const, holders: holders.get(a.port) ?? [], detail: 'engine unreachable: holders not classified' }));
    return { service, ports: rows, containers: containers?.filter((c) => c.service === service.name) };
  });
}
