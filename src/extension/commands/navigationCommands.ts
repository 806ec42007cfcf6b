// Copy a port, reveal an allocation in berth.yaml, create berth.yaml from the template.
import * as vscode from 'vscode';
import { posix } from 'node:path';
import { configTemplate } from '../configTemplate';
import type { Session } from '../session';
import type { TreeNode } from '../tree/node';

export async function copyPortCommand(node: TreeNode | undefined): Promise<string | undefined> {
  const port = node?.ref?.port;
  if (port === undefined) return undefined;
  await vscode.env.clipboard.writeText(String(port));
  vscode.window.setStatusBarMessage(`Berth: copied ${port}`, 2000);
  return String(port);
}

/** Opens the row's folder's berth.yaml at the port's allocation (or the service's key); without a node, at the top. */
export async function revealAllocationCommand(
  session: Session,
  node: TreeNode | undefined,
): Promise<vscode.TextEditor | undefined> {
  const folder = node?.ref?.folder;
  const s =
    session.config.states.find((x) => folder !== undefined && x.root?.toString() === folder) ?? session.config.state;
  const uri = s.kind === 'ok' || s.kind === 'invalid' ? s.configUri : undefined;
  if (!uri) {
    void vscode.window.showErrorMessage('Berth: there is no berth.yaml to open.');
    return undefined;
  }
  const service =
    s.kind === 'ok' && node?.ref?.service ? s.config.services.find((x) => x.name === node.ref.service) : undefined;
  const range =
    (node?.ref?.role ? service?.ports.find((a) => a.role === node.ref.role)?.range : undefined) ?? service?.range;
  const doc = await vscode.workspace.openTextDocument(uri);
  const selection = range
    ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character)
    : undefined;
  return vscode.window.showTextDocument(doc, { selection, preview: false });
}

/** Writes the commented template (unless berth.yaml exists: then it is opened). */
export async function createConfigCommand(session: Session): Promise<vscode.Uri | undefined> {
  const s = session.config.state;
  if (s.kind !== 'missing') return (await revealAllocationCommand(session, undefined))?.document.uri;
  if (!s.root) {
    void vscode.window.showErrorMessage('Berth: open a folder first; berth.yaml lives at its root.');
    return undefined;
  }
  const uri = vscode.Uri.joinPath(s.root, 'berth.yaml');
  const name =
    posix
      .basename(s.root.path)
      .toLowerCase()
      .replace(/[^a-z0-9_.-]/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'app';
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(configTemplate(name)));
  session.log.info(`created ${uri.fsPath} from the template`);
  await session.config.load();
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  return uri;
}
