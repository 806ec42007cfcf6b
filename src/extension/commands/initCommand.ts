// "From this repository…": runs `berth init` in-process with a cancellable progress notification and opens
// the proposal as an untitled YAML document for review (nothing is written; saving it as berth.yaml is the
// user's choice). The report follows the proposal as comments, so what init did not decide stays in view.
import * as vscode from 'vscode';
import type { InitResult } from '../../init/runInit';
import type { Session } from '../session';

// Loaded on first use: init brings the markdown parser and the source grammars, which activation does not need.
const loadInit = async () => ({
  ...(await import('../../init/runInit.js')),
  ...(await import('../../init/report.js')),
});

export async function initFromRepositoryCommand(session: Session): Promise<vscode.TextDocument | undefined> {
  const root = session.config.state.root ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root || root.scheme !== 'file') {
    void vscode.window.showErrorMessage('Berth: open a folder on this machine first; init reads its files.');
    return undefined;
  }
  const { runInit, reportLines } = await loadInit();
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Berth: reading this repository for berth.yaml',
      cancellable: true,
    },
    async (_progress, token): Promise<InitResult | undefined> => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await runInit({ root: root.fsPath, signal: abort.signal });
      } catch (e) {
        if (abort.signal.aborted) return undefined;
        throw e;
      } finally {
        sub.dispose();
      }
    },
  );
  if (!result) {
    session.log.info('berth init cancelled');
    return undefined;
  }
  const report = reportLines(result).map((l) => (l ? `# ${l}` : '#'));
  const content = `${result.yaml}\n# ---- berth init report ----\n${report.join('\n')}\n`;
  session.log.info(`berth init: ${reportLines(result)[0]}`);
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}
