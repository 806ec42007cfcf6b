// Show logs and restart for a container row.
import * as vscode from 'vscode';
import { errorText } from '../../core/errorText';
import type { Session } from '../session';
import { requireTrust } from '../trust';
import type { TreeNode } from '../tree/node';
import { requireEngine } from './target';

const MAX_LINES = 5000;

function containerOf(node: TreeNode | undefined): { id: string; name: string } | undefined {
  const id = node?.ref?.containerId;
  if (!id) {
    void vscode.window.showErrorMessage('Berth: run this on a container in the Berth view.');
    return undefined;
  }
  return { id, name: node.ref.containerName ?? id.slice(0, 12) };
}

/** The container's logs (last MAX_LINES lines) in an untitled log document. */
export async function showLogsCommand(
  session: Session,
  node: TreeNode | undefined,
): Promise<vscode.TextDocument | undefined> {
  const c = containerOf(node);
  const engine = c && requireEngine(session);
  if (!c || !engine) return undefined;
  try {
    const text = await engine.logs(c.id);
    const lines = text.split('\n');
    const clipped =
      lines.length > MAX_LINES
        ? [`… ${lines.length - MAX_LINES} earlier lines not shown`, ...lines.slice(-MAX_LINES)]
        : lines;
    const doc = await vscode.workspace.openTextDocument({
      content: `# ${c.name} (${c.id.slice(0, 12)}) on ${engine.kind}\n${clipped.join('\n')}`,
      language: 'log',
    });
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  } catch (e) {
    void vscode.window.showErrorMessage(`Berth: cannot read the logs of ${c.name}: ${errorText(e)}`);
    return undefined;
  }
}

export async function restartContainerCommand(session: Session, node: TreeNode | undefined): Promise<boolean> {
  if (!requireTrust('Restart Container')) return false;
  const c = containerOf(node);
  const engine = c && requireEngine(session);
  if (!c || !engine) return false;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Restarting ${c.name}` }, () =>
      engine.restart(c.id, 10),
    );
    session.log.info(`restarted ${c.name} (${c.id.slice(0, 12)})`);
    await session.refresh();
    return true;
  } catch (e) {
    session.log.error(`restart of ${c.name} failed: ${errorText(e)}`);
    void vscode.window.showErrorMessage(`Berth: cannot restart ${c.name}: ${errorText(e)}`);
    return false;
  }
}
