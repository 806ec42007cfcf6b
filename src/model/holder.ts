// A process (or socket) holding a host port, as the host scan reports it, and what kind of forwarder it is.
// The scan itself is I/O and lives in src/host/holders.ts; the shape is the model's.

export type HolderKind = 'docker-proxy' | 'conmon' | 'rootlessport' | 'pasta' | 'gvproxy' | 'process';

export interface PortHolder {
  port: number;
  /** 0 when the socket is seen but its process is not visible (another user's process without privileges). */
  pid: number;
  ppid?: number;
  command: string;
  cmdline: string[];
  uid?: number;
  user?: string;
  state: 'listen' | 'bound' | 'other';
  kind: HolderKind;
  /** Container id, when the holder's command line (conmon -c <id>) or its cgroup (host network) tells. */
  containerId?: string;
  /** Local address of the socket (0.0.0.0, ::, 127.0.0.1 …). */
  address?: string;
  /** What a forwarder says it forwards to (docker-proxy's -container-ip/-container-port). */
  forward?: { hostIp?: string; hostPort?: number; containerIp?: string; containerPort?: number };
}

export type EngineKind = 'docker' | 'podman';

/** Processes an engine runs to publish a container's port: they hold it for a container, not for themselves. */
export function isForwarder(h: Pick<PortHolder, 'kind'>): boolean {
  return h.kind !== 'process';
}

const ENGINE_OF: Partial<Record<HolderKind, EngineKind>> = {
  'docker-proxy': 'docker',
  conmon: 'podman',
  rootlessport: 'podman',
  pasta: 'podman',
};

/**
 * The engine whose containers a forwarder serves. gvproxy is left out: it carries a Podman machine's
 * forwards and is judged by its forwarder list, not by the connected engine's kind.
 */
export function forwarderEngine(kind: HolderKind): EngineKind | undefined {
  return ENGINE_OF[kind];
}
