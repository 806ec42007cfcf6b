// The kind side of an export: which NodePort each allocated host port goes to, and the kind cluster config
// (kind.x-k8s.io/v1alpha4) whose extraPortMappings carry the host port to that NodePort on the control plane.
// kind fixes port mappings when the cluster is created, so the config is written before `kind create cluster`.

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const SPAN = NODE_PORT_MAX - NODE_PORT_MIN + 1;

export interface PortMappingPlan {
  hostPort: number;
  nodePort: number;
  listenAddress?: string;
}

/**
 * A NodePort for each host port: the one the service's kind config already maps it to (`preferred`, when a
 * NodePort), else the host port itself when it lies in 30000-32767, else the host port folded into that range
 * (so one host port keeps its NodePort from export to export), the next free one on a clash.
 */
export function assignNodePorts(
  hostPorts: readonly number[],
  preferred: ReadonlyMap<number, number> = new Map(),
): Map<number, number> {
  const out = new Map<number, number>();
  const taken = new Set<number>();
  for (const host of hostPorts) {
    const want = preferred.get(host);
    if (!out.has(host) && want !== undefined && want >= NODE_PORT_MIN && want <= NODE_PORT_MAX && !taken.has(want)) {
      out.set(host, want);
      taken.add(want);
    }
  }
  for (const host of hostPorts) {
    if (out.has(host)) continue;
    let offset = (((host - NODE_PORT_MIN) % SPAN) + SPAN) % SPAN;
    while (taken.has(NODE_PORT_MIN + offset)) offset = (offset + 1) % SPAN;
    taken.add(NODE_PORT_MIN + offset);
    out.set(host, NODE_PORT_MIN + offset);
  }
  return out;
}

export function kindClusterConfig(name: string, mappings: readonly PortMappingPlan[]): Record<string, unknown> {
  return {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name,
    nodes: [
      {
        role: 'control-plane',
        extraPortMappings: mappings.map((m) => ({
          containerPort: m.nodePort,
          hostPort: m.hostPort,
          ...(m.listenAddress ? { listenAddress: m.listenAddress } : {}),
          protocol: 'TCP',
        })),
      },
    ],
  };
}
