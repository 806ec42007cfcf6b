// The one model of "service → ports with state → containers" that `berth status` prints and the tree shows:
// the port classification, the containers' wording and the health roll-up are decided here; the CLI and
// the tree only lay them out (columns; icons and colors).
import type { BerthConfig, ServiceDef } from '../core/types';
import { classifyPorts, isConflict, KnownContainer, PortStatus } from '../host/classify';
import { PortHolder, scanHolders } from '../host/holders';
import type { ContainerInfo } from './containers';
import type { EngineSnapshot, EngineStatus } from './state';

/** In precedence order: unhealthy > conflict > unknown (no engine) > starting > healthy > stopped > idle. */
export type ServiceHealth = 'unhealthy' | 'conflict' | 'unknown' | 'starting' | 'healthy' | 'stopped' | 'idle';

export interface ContainerStatus extends ContainerInfo {
  /** A `run: once` step (migrations): exiting is its job. */
  oneShot: boolean;
  /** "running · healthy", "exited", "completed · one-shot", "failed (exit 3) · one-shot". */
  summary: string;
}

export interface ServiceStatus {
  name: string;
  health: ServiceHealth;
  /** Short description: "3/4 healthy · 1 port held by gvproxy", "not running", "engine unreachable". */
  summary: string;
  /** Containers that count (one-shot steps that completed do not). */
  total: number;
  ready: number;
  starting: number;
  unhealthy: number;
  /** Running, restarting or paused. */
  running: number;
  /** Ports in a conflicting state (stale, foreign, other-service). */
  conflicts: number;
  ports: PortStatus[];
  /** undefined while the engine is not connected: nothing is known about containers then. */
  containers: ContainerStatus[] | undefined;
  /** False for Berth-labelled containers of a service that berth.yaml no longer lists. */
  inConfig: boolean;
}

export interface StatusModel {
  engine: EngineStatus;
  services: ServiceStatus[];
  /** berth.yaml services whose roll-up is healthy. */
  healthyServices: number;
  /** Set when the holder scan failed (the ports then only show what the engine knows). */
  holderError?: string;
}

/** Every host port berth.yaml allocates, once, ascending (what the holder scan needs). */
export function allocatedPorts(config: BerthConfig | undefined): number[] {
  return [...new Set((config?.services ?? []).flatMap((s) => s.ports.map((p) => p.port)))].sort((a, b) => a - b);
}

/** ONE holder scan of every allocated port. A failed scan is reported, not thrown: the engine's view still stands. */
export async function scanAllocated(
  config: BerthConfig | undefined,
  scan: (ports: number[]) => Promise<Map<number, PortHolder[]>> = scanHolders,
): Promise<{ holders: Map<number, PortHolder[]>; error?: string }> {
  const ports = allocatedPorts(config);
  if (ports.length === 0) return { holders: new Map() };
  try {
    return { holders: await scan(ports) };
  } catch (e) {
    return { holders: new Map(), error: e instanceof Error ? e.message : String(e) };
  }
}

/** A `run: once` step's container (migrations). */
export function isOneShot(def: ServiceDef | undefined, c: Pick<ContainerInfo, 'step'>): boolean {
  if (!c.step) return false;
  return def?.stack?.steps.some((s) => s.name === c.step && (s.runOnce || s.ready?.kind === 'once')) ?? false;
}

/** An exited one-shot with a non-zero exit code. An unknown code is given the benefit of the doubt. */
function failedOneShot(c: ContainerInfo, oneShot: boolean): boolean {
  return oneShot && c.state === 'exited' && c.exitCode !== undefined && c.exitCode !== 0;
}

function completedOneShot(c: ContainerInfo, oneShot: boolean): boolean {
  return oneShot && c.state === 'exited' && !failedOneShot(c, oneShot);
}

/**
 * The container's state in words. Health only while running: an exited container keeps the engine's last
 * verdict (an exited one-shot whose image has a HEALTHCHECK reads "unhealthy"), which says nothing any more.
 */
export function containerSummary(c: ContainerInfo, oneShot: boolean): string {
  if (oneShot && c.state === 'exited') {
    const outcome =
      c.exitCode === undefined ? 'exited' : c.exitCode === 0 ? 'completed' : `failed (exit ${c.exitCode})`;
    return `${outcome} · one-shot`;
  }
  return [c.state, c.state === 'running' ? c.health : undefined, oneShot ? 'one-shot' : undefined]
    .filter(Boolean)
    .join(' · ');
}

function holderName(h: PortHolder): string {
  if (h.kind !== 'process') return h.kind;
  if (h.pid === 0) return 'another process';
  return (h.cmdline[0] ?? h.command).split(/[\\/]/).pop() || h.command;
}

/** Who holds the conflicting ports, in a few words: "1 port held by gvproxy", "2 ports held". */
function conflictText(conflicts: PortStatus[]): string {
  const who = conflicts.map((p) => {
    if (p.state === 'other-service' && p.container?.service) return p.container.service;
    if (p.state === 'foreign' && p.container) return p.container.name;
    const h = p.holders.find((x) => x.pid !== 0) ?? p.holders[0];
    return h ? holderName(h) : 'another process';
  });
  const n = conflicts.length;
  return `${n} port${n === 1 ? '' : 's'} held${who.every((w) => w === who[0]) ? ` by ${who[0]}` : ''}`;
}

