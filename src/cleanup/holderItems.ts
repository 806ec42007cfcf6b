// What cleanup does with each holder of one of the service's ports, given the model's verdict on it
// (src/model/verdict.ts decides serving / stale / foreign; this file only decides the action).
// Never: another service's container or forwarder, PID 1, Berth's own chain, a protected pid.
import type { BerthConfig } from '../core/types';
import { forwardPort, isSshForward, type GvForward } from '../host/gvproxy';
import { refusalReason } from '../host/terminate';
import type { Container } from '../model/container';
import { kindNodeOf } from '../model/kindNode';
import type { EngineHost } from '../model/engineHost';
import type { PortHolder } from '../model/holder';
import { describeHolder } from '../model/holderText';
import { judgeHolder, type Evidence } from '../model/verdict';
import type { CleanupItem } from './model';

export interface GvproxyView {
  /** The forwarder list as /all answered it, or the reason it could not be read. */
  forwards?: GvForward[];
  error?: string;
  /** -ssh-port gvproxy was started with: that forward is never touched. */
  sshPort?: number;
}

export interface HolderContext {
  config: BerthConfig;
  service: string;
  evidence: Evidence;
  gvproxy?: Map<number, GvproxyView>;
  /** The engine's machine; a remote one's gvproxy API is out of reach (it is asked through this machine). */
  host?: EngineHost;
  ownChain: Set<number>;
  protectedPids: Set<number>;
  /** Adds an item (merged by id); keep() records a holder that is left alone, and why. */
  add: (item: CleanupItem) => void;
  keep: (port: number, tag: string, why: string, extra?: Partial<CleanupItem>) => void;
  warn: (text: string) => void;
  /** ports / port / role fields for an item about these ports. */
  portFields: (ports: number[]) => Pick<CleanupItem, 'ports' | 'port' | 'role'>;
}

const short = (id: string) => id.slice(0, 12);

/** "container a_web (exited, service a)". */
export function describeContainer(c: Pick<Container, 'name' | 'state' | 'health' | 'service'>): string {
  const health = c.health ? `, ${c.health}` : '';
  return `container ${c.name} (${c.state}${health}${c.service ? `, service ${c.service}` : ', no Berth service'})`;
}

function otherServices(ctx: HolderContext, port: number): string[] {
  return ctx.config.services
    .filter((s) => s.name !== ctx.service && s.ports.some((a) => a.port === port))
    .map((s) => s.name);
}

/** A stale gvproxy: unexpose exactly the forwards of this port (never the SSH one); ending gvproxy is the last resort. */
function gvproxyItems(ctx: HolderContext, h: PortHolder, port: number, alsoOwned: string): void {
  const view = ctx.gvproxy?.get(h.pid);
  if (ctx.host && ctx.host.kind !== 'local') {
    // gvproxy's API is reached with `podman machine ssh` run HERE: for a remote engine it would reach this
    // machine's Podman machine, not the one holding the port. Only ending gvproxy there (below) stays.
    ctx.keep(
      port,
      `pid${h.pid}`,
      `held by gvproxy (pid ${h.pid}) on ${ctx.host.name} with no container publishing it: unexposing a gvproxy forward is not available for remote engines`,
      { holder: h },
    );
  } else if (!view?.forwards) {
    ctx.warn(`cannot read gvproxy's forwarder list (pid ${h.pid}): ${view?.error ?? 'not asked'}`);
    ctx.keep(
      port,
      `pid${h.pid}`,
      `held by gvproxy (pid ${h.pid}) with no container publishing it, but its forwarder list could not be read: ${view?.error ?? 'not asked'}`,
      { holder: h },
    );
  } else {
    const matching = view.forwards.filter((f) => f.protocol === 'tcp' && forwardPort(f.local) === port);
    for (const f of matching) {
      if (isSshForward(f, view.sshPort)) {
        ctx.keep(
          port,
          `ssh${h.pid}`,
          `gvproxy forward ${f.local} → ${f.remote} is the Podman machine's SSH forward: never touched`,
          { holder: h },
        );
        continue;
      }
      ctx.add({
        id: `forward:${h.pid}:${f.protocol}/${f.local}`,
        action: 'unexpose-forward',
        ...ctx.portFields([port]),
        holder: h,
        foreign: false,
        preselected: true,
        forward: { ...f, gvproxyPid: h.pid },
        why: `gvproxy forwards ${f.local} → ${f.remote} but no container publishes port ${port}`,
        risk: `removes only this forward through gvproxy's API; every other forward stays${alsoOwned}`,
      });
    }
    if (matching.length === 0)
      ctx.keep(
        port,
        `pid${h.pid}`,
        `held by gvproxy (pid ${h.pid}) but its forwarder list has no tcp entry for port ${port}`,
        { holder: h },
      );
  }
  ctx.add({
    id: `gvproxy:${h.pid}`,
    action: 'kill-gvproxy',
    ...ctx.portFields([port]),
    holder: h,
    foreign: false,
    preselected: false,
    why: `last resort: end gvproxy (pid ${h.pid}) itself`,
    risk: 'drops EVERY forward of the Podman machine at once (other services’ ports and the SSH forward too) until the machine is restarted',
  });
}

