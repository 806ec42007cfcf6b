// The tree as plain data: built by pure functions (unit-tested without VS Code), turned into
// vscode.TreeItems by treeProvider.ts.
import type { ServiceHealth } from '../../model/status';

export type NodeKind =
  'engine' | 'attempt' | 'folder' | 'service' | 'ports' | 'port' | 'containers' | 'container' | 'worker' | 'message';

/** A codicon id and an optional theme color id (e.g. "testing.iconPassed"). */
export interface IconSpec {
  id: string;
  color?: string;
}

/** What a node's commands act on. */
export interface NodeRef {
  /** The workspace folder (its URI as a string) whose berth.yaml the row comes from. */
  folder?: string;
  service?: string;
  role?: string;
  port?: number;
  containerId?: string;
  containerName?: string;
  /** A parallel worker's stack (2, 3, …). */
  worker?: number;
}

export interface TreeNode {
  /** Stable across refreshes so VS Code keeps expansion and selection. */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  icon: IconSpec;
  /** `viewItem` in package.json when clauses. */
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  children: TreeNode[];
  /** Service rows: the roll-up of src/model/status.ts. */
  health?: ServiceHealth;
  ref: NodeRef;
}

export const colors = {
  ok: 'testing.iconPassed',
  pending: 'charts.yellow',
  warning: 'list.warningForeground',
  error: 'errorForeground',
  off: 'disabledForeground',
  info: 'charts.blue',
} as const;

export function leaf(n: Omit<TreeNode, 'children' | 'collapsible'>): TreeNode {
  return { ...n, collapsible: 'none', children: [] };
}
