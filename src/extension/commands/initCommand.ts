// "From this repository…": runs `berth init` in-process with a cancellable progress notification and opens
// the proposal as an untitled YAML document for review (nothing is written; saving it as berth.yaml is the
// user's choice). The report follows the proposal as comments, so what init did not decide stays in view.
// When the workspace has markdown documents with allocation tables, a pick offers them first (--from-doc).
import * as vscode from 'vscode';
import type { InitResult } from '../../init/runInit';
import type { Session } from '../session';
import { pickAllocationDocs, type DocChoice } from './initDocsPick';

// Loaded on first use: init brings the markdown parser and the source grammars, which activation does not need.
const loadInit = async () => ({
  ...(await import('../../init/runInit.js')),
  ...(await import('../../init/report.js')),
  ...(await import('../../init/docFind.js')),
  ...(await import('../../init/docRead.js')),
});

/** The pick's answer given as the command's argument (automation, tests): documents relative to the root. */
export interface InitChoice {
  fromDoc?: string[];
  table?: string;
}

export async function initFromRepositoryCommand(
  session: Session,
  choice?: InitChoice,
): Promise<vscode.TextDocument | undefined> {
  const root = session.config.state.root ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root || root.scheme !== 'file') {
    void vscode.window.showErrorMessage('Berth: open a folder on this machine first; init reads its files.');
    return undefined;
  }
  const { runInit, reportLines, findAllocationDocs, readDocument, InitInputError } = await loadInit();
  // A broken or unreadable document: every problem located in the log, the first in the message; nothing opened.
  const refuse = (e: unknown) => {
    if (!(e instanceof InitInputError)) throw e;
    for (const p of e.problems) session.log.error(`berth init: ${p}`);
    const more = e.problems.length > 1 ? ` (+${e.problems.length - 1} more in the Berth output)` : '';
    void vscode.window.showErrorMessage(`Berth: init cannot use the allocation document: ${e.problems[0]}${more}`);
    return null;
  };
  let docs: DocChoice | undefined;
  try {
    // A menu passes its own argument (a URI, a tree item): only an InitChoice skips the pick.
    const given = choice && Array.isArray(choice.fromDoc) ? choice : undefined;
    docs = given
      ? {
          docs: given.fromDoc!.map((p) => readDocument(root.fsPath, root.fsPath, p)),
          ...(given.table !== undefined ? { table: given.table } : {}),
        }
      : await pickAllocationDocs(await findAllocationDocs(root.fsPath));
  } catch (e) {
    refuse(e);
    return undefined;
  }
  if (!docs) {
    session.log.info('berth init cancelled');
    return undefined;
  }
  const picked = docs;
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Berth: reading this repository for berth.yaml',
      cancellable: true,
    },
    async (_progress, token): Promise<InitResult | undefined | null> => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await runInit({ root: root.fsPath, ...picked, signal: abort.signal });
      } catch (e) {
        if (abort.signal.aborted) return undefined;
        return refuse(e);
      } finally {
        sub.dispose();
      }
    },
  );
  if (result === null) return undefined;
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