/** The item (or the reason to leave it) for one holder of one of the service's ports. */
export function planHolder(ctx: HolderContext, h: PortHolder, port: number): void {
  const others = otherServices(ctx, port);
  const alsoOwned = others.length ? `; port ${port} is also allocated to ${others.join(', ')}` : '';
  const refused = h.pid > 0 ? refusalReason(h.pid, ctx.ownChain, ctx.protectedPids) : undefined;
  if (refused) {
    ctx.keep(port, `pid${h.pid}`, `held by ${describeHolder(h)}: never touched (${refused})`, { holder: h });
    return;
  }
  const v = judgeHolder(h, ctx.evidence);
  const held = `held by ${h.kind === 'process' ? describeHolder(h) : h.kind}`;
  switch (v.judgement) {
    case 'invisible':
      ctx.keep(port, `uid${h.uid ?? '?'}`, `held by ${describeHolder(h)}; run Berth with the rights to see it`, {
        holder: h,
      });
      return;
    case 'unjudged':
      ctx.keep(port, `pid${h.pid}`, `held by ${v.why}: left alone`, { holder: h });
      return;
    case 'serves': {
      const o = v.container!.service;
      const node = kindNodeOf(v.container!);
      const ownCluster = ctx.config.services.find((s) => s.name === ctx.service)?.kind?.cluster;
      const whose =
        o === ctx.service || (node && node.cluster === ownCluster)
          ? 'serves this service'
          : node
            ? `is a node of kind cluster ${node.cluster}, not this service's cluster: never touched`
            : o
              ? `belongs to service ${o}: never touched`
              : 'belongs to no Berth service: never touched';
      ctx.keep(port, `c${short(v.container!.id)}`, `${held} for ${describeContainer(v.container!)}, which ${whose}`, {
        holder: h,
      });
      return;
    }
    case 'process':
      ctx.add({
        id: `process:${h.pid}`,
        action: 'terminate-process',
        ...ctx.portFields([port]),
        holder: h,
        foreign: true,
        preselected: false,
        why: `foreign process holds port ${port}: ${describeHolder(h)}`,
        risk: `Berth did not start it: ending it may lose its work${alsoOwned}`,
      });
      return;
    case 'stale':
      if (v.container) {
        // It names a container that exists but is not running: removing that container (own service) releases it.
        const own = v.container.service === ctx.service;
        ctx.keep(
          port,
          `c${short(v.container.id)}`,
          `${held} for ${describeContainer(v.container)}${own ? ': removing that container releases it' : ', not this service’s: never touched'}`,
          { holder: h },
        );
      } else if (h.kind === 'gvproxy') gvproxyItems(ctx, h, port, alsoOwned);
      else
        ctx.add({
          id: `process:${h.pid}`,
          action: 'terminate-process',
          ...ctx.portFields([port]),
          holder: h,
          foreign: false,
          preselected: true,
          why: `stale ${v.why}`,
          risk: `ends only this ${h.kind} process${alsoOwned}`,
        });
  }
}
