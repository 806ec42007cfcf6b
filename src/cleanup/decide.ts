// The cleanup planner's decisions, pure over what was gathered (containers, holders, gvproxy forwards):
// what holds each of ONE service's host ports, whether it is stale, and what Berth would do about it.
// Nothing here touches another service's containers, PID 1, Berth's own process chain or a protected pid.
import type { BerthConfig, ServiceDef } from '../core/types';
import { serviceOf, withServices } from '../engine/containers';
import { LABEL_RUN } from '../engine/labels';
import { describeInterrupted, type InterruptedRun } from '../model/interrupted';
import { isLive, type Container } from '../model/container';
import { kindNodeOf, kindNodeRisk } from '../model/kindNode';
import type { EngineHost } from '../model/engineHost';
import type { PortHolder } from '../model/holder';
import { declaredShared, serviceHostPorts } from '../model/portStatus';
import { endState, judgePort, type Evidence, type PortEndState, type PortState } from '../model/verdict';
import { describeContainer, planHolder, type GvproxyView, type HolderContext } from './holderItems';
import type { CleanupItem, CleanupPlan, PlanPort, PlannedContainer } from './model';

export type { GvproxyView } from './holderItems';

export interface CleanupInputs {
  config: BerthConfig;
  service: string;
  engine?: { kind: 'docker' | 'podman'; socket: string };
  /** The engine's machine when it is not this one: its holders are there, and only ssh reaches them. */
  host?: EngineHost;
  engineError?: string;
  /** Every container of the engine, any service or none. */
  containers: Container[];
  /** Holders of the service's ports, and of other services' ports (to see what else a process holds). */
  holders: Map<number, PortHolder[]>;
  /** By gvproxy pid. */
  gvproxy?: Map<number, GvproxyView>;
  /** Berth's own process and its ancestors (see ownProcessChain). */
  ownChain: Set<number>;
  /** Pids the caller protects (the editor's process tree). */
  protectedPids: Set<number>;
  /** A start of this service that died mid-way (its stale lock): what it made is offered, preselected. */
  interrupted?: InterruptedRun;
}

export class UnknownServiceError extends Error {
  constructor(service: string, config: BerthConfig) {
    const names = config.services.map((s) => s.name);
    super(
      `unknown service "${service}" in ${config.file}${names.length ? ` (services: ${names.join(', ')})` : ' (it declares no services)'}`,
    );
    this.name = 'UnknownServiceError';
  }
}

export function findService(config: BerthConfig, service: string): ServiceDef {
  const svc = config.services.find((s) => s.name === service);
  if (!svc) throw new UnknownServiceError(service, config);
  return svc;
}

/** The service's host ports: its allocations and kind mappings, literal host ports of its stack, ports its containers publish. */
export function servicePorts(config: BerthConfig, service: string, containers: Container[]): PlanPort[] {
  const svc = findService(config, service);
  const ports = new Map<number, string | undefined>();
  for (const a of serviceHostPorts(svc)) ports.set(a.port, a.role);
  for (const step of svc.stack?.steps ?? []) {
    for (const p of step.ports) if (p.hostPort && !p.role && !ports.has(p.hostPort)) ports.set(p.hostPort, undefined);
  }
  for (const c of containers) {
    if (serviceOf(c, config)?.service !== service) continue;
    for (const p of c.ports) if (!ports.has(p.hostPort)) ports.set(p.hostPort, undefined);
  }
  return [...ports].map(([port, role]) => ({ port, role })).sort((a, b) => a.port - b.port);
}

/** The model's verdict on one of the service's ports, in cleanup's words (free / served / held). */
export function portVerdict(
  config: BerthConfig | undefined,
  service: string,
  port: number,
  holders: PortHolder[],
  ev: Evidence,
): { state: PortEndState; verdict: PortState; detail: string } {
  const sharedWith = config ? (o: string) => declaredShared(config, service, port, o) : undefined;
  const kindCluster = config?.services.find((s) => s.name === service)?.kind?.cluster;
  const v = judgePort({ port, service, holders, sharedWith, kindCluster }, ev);
  return { state: endState(v.state), verdict: v.state, detail: v.detail };
}

const short = (id: string) => id.slice(0, 12);

/** What the plan keeps of a container: enough to name it and to remove it. */
function planned(c: Container): PlannedContainer {
  return { id: c.id, name: c.name, service: c.service, state: c.state, health: c.health };
}

