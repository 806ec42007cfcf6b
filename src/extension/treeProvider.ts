// Turns the plain TreeNode model into vscode.TreeItems. All decisions live in tree/*.ts.
import * as vscode from 'vscode';
import type { TreeNode } from './tree/node';

const collapsible = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

export class ServicesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];
  private parents = new Map<string, TreeNode>();

  /** Replaces the whole model; VS Code keeps expansion by the nodes' stable ids. */
  update(roots: TreeNode[]): void {
    this.roots = roots;
    this.parents.clear();
    const walk = (n: TreeNode) => n.children.forEach((c) => (this.parents.set(c.id, n), walk(c)));
    roots.forEach(walk);
    this.changed.fire(undefined);
  }

  current(): TreeNode[] {
    return this.roots;
  }

  getChildren(element?: TreeNode): TreeNode[] {
    return element ? element.children : this.roots;
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return this.parents.get(element.id);
  }

  getTreeItem(n: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(n.label, collapsible[n.collapsible]);
    item.id = n.id;
    item.description = n.description;
    item.tooltip = n.tooltip;
    item.contextValue = n.contextValue;
    item.iconPath = new vscode.ThemeIcon(n.icon.id, n.icon.color ? new vscode.ThemeColor(n.icon.color) : undefined);
    item.accessibilityInformation = { label: [n.label, n.description].filter(Boolean).join(', ') };
    if (n.kind === 'port') {
      item.command = { command: 'berth.revealAllocation', title: 'Reveal Allocation in berth.yaml', arguments: [n] };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
