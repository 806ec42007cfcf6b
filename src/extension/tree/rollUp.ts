// A service's health at a glance: one state, an icon and a short description such as
// "3/4 healthy · 1 port held by gvproxy".
import type { ContainerInfo } from '../../engine/containers';
import type { ServiceDef } from '../../core/types';
import { holderProgram } from './holderText';
import { colors, Health, IconSpec } from './node';
import { isConflict, PortRow } from './portNode';

export type { Health };

export interface RollUp {
  health: Health;
  /** Containers that count (one-shot steps that ran to the end do not). */
  total: number;
  ready: number;
  starting: number;
  unhealthy: number;
  running: number;
  conflicts: PortRow[];
  description: string;
  icon: IconSpec;
}

const icons: Record<Health, IconSpec> = {
  healthy: { id: 'pass', color: colors.ok },
  starting: { id: 'sync~spin', color: colors.pending },
  unhealthy: { id: 'error', color: colors.error },
  conflict: { id: 'warning', color: colors.warning },
  stopped: { id: 'circle-slash', color: colors.off },
  idle: { id: 'circle-large-outline', color: colors.off },
  unknown: { id: 'question', color: colors.off },
};

/** A `run: once` step's container (migrations): exiting is its job. */
export function isOneShot(service: ServiceDef, c: Pick<ContainerInfo, 'step'>): boolean {
  if (!c.step) return false;
  return service.stack?.steps.some((s) => s.name === c.step && (s.runOnce || s.ready?.kind === 'once')) ?? false;
}

function isCompletedOneShot(service: ServiceDef, c: ContainerInfo): boolean {
  return c.state === 'exited' && isOneShot(service, c);
}

/** Who holds the conflicting ports, in a few words. */
function conflictText(conflicts: PortRow[]): string {
  const who = conflicts.map((r) => {
    if (r.state === 'other-service' && r.container?.service) return r.container.service;
    const h = r.holders[0];
    if (!h) return 'another process';
    return h.kind === 'process' ? holderProgram(h).split(' ')[0] : h.kind;
  });
  const same = who.every((w) => w === who[0]);
  const n = conflicts.length;
  return `${n} port${n === 1 ? '' : 's'} held${same ? ` by ${who[0]}` : ''}`;
}

/**
 * containers undefined: the engine is unreachable, so only the host scan is known.
 * Precedence: unhealthy > port conflict > starting > healthy > stopped > not running.
 */
export function rollUp(service: ServiceDef, ports: PortRow[], containers: ContainerInfo[] | undefined): RollUp {
  const conflicts = ports.filter(isConflict);
  const counted = (containers ?? []).filter((c) => !isCompletedOneShot(service, c));
  const running = counted.filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused').length;
  const ready = counted.filter((c) => c.state === 'running' && c.health !== 'starting' && c.health !== 'unhealthy').length;
  const starting = counted.filter((c) => (c.state === 'running' && c.health === 'starting') || c.state === 'restarting').length;
  const unhealthyCount = counted.filter((c) => (c.state === 'running' && c.health === 'unhealthy') || c.state === 'dead').length;
  const total = counted.length;
  // A member that went down while others run is a failure of the stack, not a stop.
  const downAmongRunning = running > 0 && ready + starting < total;

  let health: Health;
  if (unhealthyCount > 0 || downAmongRunning) health = 'unhealthy';
  else if (conflicts.length > 0) health = 'conflict';
  else if (containers === undefined) health = 'unknown';
  else if (starting > 0) health = 'starting';
  else if (total > 0 && ready === total) health = 'healthy';
  else if (total > 0) health = 'stopped';
  else health = 'idle';

  const parts: string[] = [];
  if (containers === undefined) parts.push('engine unreachable');
  else if (total === 0) parts.push(service.stack ? 'not running' : 'no stack');
  else if (running === 0) parts.push('stopped');
  else {
    parts.push(`${ready}/${total} healthy`);
    if (starting) parts.push(`${starting} starting`);
  }
  if (conflicts.length) parts.push(conflictText(conflicts));

  return { health, total, ready, starting, unhealthy: unhealthyCount, running, conflicts, description: parts.join(' · '), icon: icons[health] };
}
