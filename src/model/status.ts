// The one model of "service → ports with state → containers" that `berth status` prints and the tree shows:
// the service roll-up (health precedence, summaries) is decided here from the port verdicts and the
// containers; the CLI and the tree only lay it out (columns; icons and colors).
import type { BerthConfig, ServiceDef } from '../core/types';
import type { Container, ServiceContainer } from './container';
import { completedOneShot, containerSummary, failedOneShot, isOneShot } from './containerText';
import type { EngineKind, PortHolder } from './holder';
import { holderName } from './holderText';
import { describeInterrupted, type InterruptedRun } from './interrupted';
import { classifyPorts, type PortStatus } from './portStatus';
import { isConflict } from './verdict';
import { workerPort } from '../core/envNames';

/** In precedence order: unhealthy > conflict > unknown (no engine) > starting > healthy > stopped > idle. */
export type ServiceHealth = 'unhealthy' | 'conflict' | 'unknown' | 'starting' | 'healthy' | 'stopped' | 'idle';

export interface ContainerStatus extends ServiceContainer {
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
  /**
   * The stacks of parallel workers 2, 3, … that have containers, by worker. The service's own roll-up above is
   * worker 1's stack (the ports it judges are worker 1's).
   */
  workers: WorkerStatus[];
  /** A start that died mid-way left this stack half-made (the next up adopts or replaces it; clean offers it). */
  interrupted?: InterruptedRun;
}

/** One parallel worker's instance of the service's stack: "worker 2 · 3/3 ready · 15442, 18098". */
export interface WorkerStatus {
  worker: number;
  /** Its stack alone: unhealthy, starting, healthy or stopped. */
  health: ServiceHealth;
  /** "3/3 ready", "2/3 ready · 1 starting", "stopped", "migrate failed (exit 3)". */
  summary: string;
  ready: number;
  total: number;
  /** The worker's host ports: berth.yaml's ports + worker-1 (what its BERTH_* variables say). */
  ports: number[];
  containers: ContainerStatus[];
}

interface RollUp {
  total: number;
  ready: number;
  starting: number;
  unhealthy: number;
  running: number;
  failed: ContainerStatus[];
  /** From the containers alone: unhealthy, starting, healthy, stopped or idle. */
  health: ServiceHealth;
}

/** Counts and health of one stack instance's containers. */
function rollUp(shown: ContainerStatus[]): RollUp {
  const counted = shown.filter((c) => !completedOneShot(c, c.oneShot));
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
  const health: ServiceHealth =
    unhealthy > 0 || downAmongRunning
      ? 'unhealthy'
      : starting > 0
        ? 'starting'
        : total > 0 && ready === total
          ? 'healthy'
          : total > 0
            ? 'stopped'
            : 'idle';
  return { total, ready, starting, unhealthy, running, failed, health };
}

const failedText = (c: ContainerStatus) => `${c.step ?? c.name} failed (exit ${c.exitCode})`;

function workerStatus(worker: number, def: ServiceDef | undefined, containers: ContainerStatus[]): WorkerStatus {
  const r = rollUp(containers);
  const parts = [r.running === 0 ? 'stopped' : `${r.ready}/${r.total} ready`];
  if (r.running > 0 && r.starting) parts.push(`${r.starting} starting`);
  parts.push(...r.failed.map(failedText));
  const ports = def
    ? def.ports.map((a) => workerPort(a.port, worker))
    : containers.flatMap((c) => c.ports.map((p) => p.hostPort));
  return {
    worker,
    health: r.health,
    summary: parts.join(' · '),
    ready: r.ready,
    total: r.total,
    ports: [...new Set(ports)].sort((a, b) => a - b),
    containers,
  };
}

/** The engine as the roll-up needs it; callers pass their richer engine status through unchanged. */
export type EngineReach = { state: 'connected'; kind: EngineKind } | { state: 'connecting' } | { state: 'unreachable' };

/** What the engine reported: every container, and those matched to services (berth.yaml's or by label). */
export interface EngineReport<E extends EngineReach = EngineReach> {
  engine: E;
  containers: Container[];
  services: ServiceContainer[];
}

