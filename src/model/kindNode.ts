// kind clusters as the engine shows them: each node is a container labelled io.x-k8s.kind.cluster=<name> and
// io.x-k8s.kind.role=<control-plane|worker>, publishing the cluster's extraPortMappings (host port → the node's
// container port, which kind users set to a NodePort). The ONE place that says what a kind node is and how it
// is put into words; the verdicts, the tree, status and cleanup read it from here.
import type { Container } from './container';

export const LABEL_KIND_CLUSTER = 'io.x-k8s.kind.cluster';
export const LABEL_KIND_ROLE = 'io.x-k8s.kind.role';

export interface KindNode {
  cluster: string;
  /** control-plane, worker, external-load-balancer … as kind labels it. */
  role: string;
}

export function kindNodeOf(c: Pick<Container, 'labels'>): KindNode | undefined {
  const cluster = c.labels[LABEL_KIND_CLUSTER];
  return cluster ? { cluster, role: c.labels[LABEL_KIND_ROLE] || 'node' } : undefined;
}

/** "kind cluster e2e (control-plane, nodePort 30080)": who serves a host port the node publishes. */
export function kindServesText(c: Pick<Container, 'labels' | 'ports'>, port: number): string | undefined {
  const node = kindNodeOf(c);
  if (!node) return undefined;
  const target = c.ports.find((p) => p.hostPort === port)?.containerPort;
  return `kind cluster ${node.cluster} (${node.role}${target !== undefined ? `, nodePort ${target}` : ''})`;
}

/** "kind control-plane node of cluster e2e": what a node container is, beside its state. */
export function kindNodeText(node: KindNode): string {
  return `kind ${node.role} node of cluster ${node.cluster}`;
}

/** What removing a node container does: kind cannot restore one node, the cluster is gone with it. */
export function kindNodeRisk(node: KindNode): string {
  return `ends the whole kind cluster ${node.cluster} (every node and everything deployed in it); \`kind delete cluster --name ${node.cluster}\` does the same cleanly`;
}
