// The I/O half of planning: the engine's containers, ONE holder scan for the service's ports,
// gvproxy's forwarder list when gvproxy holds one of them, and the process chain to protect.
import type { BerthConfig } from '../core/types';
import type { Engine } from '../engine/connection';
import type { Container } from '../model/container';
import { listEngineContainers, serviceOf } from '../engine/containers';
import { GvproxyApi, type GvproxyApiOptions } from '../host/gvproxy';
import type { PortHolder } from '../model/holder';
import { scanAttributed } from '../host/portScan';
import { holderScanOn } from '../host/remoteHost';
import { ownProcessChain } from '../host/terminate';
import { interruptedRun } from '../host/serviceLock';
import { findService, servicePorts, type CleanupInputs, type GvproxyView } from './decide';
import { errorText } from '../core/errorText';

export interface GatherOptions {
  /** Undefined when no engine is reachable: engine forwarders are then left alone. */
  engine?: Engine;
  engineError?: string;
  config: BerthConfig;
  service: string;
  /** Pids never to act on (the extension passes the editor's process tree). */
  protectedPids?: Iterable<number>;
  /** How to reach gvproxy's forwarder API (the command and base URL); see src/host/gvproxy.ts. */
  gvproxy?: GvproxyApiOptions;
  /** For tests and benches: another holder scan. */
  scan?: (ports: number[]) => Promise<Map<number, PortHolder[]>>;
  /** Folder of the service locks (where an interrupted start is found); default the user's cache folder. */
  lockDir?: string;
}

export function sshPortOf(cmdline: string[]): number | undefined {
  const i = cmdline.findIndex((a) => a === '-ssh-port' || a === '--ssh-port');
  const v = i >= 0 ? Number(cmdline[i + 1]) : NaN;
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

/** Reads each distinct gvproxy's forwarder list once. */
export async function readGvproxies(
  holders: Iterable<PortHolder>,
  opts: GvproxyApiOptions | undefined,
): Promise<Map<number, GvproxyView>> {
  const gv = new Map<number, PortHolder>();
  for (const h of holders) if (h.kind === 'gvproxy' && h.pid > 0) gv.set(h.pid, h);
  const out = new Map<number, GvproxyView>();
  await Promise.all(
    [...gv.values()].map(async (h) => {
      const sshPort = sshPortOf(h.cmdline);
      try {
        out.set(h.pid, { forwards: await new GvproxyApi(opts).list(), sshPort });
      } catch (e) {
        out.set(h.pid, { error: errorText(e), sshPort });
      }
    }),
  );
  return out;
}

export async function gatherCleanupInputs(opts: GatherOptions): Promise<CleanupInputs> {
  findService(opts.config, opts.service);
  let containers: Container[] = [];
  let engineError = opts.engineError;
  if (opts.engine) {
    try {
      // Inspect only this service's containers: Podman tells health only through inspect.
      containers = await listEngineContainers(opts.engine, (c) => serviceOf(c, opts.config)?.service === opts.service);
    } catch (e) {
      engineError = `cannot list containers on ${opts.engine.socket}: ${errorText(e)}`;
    }
  }
  const engine = opts.engine && !engineError ? { kind: opts.engine.kind, socket: opts.engine.socket } : undefined;
  // One scan covers every allocated port: the planner must see when a process also holds another service's.
  const mine = new Set(servicePorts(opts.config, opts.service, containers).map((p) => p.port));
  const ports = new Set(mine);
  for (const s of opts.config.services) for (const a of s.ports) ports.add(a.port);
  // A remote engine's holders are on its machine; Berth's own processes are not there to protect.
  const remote = opts.engine !== undefined && opts.engine.host.kind !== 'local';
  const scan = opts.scan ?? (opts.engine && holderScanOn(opts.engine.host, opts.engine.shell));
  const [holders, ownChain, interrupted] = await Promise.all([
    scanAttributed([...ports], scan),
    remote ? Promise.resolve(new Set<number>()) : ownProcessChain(),
    interruptedRun(opts.service, 1, opts.lockDir).catch(() => undefined),
  ]);
  // gvproxy's API is asked through this machine: a remote engine's gvproxy is not reachable that way.
  const gvproxy = remote
    ? new Map<number, GvproxyView>()
    : await readGvproxies(
        [...holders].filter(([port]) => mine.has(port)).flatMap(([, hs]) => hs),
        opts.gvproxy,
      );
  return {
    config: opts.config,
    service: opts.service,
    engine,
    ...(remote ? { host: opts.engine!.host } : {}),
    engineError,
    containers,
    holders,
    gvproxy,
    ownChain,
    protectedPids: new Set(opts.protectedPids ?? []),
    ...(interrupted ? { interrupted } : {}),
  };
}