export interface StatusModel<E extends EngineReach = EngineReach> {
  engine: E;
  services: ServiceStatus[];
  /** berth.yaml services whose roll-up is healthy. */
  healthyServices: number;
  /** Set when the holder scan failed (the ports then only show what the engine knows). */
  holderError?: string;
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
  containers: ServiceContainer[] | undefined,
  unknown = 'engine unreachable',
  interrupted?: InterruptedRun,
): ServiceStatus {
  const shown = containers?.map((c): ContainerStatus => {
    const oneShot = isOneShot(def, c);
    return { ...c, oneShot, summary: containerSummary(c, oneShot) };
  });
  const conflicts = ports.filter(isConflict);
  // Workers 2, 3, … are their own stacks, each rolled up on its own.
  const own = shown?.filter((c) => (c.worker ?? 1) === 1);
  const byWorker = new Map<number, ContainerStatus[]>();
  for (const c of shown ?? []) {
    const w = c.worker ?? 1;
    if (w > 1) byWorker.set(w, [...(byWorker.get(w) ?? []), c]);
  }
  const workers = [...byWorker.keys()].sort((a, b) => a - b).map((w) => workerStatus(w, def, byWorker.get(w)!));
  const { total, ready, starting, unhealthy, running, failed, health: stackHealth } = rollUp(own ?? []);

  const health: ServiceHealth =
    stackHealth === 'unhealthy'
      ? 'unhealthy'
      : conflicts.length > 0
        ? 'conflict'
        : own === undefined
          ? 'unknown'
          : stackHealth;

  const parts: string[] = [];
  if (interrupted) parts.push(`interrupted: ${describeInterrupted(interrupted)}`);
  if (own === undefined) parts.push(unknown);
  else if (total === 0) parts.push(def && !def.stack ? 'no stack' : 'not running');
  else if (running === 0) parts.push('stopped');
  else {
    parts.push(`${ready}/${total} healthy`);
    if (starting) parts.push(`${starting} starting`);
  }
  parts.push(...failed.map(failedText));
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
    containers: own,
    inConfig: def !== undefined,
    workers,
    ...(interrupted ? { interrupted } : {}),
  };
}

/** Why nothing is known about containers, when the engine is not connected. */
export function containersUnknown(engine: EngineReach['state']): string {
  return engine === 'connecting' ? 'connecting to the engine' : 'engine unreachable';
}

/** Builds the model from berth.yaml, what the engine reported and one holder scan of allocatedPorts(config). */
export function buildStatus<E extends EngineReach>(
  config: BerthConfig | undefined,
  report: EngineReport<E>,
  holders: Map<number, PortHolder[]>,
  holderError?: string,
  /** By service: runs that died mid-way (src/host/serviceLock.ts interruptedRuns). */
  interrupted?: Map<string, InterruptedRun>,
): StatusModel<E> {
  const engine = report.engine.state === 'connected' ? report.engine.kind : undefined;
  const unknown = containersUnknown(report.engine.state);
  const serviceById = new Map(report.services.map((c) => [c.id, c]));
  // Without the engine the containers it once reported say nothing current.
  const containers: Container[] = engine
    ? report.containers.map((c) => {
        const s = serviceById.get(c.id);
        return s ? { ...c, service: s.service, step: s.step } : c;
      })
    : [];
  const names = [...(config?.services.map((s) => s.name) ?? [])];
  if (engine) for (const c of report.services) if (!names.includes(c.service)) names.push(c.service);

  const services = names.map((name) => {
    const def = config?.services.find((s) => s.name === name);
    const ports = config ? classifyPorts(config, name, holders, { containers, engine }) : [];
    return serviceStatus(
      name,
      def,
      ports,
      engine ? report.services.filter((c) => c.service === name) : undefined,
      unknown,
      interrupted?.get(name),
    );
  });
  return {
    engine: report.engine,
    services,
    healthyServices: services.filter((s) => s.inConfig && s.health === 'healthy').length,
    holderError,
  };
}

/** Up, or failed on the way: only these stacks can be healthy or not (a stopped stack is neither). */
function isUp(s: ServiceStatus): boolean {
  return s.running > 0 || s.health === 'unhealthy';
}

/**
 * The whole workspace in one line, for the CLI's last line and the status bar:
 * "1/2 stacks healthy · 1 port conflict", "no stacks running". Services without containers (with or
 * without a stack) are neither healthy nor unhealthy; their port conflicts still count. Counts berth.yaml's
 * services only, as the status bar lists them.
 */
export function healthyText(services: ServiceStatus[]): string {
  const listed = services.filter((s) => s.inConfig);
  const up = listed.filter(isUp);
  const healthy = up.filter((s) => s.health === 'healthy').length;
  const conflicts = listed.reduce((n, s) => n + s.conflicts, 0);
  // Without the engine nothing is known about containers: "no stacks running" would be a guess.
  const parts = [
    up.length
      ? `${healthy}/${up.length} stack${up.length === 1 ? '' : 's'} healthy`
      : listed.some((s) => s.containers === undefined)
        ? 'stacks unknown'
        : 'no stacks running',
  ];
  if (conflicts) parts.push(`${conflicts} port conflict${conflicts === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
