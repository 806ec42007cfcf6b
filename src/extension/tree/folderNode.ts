// Multi-root workspaces: one row per folder with a berth.yaml, its services beneath, under the one engine row. With
// a single folder the tree stays flat (no folder level). Pure: built from each folder's own tree (buildTree.ts).
import { healthyText, type ServiceStatus } from '../../model/status';
import { colors, type TreeNode } from './node';

export interface FolderTree {
  /** NodeRef.folder of every row beneath: the folder's URI as a string. */
  key: string;
  name: string;
  /** The folder's path, for the tooltip. */
  path: string;
  /** buildTree's roots for this folder: the engine row first, then its services. */
  roots: TreeNode[];
  services: ServiceStatus[];
  /** Service name → the other folders that declare it too (sharedServiceNames). */
  shared?: Map<string, string[]>;
}

/** Every row carries its folder; ids get the folder's prefix when there are several (ids must be unique). */
function inFolder(n: TreeNode, key: string, prefix: string, shared?: Map<string, string[]>): TreeNode {
  const others = n.kind === 'service' ? shared?.get(n.label) : undefined;
  return {
    ...n,
    id: prefix + n.id,
    tooltip: others
      ? `${n.tooltip ?? n.label}\nalso a service of ${others.join(', ')}: on one engine both use the same containers`
      : n.tooltip,
    ref: { ...n.ref, folder: key },
    children: n.children.map((c) => inFolder(c, key, prefix, shared)),
  };
}

export function workspaceTree(folders: FolderTree[]): TreeNode[] {
  if (folders.length === 0) return [];
  if (folders.length === 1) {
    const f = folders[0]!;
    return f.roots.map((n) => (n.kind === 'engine' ? n : inFolder(n, f.key, '', f.shared)));
  }
  const engine = folders[0]!.roots.find((n) => n.kind === 'engine');
  const rows = folders.map((f): TreeNode => {
    const listed = f.services.filter((s) => s.inConfig);
    const bad = listed.some((s) => s.health === 'unhealthy' || s.health === 'conflict');
    return {
      id: `folder:${f.key}`,
      kind: 'folder',
      label: f.name,
      description: healthyText(listed),
      tooltip: `${f.name}: ${f.path}\n${healthyText(listed)}`,
      icon: bad ? { id: 'root-folder', color: colors.warning } : { id: 'root-folder' },
      contextValue: 'folder',
      collapsible: 'expanded',
      children: f.roots.filter((n) => n.kind !== 'engine').map((n) => inFolder(n, f.key, `folder:${f.key}/`, f.shared)),
      ref: { folder: f.key },
    };
  });
  return engine ? [engine, ...rows] : rows;
}
