// Port rows: Open in Browser and Copy URL on http ports (through env.asExternalUri, so a remote or code-server
// window gets a URL its browser can reach), and Show Holder on any port (pid, command line, user, container).
// All read-only: fine in untrusted workspaces.
import * as vscode from 'vscode';
import { holderReport } from '../../model/portHolderText';
import { portUrl } from '../../model/portUrl';
import type { Session } from '../session';
import type { TreeNode } from '../tree/node';

/**
 * The port's URL as the user's browser reaches it (on the engine's machine); undefined (and said) for a row that
 * is not an http port.
 */
async function externalUrl(session: Session, node: TreeNode | undefined): Promise<vscode.Uri | undefined> {
  const { role, port } = node?.ref ?? {};
  const engine = session.engineStatus();
  const host = engine.state === 'connected' ? engine.host : undefined;
  const local = role !== undefined && port !== undefined ? portUrl(role, port, host) : undefined;
  if (!local) {
    void vscode.window.showErrorMessage('Berth: run this on an http port row in the Berth view.');
    return undefined;
  }
  return vscode.env.asExternalUri(vscode.Uri.parse(local));
}

export async function openInBrowserCommand(session: Session, node: TreeNode | undefined): Promise<string | undefined> {
  const uri = await externalUrl(session, node);
  if (!uri) return undefined;
  session.log.info(`opening ${node!.ref.service}'s ${node!.ref.role} ${node!.ref.port} at ${uri.toString(true)}`);
  if (!(await vscode.env.openExternal(uri)))
    void vscode.window.showWarningMessage(`Berth: the browser did not open ${uri.toString(true)}.`);
  return uri.toString(true);
}

export async function copyUrlCommand(session: Session, node: TreeNode | undefined): Promise<string | undefined> {
  const uri = await externalUrl(session, node);
  if (!uri) return undefined;
  const text = uri.toString(true);
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Berth: copied ${text}`, 2000);
  return text;
}

/**
 * Who holds the port, from the view's last scan, in a modal with each fact on its line. Resolves with the text
 * once shown (not when dismissed), so callers that cannot click can read it.
 */
export function showHolderCommand(session: Session, node: TreeNode | undefined): string | undefined {
  const { service, role, folder } = node?.ref ?? {};
  const services = session.folders().find((f) => f.key === folder)?.services;
  const row = service && role ? services?.get(service)?.ports.find((p) => p.role === role) : undefined;
  if (!service || !role || !row) {
    void vscode.window.showErrorMessage('Berth: run this on a port row in the Berth view.');
    return undefined;
  }
  const { title, lines } = holderReport(service, role, row);
  const detail = lines.join('\n');
  void vscode.window.showInformationMessage(title, { modal: true, detail }, 'Copy').then((pick) => {
    if (pick) void vscode.env.clipboard.writeText(`${title}\n${detail}`);
  });
  return `${title}\n${detail}`;
}
