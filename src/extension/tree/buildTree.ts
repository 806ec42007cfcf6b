// The whole tree from one snapshot of engine, holders and berth.yaml.
import { EngineView, engineNode } from './engineNode';
import { colors, leaf, TreeNode } from './node';
import { RollUp } from './rollUp';
import { ServiceInput, serviceNode } from './serviceNode';

export interface TreeInput {
  engine: EngineView;
  /** undefined: no usable berth.yaml (the view shows its welcome content). */
  services: ServiceInput[] | undefined;
  now: number;
}

export interface BuiltTree {
  roots: TreeNode[];
  rollUps: Map<string, RollUp>;
}

export function buildTree(input: TreeInput): BuiltTree {
  const rollUps = new Map<string, RollUp>();
  if (!input.services) return { roots: [], rollUps };
  const roots: TreeNode[] = [engineNode(input.engine)];
  if (input.services.length === 0) {
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
  for (const s of input.services) {
    const { node, rollUp } = serviceNode(s, input.now);
    roots.push(node);
    rollUps.set(s.service.name, rollUp);
  }
  return { roots, rollUps };
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
