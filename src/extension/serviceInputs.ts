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

/**
 * Without the engine, a forwarder (docker-proxy, conmon, gvproxy …) cannot be told stale from serving, but a
 * plain process is foreign whatever the engine says, and a port nobody holds is free on this host.
 */
function withoutEngine(role: string, port: number, holders: PortHolder[]): PortRow {
  if (holders.length === 0) return { role, port, state: 'free', holders, detail: 'free' };
  const process = holders.find((h) => h.kind === 'process' && h.pid > 0);
  if (process) return { role, port, state: 'foreign', holders: [process, ...holders.filter((h) => h !== process)], detail: `held by pid ${process.pid} ${process.command}` };
  return { role, port, state: 'unknown', holders, detail: 'engine unreachable: cannot tell whether the forwarder still serves a container' };
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
      : service.ports.map((a) => withoutEngine(a.role, a.port, holders.get(a.port) ?? []));
    return { service, ports: rows, containers: containers?.filter((c) => c.service === service.name) };
  });
}