/**
 * One service's roll-up. containers undefined: the engine is not connected (`unknown` says why).
 * A failed one-shot step makes the service unhealthy; a completed one is finished work and does not count.
 */
export function serviceStatus(
  name: string,
  def: ServiceDef | undefined,
  ports: PortStatus[],
  containers: ContainerInfo[] | undefined,
  unknown = 'engine unreachable',
): ServiceStatus {
  const shown = containers?.map((c): ContainerStatus => {
    const oneShot = isOneShot(def, c);
    return { ...c, oneShot, summary: containerSummary(c, oneShot) };
  });
  const conflicts = ports.filter(isConflict);
  const counted = (shown ?? []).filter((c) => !completedOneShot(c, c.oneShot));
  const failed = counted.filter((c) => failedOneShot(c, c.oneShot));
  const running = counted.filter(
    (c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused',
  ).length;
  const ready = counted.filter(
    (c) => c.state === 'running' && c.health !== 'starting' && c.health !== 'unhealthy',
  ).length;
  const starting = counted.filter(
    (c) => (c.state === 'running' && c.health === 'starting') || c.state === 'restarting',
  ).length;
  const unhealthy =
    counted.filter((c) => (c.state === 'running' && c.health === 'unhealthy') || c.state === 'dead').length +
    failed.length;
  const total = counted.length;
  // A member that went down while others run is a failure of the stack, not a stop.
  const downAmongRunning = running > 0 && ready + starting < total;

  let health: ServiceHealth;
  if (unhealthy > 0 || downAmongRunning) health = 'unhealthy';
  else if (conflicts.length > 0) health = 'conflict';
  else if (shown === undefined) health = 'unknown';
  else if (starting > 0) health = 'starting';
  else if (total > 0 && ready === total) health = 'healthy';
  else if (total > 0) health = 'stopped';
  else health = 'idle';

  const parts: string[] = [];
  if (shown === undefined) parts.push(unknown);
  else if (total === 0) parts.push(def && !def.stack ? 'no stack' : 'not running');
  else if (running === 0) parts.push('stopped');
  else {
    parts.push(`${ready}/${total} healthy`);
    if (starting) parts.push(`${starting} starting`);
  }
  for (const c of failed) parts.push(`${c.step ?? c.name} failed (exit ${c.exitCode})`);
  if (conflicts.length) parts.push(conflictText(conflicts));

  return {
    name,
    health,
    summary: parts.join(' · '),
    total,
    ready,
    starting,
    unhealthy,
    running,
    conflicts: conflicts.length,
    ports,
    containers: shown,
    inConfig: def !== undefined,
  };
}

/** Why nothing is known about containers, when the engine is not connected. */
export function containersUnknown(engine: EngineStatus['state']): string {
  return engine === 'connecting' ? 'connecting to the engine' : 'engine unreachable';
}

/** Builds the model from berth.yaml, the engine snapshot and one holder scan of allocatedPorts(config). */
export function buildStatus(
  config: BerthConfig | undefined,
  snapshot: EngineSnapshot,
  holders: Map<number, PortHolder[]>,
  holderError?: string,
): StatusModel {
  const engineKnown = snapshot.engine.state === 'connected';
  const unknown = containersUnknown(snapshot.engine.state);
  const serviceById = new Map(snapshot.services.map((c) => [c.id, c.service]));
  const known: KnownContainer[] = snapshot.containers.map((c) => ({ ...c, service: serviceById.get(c.id) }));
  const names = [...(config?.services.map((s) => s.name) ?? [])];
  if (engineKnown) for (const c of snapshot.services) if (!names.includes(c.service)) names.push(c.service);

  const services = names.map((name) => {
    const def = config?.services.find((s) => s.name === name);
    const ports = config ? classifyPorts(config, name, holders, known, { engineKnown }) : [];
    return serviceStatus(
      name,
      def,
      ports,
      engineKnown ? snapshot.services.filter((c) => c.service === name) : undefined,
      unknown,
    );
  });
  return {
    engine: snapshot.engine,
    services,
    healthyServices: services.filter((s) => s.inConfig && s.health === 'healthy').length,
    holderError,
  };
}

/** "2/5 services healthy", counting berth.yaml's services (for the CLI's last line and the status bar). */
export function healthyText(services: ServiceStatus[]): string {
  const listed = services.filter((s) => s.inConfig);
  const healthy = listed.filter((s) => s.health === 'healthy').length;
  return `${healthy}/${listed.length} service${listed.length === 1 ? '' : 's'} healthy`;
}

/** "45s", "3m", "2h 5m", "4d 3h". */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** "up 3m" for a running container whose start time is known. */
export function uptimeText(c: Pick<ContainerInfo, 'state' | 'startedAt'>, now: number): string | undefined {
  if (c.state !== 'running' || !c.startedAt) return undefined;
  const t = Date.parse(c.startedAt);
  // Engines report "0001-01-01T00:00:00Z" for never-started containers.
  if (!Number.isFinite(t) || t <= 0) return undefined;
  return `up ${formatUptime(now - t)}`;
}
