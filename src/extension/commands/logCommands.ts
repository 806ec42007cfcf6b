// Follow Logs (a container row) and Follow Stack Logs (a service: every container of its stack, interleaved with
// step prefixes) in a terminal. Reading logs is read-only: allowed in untrusted workspaces, like Show Container Logs.
import * as vscode from 'vscode';
import { openLogTerminal } from '../logTerminal';
import type { Session } from '../session';
import type { TreeNode } from '../tree/node';
import { CommandArg, pickService, requireEngine, requireFolder } from './target';

export function followLogsCommand(session: Session, node: TreeNode | undefined): vscode.Terminal | undefined {
  const id = node?.ref?.containerId;
  if (!id) {
    void vscode.window.showErrorMessage('Berth: run this on a container in the Berth view.');
    return undefined;
  }
  const engine = requireEngine(session);
  if (!engine) return undefined;
  const name = node.ref.containerName ?? id.slice(0, 12);
  const folder = node.ref.folder ? vscode.Uri.parse(node.ref.folder) : undefined;
  return openLogTerminal(engine, `Logs: ${name}`, [{ id, name, label: name }], session.log, folder);
}

export async function followStackLogsCommand(session: Session, arg: CommandArg): Promise<vscode.Terminal | undefined> {
  const folder = await requireFolder(session, arg, 'Berth: Follow Stack Logs of…');
  if (!folder) return undefined;
  const containersOf = (n: string) => folder.services.get(n)?.containers ?? [];
  const service = await pickService(folder, arg, {
    title: 'Berth: Follow Stack Logs of…',
    eligible: (n) => containersOf(n).length > 0,
  });
  if (!service) return undefined;
  const engine = requireEngine(session);
  if (!engine) return undefined;
  const containers = containersOf(service);
  if (!containers.length) {
    void vscode.window.showInformationMessage(`Berth: ${service} has no containers to follow.`);
    return undefined;
  }
  const sources = containers.map((c) => ({ id: c.id, name: c.name, label: c.step ?? c.name }));
  return openLogTerminal(engine, `Logs: ${service}`, sources, session.log, folder.root);
}
