// What each of a service's allocated ports is doing right now: free, served by the service's own
// container, held by a stale forwarder, by another service's container, or by a foreign process
// (or, with the engine unreachable, held by a forwarder nobody can judge).
import type { BerthConfig, PortAllocation } from '../core/types';
import type { ContainerInfo } from '../engine/containers';
import type { PortHolder } from './holders';

export type PortState = 'free' | 'served' | 'stale' | 'foreign' | 'other-service' | 'shared' | 'unknown';

/** A container as the classifier needs it: service containers carry their service; others do not. */
export type KnownContainer = Pick<ContainerInfo, 'id' | 'name' | 'state' | 'ports'> &
  Partial<Pick<ContainerInfo, 'health' | 'image'>> & { service?: string };

export interface PortStatus {
  role: string;
  port: number;
  state: PortState;
  holders: PortHolder[];
  /** The container the port belongs to right now (served / shared / other-service / a foreign container). */
  container?: KnownContainer;
  /** Why it is stale or foreign, in words for the tree and the CLI. */
  detail: string;
}

const CONFLICTS: ReadonlySet<PortState> = new Set(['stale', 'foreign', 'other-service']);

/** States that stop a stack from starting and that Clean Stale Ports may fix. */
export function isConflict(p: Pick<PortStatus, 'state'>): boolean {
  return CONFLICTS.has(p.state);
}

/** How one holder of a port is explained. */
export interface HolderVerdict {
  holder: PortHolder;
  /** The container it forwards to, when it still exists. */
  container?: KnownContainer;
  /** A forwarder whose container is gone or stopped. */
  stale?: string;
}

const FORWARDERS = new Set(['docker-proxy', 'conmon', 'rootlessport', 'pasta', 'gvproxy']);

function publishes(c: KnownContainer, port: number): boolean {
  return c.ports.some((p) => p.hostPort === port);
}

function short(id: string): string {
  return id.slice(0, 12);
}

/** Who a holder serves: conmon names its container; the others are matched by the published host port. */
export function explainHolder(h: PortHolder, containers: KnownContainer[]): HolderVerdict {
  if (h.containerId) {
    const c = containers.find(
      (x) => x.id === h.containerId || x.id.startsWith(h.containerId!) || h.containerId!.startsWith(x.id),
    );
    if (!c) return { holder: h, stale: `${h.kind} (pid ${h.pid}) for removed container ${short(h.containerId)}` };
    if (c.state !== 'running' && c.state !== 'paused' && c.state !== 'restarting') {
      return { holder: h, container: c, stale: `${h.kind} (pid ${h.pid}) for ${c.state} container ${c.name}` };
    }
    return { holder: h, container: c };
  }
  if (!FORWARDERS.has(h.kind) && h.pid !== 0) return { holder: h };
  const publishing = containers.filter((c) => publishes(c, h.port));
  const live =
    publishing.find(
      (c) =>
        c.state === 'running' &&
        (h.forward?.containerPort === undefined ||
          c.ports.some((p) => p.hostPort === h.port && p.containerPort === h.forward!.containerPort)),
    ) ?? publishing.find((c) => c.state === 'running' || c.state === 'paused' || c.state === 'restarting');
  if (live) return { holder: h, container: live };
  if (h.pid === 0) return { holder: h }; // an invisible process, and no container claims the port
  const stopped = publishing[0];
  return {
    holder: h,
    stale: stopped
      ? `${h.kind} (pid ${h.pid}) for ${stopped.state} container ${stopped.name}`
      : `${h.kind} (pid ${h.pid}) for a container that no longer exists`,
  };
}

export function describeProcess(h: PortHolder): string {
  if (h.pid === 0) return `a process of ${h.user ?? `uid ${h.uid ?? '?'}`} (not visible to Berth)`;
  const cmd = h.cmdline.length ? h.cmdline.join(' ') : h.command;
  const shown = cmd.length > 80 ? `${cmd.slice(0, 77)}…` : cmd;
  return `pid ${h.pid} ${shown}${h.user ? ` (${h.user})` : h.uid !== undefined ? ` (uid ${h.uid})` : ''}`;
}

