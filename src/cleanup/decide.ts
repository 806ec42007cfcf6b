// The cleanup planner's decisions, pure over what was gathered (containers, holders, gvproxy forwards):
// what holds each of ONE service's host ports, whether it is stale, and what Berth would do about it.
// Nothing here touches another service's containers, PID 1, Berth's own process chain or a protected pid.
import type { BerthConfig, ServiceDef } from '../core/types';
import { serviceOf, type EngineContainer } from '../engine/containers';
import { describeHolder } from '../host/classify';
import { forwardPort, isSshForward, type GvForward } from '../host/gvproxy';
import type { PortHolder } from '../host/holders';
import { refusalReason } from '../host/terminate';
import type { CleanupItem, CleanupPlan, PlanPort, PlannedContainer, PortEndState } from './model';

export interface GvproxyView {
  /** The forwarder list as /all answered it, or the reason it could not be read. */
  forwards?: GvForward[];
  error?: string;
  /** -ssh-port gvproxy was started with: that forward is never touched. */
  sshPort?: number;
}

export interface CleanupInputs {
  config: BerthConfig;
  service: string;
  engine?: { kind: 'docker' | 'podman'; socket: string };
  engineError?: string;
  /** Every container of the engine, any service or none. */
  containers: EngineContainer[];
  /** Holders of the service's ports, and of other services' ports (to see what else a process holds). */
  holders: Map<number, PortHolder[]>;
  /** By gvproxy pid. */
  gvproxy?: Map<number, GvproxyView>;
  /** Berth's own process and its ancestors (see ownProcessChain). */
  ownChain: Set<number>;
  /** Pids the caller protects (the editor's process tree). */
  protectedPids: Set<number>;
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

const LIVE_STATES = new Set(['running', 'paused', 'restarting']);

/** The service's host ports: its allocations, literal host ports of its stack, ports its containers publish. */
export function servicePorts(config: BerthConfig, service: string, containers: EngineContainer[]): PlanPort[] {
  const svc = findService(config, service);
  const ports = new Map<number, string | undefined>();
  for (const a of svc.ports) ports.set(a.port, a.role);
  for (const step of svc.stack?.steps ?? []) {
    for (const p of step.ports) if (p.hostPort && !p.role && !ports.has(p.hostPort)) ports.set(p.hostPort, undefined);
  }
  for (const c of containers) {
    if (serviceOf(c, config)?.service !== service) continue;
    for (const p of c.ports) if (!ports.has(p.hostPort)) ports.set(p.hostPort, undefined);
  }
  return [...ports].map(([port, role]) => ({ port, role })).sort((a, b) => a.port - b.port);
}

/** How a port stands: free, served (held for a running container of the service), or held by anything else. */
const sameId = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/** How a port stands: free, served (every holder is there for a running container of the service), or held. */
export function portState(
  port: number,
  holders: PortHolder[],
  ownLive: EngineContainer[],
): { state: PortEndState; detail: string } {
  if (holders.length === 0) return { state: 'free', detail: 'free' };
  const by = holders.map((h) => `${h.kind === 'process' ? h.command : h.kind} (pid ${h.pid})`).join(', ');
  const servedBy = (h: PortHolder) =>
    (h.containerId ? ownLive.find((c) => sameId(c.id, h.containerId!)) : undefined) ??
    (h.kind !== 'process' ? ownLive.find((c) => c.ports.some((p) => p.hostPort === port)) : undefined);
  const served = holders.map(servedBy);
  if (served.every(Boolean))
    return { state: 'served', detail: `served by container ${served[0]!.name} of this service (${by})` };
  return { state: 'held', detail: `held by ${by}` };
}

const short = (id: string) => id.slice(0, 12);

function planned(c: EngineContainer, config: BerthConfig): PlannedContainer {
  return { id: c.id, name: c.name, service: serviceOf(c, config)?.service, state: c.state, health: c.health };
}

function describeContainer(c: PlannedContainer): string {
  const health = c.health ? `, ${c.health}` : '';
  return `container ${c.name} (${c.state}${health}${c.service ? `, service ${c.service}` : ', no Berth service'})`;
}

const ENGINE_OF: Partial<Record<PortHolder['kind'], 'docker' | 'podman'>> = {
  'docker-proxy': 'docker',
  conmon: 'podman',
  rootlessport: 'podman',
  pasta: 'podman',
};

export function buildPlan(inp: CleanupInputs): CleanupPlan {
  const { config, service } = inp;
  findService(config, service);
  const ports = servicePorts(config, service, inp.containers);
  const roleOf = new Map(ports.map((p) => [p.port, p.role]));
  const items: CleanupItem[] = [];
  const warnings: string[] = [];
  const owner = (c: EngineContainer) => serviceOf(c, config)?.service;
  const byId = (id: string) => inp.containers.find((c) => sameId(c.id, id));
  const publishers = (port: number) =>
    inp.containers.filter((c) => LIVE_STATES.has(c.state) && c.ports.some((p) => p.hostPort === port));
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

  // 1. The service's own containers, by label, declared name or compose project.
  for (const c of inp.containers) {
    if (owner(c) !== service) continue;
    const pc = planned(c, config);
    const cports = c.ports.map((p) => p.hostPort);
    const base = { id: `container:${short(c.id)}`, ...portFields(cports), container: pc, foreign: false };
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
        if (c.health === 'unhealthy') {
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
    const pubs = publishers(port);
    if (holders.length === 0) {
      if (pubs.length === 0) keep(port, 'free', 'free');
      continue;
    }
    const others = otherOwners(port);
    const alsoOwned = others.length ? `; port ${port} is also allocated to ${others.join(', ')}` : '';
    for (const h of holders) {
      if (h.pid === 0) {
        keep(
          port,
          `uid${h.uid ?? '?'}`,
          `held by a process Berth cannot see (socket owned by ${h.user ?? `uid ${h.uid ?? '?'}`}); run Berth with the rights to see it`,
          { holder: h },
        );
        continue;
      }
      const refused = refusalReason(h.pid, inp.ownChain, inp.protectedPids);
      if (refused) {
        keep(port, `pid${h.pid}`, `held by ${describeHolder(h)}: never touched (${refused})`, { holder: h });
        continue;
      }
      // A forwarder belongs to the container publishing its port; a plain process only to the container its cgroup names.
      const publisher =
        (h.containerId ? byId(h.containerId) : undefined) ?? (h.kind !== 'process' ? pubs[0] : undefined);
      if (publisher && LIVE_STATES.has(publisher.state)) {
        const o = owner(publisher);
        const whose =
          o === service
            ? 'serves this service'
            : o
              ? `belongs to service ${o}: never touched`
              : 'belongs to no Berth service: never touched';
        keep(
          port,
          `c${short(publisher.id)}`,
          `held by ${h.kind === 'process' ? describeHolder(h) : h.kind} for ${describeContainer(planned(publisher, config))}, which ${whose}`,
          { holder: h },
        );
        continue;
      }
      switch (h.kind) {
        case 'docker-proxy':
        case 'conmon':
        case 'rootlessport':
        case 'pasta': {
          const holderEngine = ENGINE_OF[h.kind]!;
          if (!inp.engine) {
            keep(
              port,
              `pid${h.pid}`,
              `held by ${describeHolder(h)}; with no engine reachable Berth cannot tell whether its container exists: left alone`,
              { holder: h },
            );
            break;
          }
          if (inp.engine.kind !== holderEngine) {
            keep(
              port,
              `pid${h.pid}`,
              `held by ${describeHolder(h)}, a ${holderEngine} forwarder; Berth is connected to ${inp.engine.kind} and cannot see ${holderEngine}'s containers: left alone`,
              { holder: h },
            );
            break;
          }
          const gone = h.containerId
            ? `its container ${short(h.containerId)} no longer exists`
            : `no container publishes port ${port}`;
          if (publisher) {
            // The container exists but is not running: removing it (own service) releases the port; others' are never touched.
            const o = owner(publisher);
            keep(
              port,
              `c${short(publisher.id)}`,
              `held by ${h.kind} for ${describeContainer(planned(publisher, config))}${o === service ? ': removing that container releases it' : ', not this service’s: never touched'}`,
              { holder: h },
            );
            break;
          }
          add({
            id: `process:${h.pid}`,
            action: 'terminate-process',
            ...portFields([port]),
            holder: h,
            foreign: false,
            preselected: true,
            why: `stale ${h.kind} (pid ${h.pid}): ${gone}`,
            risk: `ends only this ${h.kind} process${alsoOwned}`,
          });
          break;
        }
        case 'gvproxy': {
          const view = inp.gvproxy?.get(h.pid);
          if (!view?.forwards) {
            warnings.push(`cannot read gvproxy's forwarder list (pid ${h.pid}): ${view?.error ?? 'not asked'}`);
            keep(
              port,
              `pid${h.pid}`,
              `held by gvproxy (pid ${h.pid}) with no container publishing it, but its forwarder list could not be read: ${view?.error ?? 'not asked'}`,
              { holder: h },
            );
          } else {
            const matching = view.forwards.filter((f) => f.protocol === 'tcp' && forwardPort(f.local) === port);
            for (const f of matching) {
              if (isSshForward(f, view.sshPort)) {
                keep(
                  port,
                  `ssh${h.pid}`,
                  `gvproxy forward ${f.local} → ${f.remote} is the Podman machine's SSH forward: never touched`,
                  { holder: h },
                );
                continue;
              }
              add({
                id: `forward:${h.pid}:${f.protocol}/${f.local}`,
                action: 'unexpose-forward',
                ...portFields([port]),
                holder: h,
                foreign: false,
                preselected: true,
                forward: { ...f, gvproxyPid: h.pid },
                why: `gvproxy forwards ${f.local} → ${f.remote} but no container publishes port ${port}`,
                risk: `removes only this forward through gvproxy's API; every other forward stays${alsoOwned}`,
              });
            }
            if (matching.length === 0)
              keep(
                port,
                `pid${h.pid}`,
                `held by gvproxy (pid ${h.pid}) but its forwarder list has no tcp entry for port ${port}`,
                { holder: h },
              );
          }
          add({
            id: `gvproxy:${h.pid}`,
            action: 'kill-gvproxy',
            ...portFields([port]),
            holder: h,
            foreign: false,
            preselected: false,
            why: `last resort: end gvproxy (pid ${h.pid}) itself`,
            risk: 'drops EVERY forward of the Podman machine at once (other services’ ports and the SSH forward too) until the machine is restarted',
          });
          break;
        }
        default:
          if (h.containerId) {
            // Its cgroup names a container the connected engine does not list (another engine's).
            keep(
              port,
              `pid${h.pid}`,
              `held by ${describeHolder(h)}, a process of container ${short(h.containerId)} that ${inp.engine ? `${inp.engine.kind} does not list` : 'no reachable engine can tell about'}: left alone`,
              { holder: h },
            );
            break;
          }
          add({
            id: `process:${h.pid}`,
            action: 'terminate-process',
            ...portFields([port]),
            holder: h,
            foreign: true,
            preselected: false,
            why: `foreign process holds port ${port}: ${describeHolder(h)}`,
            risk: `Berth did not start it: ending it may lose its work${alsoOwned}`,
          });
      }
    }
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
  const ownLive = inp.containers.filter((c) => LIVE_STATES.has(c.state) && owner(c) === service);
  for (const p of ports) {
    p.holders = inp.holders.get(p.port) ?? [];
    Object.assign(p, portState(p.port, p.holders, ownLive));
  }
  return { service, engine: inp.engine, engineError: inp.engineError, ports, items, warnings };
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
