// The ONE answer to "what is this holder doing on this port?" and "what state is this port in?":
// free, served by the service's own live container, held by a stale forwarder, by another service's
// container (or shared with it), by a foreign process or container, or unknown (nobody can judge it).
// The tree, `berth status`, Start Stack's preflight and the cleanup planner all read these verdicts.
import { isLive, publishes, type Container } from './container';
import { forwarderEngine, type EngineKind, type PortHolder } from './holder';
import { describeHolder, describeProcess } from './holderText';
import { kindNodeOf, kindServesText } from './kindNode';

export type PortState = 'free' | 'served' | 'stale' | 'foreign' | 'other-service' | 'shared' | 'unknown';

/** What the verdicts are judged against. */
export interface Evidence {
  /** Every container the engine has, each with its service when it belongs to one. */
  containers: Container[];
  /** The connected engine; undefined when none is reachable (its containers then say nothing current). */
  engine: EngineKind | undefined;
}

/**
 * One holder: serves a live container; stale (a forwarder whose container is gone or stopped); a plain
 * process; invisible (pid 0, and no container claims the port); unjudged (nobody can tell).
 */
export type HolderJudgement = 'serves' | 'stale' | 'process' | 'invisible' | 'unjudged';

export interface HolderVerdict {
  holder: PortHolder;
  judgement: HolderJudgement;
  /** serves: the live container; stale: the stopped container the holder names, when it still exists. */
  container?: Container;
  /** stale, unjudged: the holder and why, in words ("conmon (pid 77) for removed container f00dfeed0000"). */
  why?: string;
}

const short = (id: string) => id.slice(0, 12);
const sameId = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/** A forwarder of the engine Berth is not connected to: that engine's containers are not in the list. */
function otherEngine(h: PortHolder, engine: EngineKind): string | undefined {
  const theirs = forwarderEngine(h.kind);
  if (!theirs || theirs === engine) return undefined;
  return `${describeHolder(h)}, a ${theirs} forwarder; Berth is connected to ${engine} and cannot see ${theirs}'s containers`;
}

function unlistedProcess(h: PortHolder, engine: EngineKind | undefined): string {
  const by = engine ? `${engine} does not list` : 'no reachable engine can tell about';
  return `${describeHolder(h)}, a process of container ${short(h.containerId ?? '')} that ${by}`;
}

/** Who a holder serves: conmon (or a host-network process's cgroup) names its container; others go by the published port. */
export function judgeHolder(h: PortHolder, ev: Evidence): HolderVerdict {
  const { engine, containers } = ev;
  if (engine === undefined) {
    if (h.kind === 'process' && h.pid > 0 && !h.containerId) return { holder: h, judgement: 'process' };
    if (h.kind === 'process' && h.containerId)
      return { holder: h, judgement: 'unjudged', why: unlistedProcess(h, engine) };
    return {
      holder: h,
      judgement: 'unjudged',
      why: `${describeHolder(h)}; engine unreachable: cannot tell whether it serves a container`,
    };
  }
  if (h.containerId) {
    const c = containers.find((x) => sameId(x.id, h.containerId!));
    if (c && isLive(c)) return { holder: h, judgement: 'serves', container: c };
    if (h.kind === 'process') return { holder: h, judgement: 'unjudged', why: unlistedProcess(h, engine) };
    if (c)
      return {
        holder: h,
        judgement: 'stale',
        container: c,
        why: `${h.kind} (pid ${h.pid}) for ${c.state} container ${c.name}`,
      };
    const other = otherEngine(h, engine);
    if (other) return { holder: h, judgement: 'unjudged', why: other };
    return {
      holder: h,
      judgement: 'stale',
      why: `${h.kind} (pid ${h.pid}) for removed container ${short(h.containerId)}`,
    };
  }
  if (h.kind === 'process' && h.pid !== 0) return { holder: h, judgement: 'process' };
  const publishing = containers.filter((c) => publishes(c, h.port));
  const wanted = h.forward?.containerPort;
  const live =
    publishing.find(
      (c) =>
        c.state === 'running' &&
        (wanted === undefined || c.ports.some((p) => p.hostPort === h.port && p.containerPort === wanted)),
    ) ?? publishing.find(isLive);
  if (live) return { holder: h, judgement: 'serves', container: live };
  if (h.pid === 0) return { holder: h, judgement: 'invisible' };
  const other = otherEngine(h, engine);
  if (other) return { holder: h, judgement: 'unjudged', why: other };
  const stopped = publishing[0];
  return {
    holder: h,
    judgement: 'stale',
    why: stopped
      ? `${h.kind} (pid ${h.pid}) for ${stopped.state} container ${stopped.name}`
      : `${h.kind} (pid ${h.pid}) for a container that no longer exists`,
  };
}