/** A holder as status and cleanup name it: a plain process by pid and command line, a forwarder by kind and pid. */
export function describeHolder(h: PortHolder): string {
  return h.kind === 'process' ? describeProcess(h) : `${h.kind} (pid ${h.pid})`;
}

function declaredShared(config: BerthConfig, a: PortAllocation, other: string): boolean {
  if (a.sharedWith.includes(other)) return true;
  const theirs = config.services.find((s) => s.name === other)?.ports.filter((p) => p.port === a.port) ?? [];
  return theirs.some((p) => p.sharedWith.includes(a.service));
}

export interface ClassifyOptions {
  /** False when the engine is unreachable: a forwarder then cannot be told stale from serving. */
  engineKnown?: boolean;
}

/**
 * Without the engine a forwarder (docker-proxy, conmon, gvproxy …) or an invisible process cannot be told
 * stale from serving, so it is 'unknown', never stale; a visible plain process is foreign whatever the engine
 * says, and a port nobody holds is free on this host.
 */
function withoutEngine(base: Pick<PortStatus, 'role' | 'port'>, holders: PortHolder[]): PortStatus {
  if (holders.length === 0) return { ...base, holders, state: 'free', detail: 'free' };
  const process = holders.find((h) => h.kind === 'process' && h.pid > 0);
  if (process)
    return {
      ...base,
      holders: [process, ...holders.filter((h) => h !== process)],
      state: 'foreign',
      detail: `held by ${describeProcess(process)}`,
    };
  const h = holders.find((x) => x.pid !== 0) ?? holders[0];
  return {
    ...base,
    holders,
    state: 'unknown',
    detail: `held by ${describeHolder(h)}; engine unreachable: cannot tell whether it serves a container`,
  };
}

function classifyOne(
  config: BerthConfig,
  a: PortAllocation,
  holders: PortHolder[],
  containers: KnownContainer[],
  opts: ClassifyOptions,
): PortStatus {
  if (opts.engineKnown === false) return withoutEngine({ role: a.role, port: a.port }, holders);
  const base = { role: a.role, port: a.port, holders };
  const verdicts = holders.map((h) => explainHolder(h, containers));
  // Nothing seen on the host but a running container publishes the port (e.g. a remote engine): trust the engine.
  const owners = verdicts.filter((v) => v.container && !v.stale).map((v) => v.container!);
  if (owners.length === 0) {
    const publisher = containers.find((c) => c.state === 'running' && publishes(c, a.port));
    if (publisher && holders.length === 0) owners.push(publisher);
  }
  const stale = verdicts.filter((v) => v.stale);
  const processes = verdicts.filter((v) => !v.container && !v.stale);

  const other = owners.find((c) => c.service !== a.service);
  if (other) {
    if (other.service === undefined)
      return {
        ...base,
        state: 'foreign',
        container: other,
        detail: `held by container ${other.name} (not a berth.yaml service)`,
      };
    if (declaredShared(config, a, other.service))
      return { ...base, state: 'shared', container: other, detail: `shared with ${other.service} (${other.name})` };
    return {
      ...base,
      state: 'other-service',
      container: other,
      detail: `held by ${other.service}'s container ${other.name}`,
    };
  }
  if (processes.length > 0)
    return { ...base, state: 'foreign', detail: `held by ${describeProcess(processes[0].holder)}` };
  if (stale.length > 0 && owners.length === 0)
    return { ...base, state: 'stale', container: stale[0].container, detail: `stale ${stale[0].stale}` };
  if (owners.length > 0)
    return { ...base, state: 'served', container: owners[0], detail: `served by ${owners[0].name}` };
  return { ...base, state: 'free', detail: 'free' };
}

/** Status of every port the service allocates, in berth.yaml order. */
export function classifyPorts(
  config: BerthConfig,
  service: string,
  holders: Map<number, PortHolder[]>,
  containers: KnownContainer[],
  opts: ClassifyOptions = {},
): PortStatus[] {
  const def = config.services.find((s) => s.name === service);
  if (!def) return [];
  return def.ports.map((a) => classifyOne(config, a, holders.get(a.port) ?? [], containers, opts));
}
