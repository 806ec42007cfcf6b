// What activate() returns: a small surface for the extension-host suites (and other extensions) to read
// the tree model and wait for it, instead of sleeping.
import type * as vscode from 'vscode';
import type { TreeNode } from './tree/node';

export interface BerthApi {
  /** Milliseconds activate() took. */
  readonly activationMs: number;
  /** The tree as plain data (labels, descriptions, icons, context values). */
  roots(): TreeNode[];
  /** What Berth made of berth.yaml: "missing", "invalid: <why>" or "ok". */
  configState(): string;
  /** The status bar text, or undefined when hidden. */
  statusText(): string | undefined;
  /** Re-reads the engine and re-scans holders; resolves when the tree shows the result. */
  refresh(): Promise<void>;
  /** Resolves with the roots once `predicate` holds (checked now and after every refresh); rejects after timeoutMs. */
  waitFor(predicate: (roots: TreeNode[]) => boolean, timeoutMs: number): Promise<TreeNode[]>;
  readonly onDidRefresh: vscode.Event<TreeNode[]>;
}