export function buildPlan(inp: CleanupInputs): CleanupPlan {
  const { config, service } = inp;
  findService(config, service);
  const containers = withServices(inp.containers, config);
  const evidence: Evidence = { containers, engine: inp.engine?.kind };
  const ports = servicePorts(config, service, containers);
  const roleOf = new Map(ports.map((p) => [p.port, p.role]));
  const items: CleanupItem[] = [];
  const warnings: string[] = [];
  const otherOwners = (port: number) =>
    config.services.filter((s) => s.name !== service && s.ports.some((a) => a.port === port)).map((s) => s.name);
  const portFields = (list: number[]) => ({
    ports: list,
    port: list[0],
    role: list.length ? roleOf.get(list[0]) : undefined,
  });

  // Items that concern one process (or forward) across several ports are merged by id.
  const byItemId = new Map<string, CleanupItem>();
  const add = (item: CleanupItem) => {
    const seen = byItemId.get(item.id);
    if (seen) {
      for (const p of item.ports) if (!seen.ports.includes(p)) seen.ports.push(p);
      return;
    }
    byItemId.set(item.id, item);
    items.push(item);
  };
  const keep = (port: number, tag: string, why: string, extra: Partial<CleanupItem> = {}) =>
    add({
      id: `keep:${port}:${tag}`,
      action: 'none',
      ...portFields([port]),
      why,
      preselected: false,
      foreign: false,
      ...extra,
    });
  const ctx: HolderContext = {
    config,
    service,
    evidence,
    gvproxy: inp.gvproxy,
    host: inp.host,
    ownChain: inp.ownChain,
    protectedPids: inp.protectedPids,
    add,
    keep,
    warn: (w) => warnings.push(w),
    portFields,
  };

  // 1. The service's own containers, by label, declared name or compose project, and its kind cluster's nodes.
  const ownCluster = config.services.find((s) => s.name === service)?.kind?.cluster;
  for (const c of containers) {
    const node = kindNodeOf(c);
    if (c.service !== service && !(node && node.cluster === ownCluster)) continue;
    const pc = planned(c);
    const cports = c.ports.map((p) => p.hostPort);
    const base = { id: `container:${short(c.id)}`, ...portFields(cports), container: pc, foreign: false };
    if (node) {
      // A kind node is never a leftover to sweep: removing one ends its cluster, so only a pick by hand does.
      if (node.cluster === ownCluster)
        add({
          ...base,
          action: 'remove-container',
          preselected: false,
          why: `${describeContainer(pc)}: the ${node.role} node of kind cluster ${node.cluster}, this service's cluster`,
          risk: kindNodeRisk(node),
        });
      continue;
    }
    switch (c.state) {
      case 'exited':
      case 'created':
      case 'dead':
        add({
          ...base,
          action: 'remove-container',
          preselected: true,
          why: `leftover ${describeContainer(pc)} of an earlier run`,
        });
        break;
      case 'restarting':
        add({
          ...base,
          action: 'remove-container',
          preselected: false,
          why: `${describeContainer(pc)} keeps restarting`,
          risk: 'stops and removes a container the engine is still restarting; its logs go with it',
        });
        break;
      case 'running':
        if (inp.interrupted?.run && c.labels[LABEL_RUN] === inp.interrupted.run) {
          // Half a stack nobody finished: nothing waits for it, and the next up would replace it anyway.
          add({
            ...base,
            action: 'remove-container',
            preselected: true,
            why: `${describeContainer(pc)} was started by ${describeInterrupted(inp.interrupted)}, which was interrupted`,
            risk: 'stops and removes a running container; its logs go with it',
          });
        } else if (c.health === 'unhealthy') {
          // Offered, not preselected: unhealthy can be transient (slow start, a debugger attached) and the
          // container still serves its ports; removing it also discards the logs that explain the failure.
          add({
            ...base,
            action: 'remove-container',
            preselected: false,
            why: `${describeContainer(pc)} is running but unhealthy`,
            risk: 'stops and removes a running container; its logs go with it',
          });
        } else {
          add({
            ...base,
            action: 'none',
            preselected: false,
            why: `${describeContainer(pc)} is ${c.health ? `running (${c.health})` : 'running'}: not stale, left alone`,
          });
        }
        break;
      default:
        add({
          ...base,
          action: 'none',
          preselected: false,
          why: `${describeContainer(pc)}: ${c.state === 'paused' ? 'paused, left alone (unpause or remove it yourself)' : 'being removed by the engine'}`,
        });
    }
  }

  // 2. Every holder of every port of the service.
  for (const { port } of ports) {
    const holders = inp.holders.get(port) ?? [];
    if (holders.length === 0) {
      if (!containers.some((c) => isLive(c) && c.ports.some((p) => p.hostPort === port))) keep(port, 'free', 'free');
      continue;
    }
    for (const h of holders) planHolder(ctx, h, port);
  }
  for (const item of items) {
    item.ports.sort((a, b) => a - b);
    item.port = item.ports[0];
    item.role = item.port !== undefined ? roleOf.get(item.port) : undefined;
    // Ending a process also frees every other port it holds: never preselect that for another service's port.
    const pid = item.holder?.pid;
    if (pid === undefined || (item.action !== 'terminate-process' && item.action !== 'kill-gvproxy')) continue;
    const elsewhere: string[] = [];
    for (const [port, hs] of inp.holders) {
      if (roleOf.has(port) || !hs.some((h) => h.pid === pid)) continue;
      const who = otherOwners(port);
      if (who.length) {
        elsewhere.push(`${port} (${who.join(', ')})`);
        item.alsoHolds = [...(item.alsoHolds ?? []), port].sort((a, b) => a - b);
      }
    }
    if (elsewhere.length) {
      item.preselected = false;
      item.risk = `${item.risk ? `${item.risk}; ` : ''}it also holds port${elsewhere.length > 1 ? 's' : ''} ${elsewhere.join(', ')} of other services: ending it frees those too`;
    }
  }
  for (const p of ports) {
    p.holders = inp.holders.get(p.port) ?? [];
    Object.assign(p, portVerdict(config, service, p.port, p.holders, evidence));
  }
  const interrupted = inp.interrupted ? { interrupted: inp.interrupted } : {};
  return { service, engine: inp.engine, engineError: inp.engineError, ports, items, warnings, ...interrupted };
}

/**
 * The ids a caller selects by default: preselected items, plus foreign processes when asked — except a
 * process that also holds another service's port: that one is only ever picked by hand.
 */
export function defaultSelection(plan: CleanupPlan, opts: { includeForeign?: boolean } = {}): string[] {
  return plan.items
    .filter((i) => i.action !== 'none' && (i.preselected || (opts.includeForeign && i.foreign && !i.alsoHolds?.length)))
    .map((i) => i.id);
}
