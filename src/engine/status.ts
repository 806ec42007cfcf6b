// The one model of "service → ports with state → containers" that `berth status` prints and the tree shows.
import type { BerthConfig } from '../core/types';
import { classifyPorts, KnownContainer, PortStatus } from '../host/classify';
import type { PortHolder } from '../host/holders';
import type { ContainerInfo } from './containers';
import type { EngineSnapshot, EngineStatus } from './state';

export type ServiceHealth = 'healthy' | 'starting' | 'unhealthy' | 'stopped' | 'conflict';

export interface ServiceStatus {
  name: string;
  health: ServiceHealth;
  /** Short description: "3/4 healthy · 1 port held by gvproxy". */
  summary: string;
  ports: PortStatus[];
  containers: ContainerInfo[];
  /** False for Berth-labelled containers of a service that berth.yaml no longer lists. */
  inConfig: boolean;
}

export interface StatusModel {
  engine: EngineStatus;
  services: ServiceStatus[];
  /** "3/5 services healthy" for a status bar. */
  healthyServices: number;
  /** Set when the holder scan failed (the ports then only show what the engine knows). */
  holderError?: string;
}

const CONFLICT: PortStatus['state'][] = ['foreign', 'other-service', 'stale'];

/** Every host port berth.yaml allocates (what the holder scan needs). */
export function allocatedPorts(config: BerthConfig | undefined): number[] {
  return [...new Set((config?.services ?? []).flatMap((s) => s.ports.map((p) => p.port)))].sort((a, b) => a - b);
}

function runOnceSteps(config: BerthConfig | undefined, service: string): Set<string> {
  const steps = config?.services.find((s) => s.name === service)?.stack?.steps ?? [];
  return new Set(steps.filter((s) => s.runOnce).map((s) => s.name));
}

function isHealthy(c: ContainerInfo): boolean {
  return c.state === 'running' && c.health !== 'unhealthy' && c.health !== 'starting';
}

function holderLabel(p: PortStatus): string {
  if (p.state === 'other-service') return p.container?.service ?? 'another service';
  const h = p.holders.find((x) => x.pid !== 0) ?? p.holders[0];
  if (p.state === 'stale') return `stale ${h?.kind ?? 'forward'}`;
  if (p.container) return p.container.name;
  return h && h.pid !== 0 ? h.command : 'another process';
}

function rollUp(containers: ContainerInfo[], ports: PortStatus[], done: Set<string>): { health: ServiceHealth; summary: string } {
  // One-shot steps that ran (migrations) are finished work, not stopped services.
  const counted = containers.filter((c) => !(c.step && done.has(c.step) && c.state === 'exited'));
  const running = counted.filter((c) => c.state === 'running');
  const healthy = counted.filter(isHealthy).length;
  const conflicts = ports.filter((p) => CONFLICT.includes(p.state));

  let health: ServiceHealth;
  if (conflicts.length > 0) health = 'conflict';
  else if (running.some((c) => c.health === 'unhealthy') || (running.length > 0 && counted.some((c) => c.state === 'exited' || c.state === 'dead'))) health = 'unhealthy';
  else if (counted.some((c) => c.health === 'starting' || c.state === 'created' || c.state === 'restarting')) health = 'starting';
  else if (running.length > 0) health = 'healthy';
  else health = 'stopped';

  const parts: string[] = [];
  if (counted.length > 0) parts.push(running.length === 0 ? 'stopped' : `${healthy}/${counted.length} healthy`);
  if (conflicts.length > 0) {
    const by = [...new Set(conflicts.map(holderLabel))];
    parts.push(`${conflicts.length} port${conflicts.length > 1 ? 's' : ''} held by ${by.join(', ')}`);
  }
  if (parts.length === 0) parts.push(ports.length > 0 && ports.every((p) => p.state === 'free') ? 'stopped · ports free' : 'stopped');
  return { health, summary: parts.join(' · ') };
}

/** Builds the model from berth.yaml, the engine snapshot and one holder scan of allocatedPorts(config). */
export function buildStatus(config: BerthConfig | undefined, snapshot: EngineSnapshot, holders: Map<number, PortHolder[]>, holderError?: string): StatusModel {
  const engineKnown = snapshot.engine.state === 'connected';
  const serviceById = new Map(snapshot.services.map((c) => [c.id, c.service]));
  const known: KnownContainer[] = snapshot.containers.map((c) => ({ ...c, service: serviceById.get(c.id) }));
  const names = [...(config?.services.map((s) => s.name) ?? [])];
  for (const c of snapshot.services) if (!names.includes(c.service)) names.push(c.service);

  const services = names.map((name): ServiceStatus => {
    const containers = snapshot.services.filter((c) => c.service === name);
    const ports = config ? classifyPorts(config, name, holders, known, { engineKnown }) : [];
    const { health, summary } = rollUp(containers, ports, runOnceSteps(config, name));
    return { name, health, summary, ports, containers, inConfig: !!config?.services.some((s) => s.name === name) };
  });
  return {
    engine: snapshot.engine,
    services,
    healthyServices: services.filter((s) => s.inConfig && s.health === 'healthy').length,
    holderError,
  };
}