export interface PortVerdict {
  port: number;
  state: PortState;
  /** Who holds it; for a foreign port the deciding process first. */
  holders: PortHolder[];
  /** The container the port belongs to right now (served / shared / other-service / a foreign container), or the stopped one a stale holder names. */
  container?: Container;
  /** The verdict in words, for the tree, the CLI and the preflight. */
  detail: string;
}

const CONFLICTS: ReadonlySet<PortState> = new Set(['stale', 'foreign', 'other-service']);

/** States that stop a stack from starting and that Clean Stale Ports may fix. */
export function isConflict(p: Pick<PortVerdict, 'state'>): boolean {
  return CONFLICTS.has(p.state);
}

/** Cleanup's coarse view: free, served by this service's own live containers, or held by anything else. */
export type PortEndState = 'free' | 'served' | 'held';

export function endState(state: PortState): PortEndState {
  return state === 'free' || state === 'served' ? state : 'held';
}

export interface PortQuestion {
  port: number;
  /** The service whose port it is. */
  service: string;
  holders: PortHolder[];
  /** Whether sharing the port with that other service is declared in berth.yaml. */
  sharedWith?: (other: string) => boolean;
  /** The kind cluster the service names (berth.yaml `kind.cluster`): its nodes serve the service's ports. */
  kindCluster?: string;
}

/** Without the engine a visible plain process is still foreign, a port nobody holds is free; the rest nobody can judge. */
function withoutEngine(q: PortQuestion, verdicts: HolderVerdict[]): PortVerdict {
  const base = { port: q.port };
  if (q.holders.length === 0) return { ...base, holders: [], state: 'free', detail: 'free' };
  const process = verdicts.find((v) => v.judgement === 'process');
  if (process) {
    const h = process.holder;
    return {
      ...base,
      holders: [h, ...q.holders.filter((x) => x !== h)],
      state: 'foreign',
      detail: `held by ${describeProcess(h)}`,
    };
  }
  const v = verdicts.find((x) => x.holder.pid !== 0) ?? verdicts[0];
  return { ...base, holders: q.holders, state: 'unknown', detail: `held by ${v.why}` };
}

/** The verdict on one port of a service. */
export function judgePort(q: PortQuestion, ev: Evidence): PortVerdict {
  const verdicts = q.holders.map((h) => judgeHolder(h, ev));
  if (ev.engine === undefined) return withoutEngine(q, verdicts);
  const base = { port: q.port, holders: q.holders };
  const owners = verdicts.filter((v) => v.judgement === 'serves').map((v) => v.container!);
  // Nothing seen on the host but a running container publishes the port (e.g. a remote engine): trust the engine.
  if (q.holders.length === 0) {
    const publisher = ev.containers.find((c) => c.state === 'running' && publishes(c, q.port));
    if (publisher) owners.push(publisher);
  }
  // A node of the service's own kind cluster serves it, whichever service the node was matched to first.
  const ownNode = (c: Container) => q.kindCluster !== undefined && kindNodeOf(c)?.cluster === q.kindCluster;
  const other = owners.find((c) => c.service !== q.service && !ownNode(c));
  if (other) {
    const kind = kindServesText(other, q.port);
    if (other.service === undefined)
      return {
        ...base,
        state: 'foreign',
        container: other,
        detail: kind
          ? `held by ${kind}, which no berth.yaml service names`
          : `held by container ${other.name} (not a berth.yaml service)`,
      };
    if (q.sharedWith?.(other.service))
      return {
        ...base,
        state: 'shared',
        container: other,
        detail: `shared with ${other.service} (${kind ?? other.name})`,
      };
    return {
      ...base,
      state: 'other-service',
      container: other,
      detail: kind ? `held by ${kind} of ${other.service}` : `held by ${other.service}'s container ${other.name}`,
    };
  }
  const process = verdicts.find((v) => v.judgement === 'process' || v.judgement === 'invisible');
  if (process) return { ...base, state: 'foreign', detail: `held by ${describeProcess(process.holder)}` };
  // A stale or unjudged holder beside a serving one still holds the port: served means every holder serves.
  const stale = verdicts.find((v) => v.judgement === 'stale');
  if (stale) return { ...base, state: 'stale', container: stale.container, detail: `stale ${stale.why}` };
  const unjudged = verdicts.find((v) => v.judgement === 'unjudged');
  if (unjudged) return { ...base, state: 'unknown', detail: `held by ${unjudged.why}` };
  if (owners.length > 0)
    return {
      ...base,
      state: 'served',
      container: owners[0],
      detail: `served by ${kindServesText(owners[0], q.port) ?? owners[0].name}`,
    };
  return { ...base, state: 'free', detail: 'free' };
}
