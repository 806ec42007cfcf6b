// The whole tree from one status model (src/model/status.ts) and berth.yaml.
import type { BerthConfig } from '../../core/types';
import type { ServiceStatus } from '../../model/status';
import { EngineView, engineNode } from './engineNode';
import { colors, leaf, TreeNode } from './node';
import { serviceNode } from './serviceNode';

export interface TreeInput {
  engine: EngineView;
  /** undefined: no usable berth.yaml (the view shows its welcome content). */
  config: BerthConfig | undefined;
  /** The model's services (buildStatus). */
  services: ServiceStatus[];
  now: number;
}

/**
 * The engine row, then berth.yaml's services in their order. Leftovers of services no longer in berth.yaml
 * are `berth status`'s business: the tree's row actions all act on a berth.yaml service.
 */
export function buildTree(input: TreeInput): TreeNode[] {
  if (!input.config) return [];
  const roots: TreeNode[] = [engineNode(input.engine)];
  if (input.config.services.length === 0) {
    roots.push(
      leaf({
        id: 'message:no-services',
        kind: 'message',
        label: 'berth.yaml lists no services',
        icon: { id: 'info', color: colors.info },
        contextValue: 'message',
        ref: {},
      }),
    );
  }
  const byName = new Map(input.services.map((s) => [s.name, s]));
  for (const def of input.config.services) {
    const status = byName.get(def.name);
    if (status) roots.push(serviceNode({ def, status }, input.now, input.engine.state));
  }
  return roots;
}

/** Depth-first search by id (the tree is small: tens of nodes). */
export function findNode(roots: TreeNode[], id: string): TreeNode | undefined {
  for (const n of roots) {
    if (n.id === id) return n;
    const hit = findNode(n.children, id);
    if (hit) return hit;
  }
  return undefined;
}
