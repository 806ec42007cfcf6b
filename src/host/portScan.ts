// ONE holder scan of the ports Berth cares about, with host-network container processes attributed to
// their container, as status, the tree and cleanup all read it. The scan itself is src/host/holders.ts.
import type { BerthConfig } from '../core/types';
import type { PortHolder } from '../model/holder';
import { allocatedPorts } from '../model/portStatus';
import { scanHolders } from './holders';
import { readSmall } from './procFiles';

export type HolderScan = (ports: number[]) => Promise<Map<number, PortHolder[]>>;

/**
 * A plain process may be a container's own (host network): its cgroup path names the container
 * (/docker/<id>, libpod-<id>, docker-<id>.scope). Linux only; elsewhere holders are returned as they are.
 */
export async function attributeByCgroup(holders: Map<number, PortHolder[]>): Promise<Map<number, PortHolder[]>> {
  if (process.platform !== 'linux') return holders;
  const ids = new Map<number, string | undefined>();
  const idOf = (pid: number) => {
    if (!ids.has(pid)) ids.set(pid, /[0-9a-f]{64}/.exec(readSmall(`/proc/${pid}/cgroup`) ?? '')?.[0]);
    return ids.get(pid);
  };
  // Inside a dev container every process carries that container's id: it says nothing about the holder.
  const own = idOf(process.pid);
  const out = new Map<number, PortHolder[]>();
  for (const [port, hs] of holders) {
    out.set(
      port,
      hs.map((h) => {
        if (h.kind !== 'process' || h.pid <= 0 || h.containerId) return h;
        const id = idOf(h.pid);
        return id && id !== own ? { ...h, containerId: id } : h;
      }),
    );
  }
  return out;
}

/** One holder scan, with host-network container processes attributed to their container. */
export async function scanAttributed(
  ports: number[],
  scan: HolderScan = scanHolders,
): Promise<Map<number, PortHolder[]>> {
  // A remote machine's scan (./remoteHost.ts) attributes its own pids: this machine's /proc knows nothing of them.
  if ((scan as { remote?: boolean }).remote) return scan(ports);
  return attributeByCgroup(await scan(ports));
}

/** Every allocated port, scanned once. A failed scan is reported, not thrown: the engine's view still stands. */
export async function scanAllocated(
  config: BerthConfig | undefined,
  scan: HolderScan = scanHolders,
): Promise<{ holders: Map<number, PortHolder[]>; error?: string }> {
  const ports = allocatedPorts(config);
  if (ports.length === 0) return { holders: new Map() };
  try {
    return { holders: await scanAttributed(ports, scan) };
  } catch (e) {
    return { holders: new Map(), error: e instanceof Error ? e.message : String(e) };
  }
}
