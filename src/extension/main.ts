// Berth's extension entry. Activation is lazy and light: it registers the view, commands and the status
// bar, reads berth.yaml, and leaves the engine connection and the language server to start in the
// background.
import * as vscode from 'vscode';
import type { BerthApi } from './api';
import { cleanStalePortsCommand, CleanupChoice } from './commands/cleanupCommand';
import { initFromRepositoryCommand, type InitChoice } from './commands/initCommand';
import { followLogsCommand, followStackLogsCommand } from './commands/logCommands';
import { restartContainerCommand, showLogsCommand } from './commands/containerCommands';
import { copyPortCommand, createConfigCommand, revealAllocationCommand } from './commands/navigationCommands';
import { copyUrlCommand, openInBrowserCommand, showHolderCommand } from './commands/portCommands';
import { startStackCommand, stopStackCommand } from './commands/stackCommands';
import type { CommandArg } from './commands/target';
import { registerCodeLenses } from './codeLenses';
import { pushHoldersToServer } from './holderPush';
import { startLanguageClient } from './languageClient';
import { errorText } from '../core/errorText';
import { Session } from './session';
import { registerTaskProvider } from './tasks/taskProvider';
import { registerTerminalEnv } from './tasks/terminalEnv';
import type { TreeNode } from './tree/node';
import { openWalkthrough } from './walkthrough';

export function activate(context: vscode.ExtensionContext): BerthApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Berth', { log: true });
  const session = new Session(log);
  context.subscriptions.push(log, session);

  const setContext = (key: string, value: unknown) => void vscode.commands.executeCommand('setContext', key, value);

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers take whatever VS Code passes them
  const register = (id: string, fn: (...args: any[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          // Commands never end in an unhandled rejection: log it and tell the user.
          log.error(`${id} failed: ${errorText(e)}`);
          void vscode.window.showErrorMessage(`Berth: ${errorText(e)}`);
          return undefined;
        }
      }),
    );
  register('berth.refresh', () => session.refresh());
  register('berth.startStack', (arg: CommandArg) => startStackCommand(session, arg));
  register('berth.stopStack', (arg: CommandArg) => stopStackCommand(session, arg));
  register('berth.cleanStalePorts', (arg: CommandArg, choice?: CleanupChoice) =>
    cleanStalePortsCommand(session, arg, choice),
  );
  register('berth.showLogs', (node?: TreeNode) => showLogsCommand(session, node));
  register('berth.followLogs', (node?: TreeNode) => followLogsCommand(session, node));
  register('berth.followStackLogs', (arg: CommandArg) => followStackLogsCommand(session, arg));
  register('berth.restartContainer', (node?: TreeNode) => restartContainerCommand(session, node));
  register('berth.copyPort', (node?: TreeNode) => copyPortCommand(node));
  register('berth.openInBrowser', (node?: TreeNode) => openInBrowserCommand(session, node));
  register('berth.copyUrl', (node?: TreeNode) => copyUrlCommand(session, node));
  register('berth.showHolder', (node?: TreeNode) => showHolderCommand(session, node));
  register('berth.revealAllocation', (node?: TreeNode) => revealAllocationCommand(session, node));
  register('berth.createConfig', () => createConfigCommand(session));
  register('berth.initFromRepository', (choice?: InitChoice) => initFromRepositoryCommand(session, choice));
  register('berth.retryEngine', () => session.retryEngine());
  register('berth.openEngineSetting', () =>
    vscode.commands.executeCommand('workbench.action.openSettings', 'berth.engine.host'),
  );
  register('berth.showOutput', () => log.show());
  register('berth.openWalkthrough', () => openWalkthrough());
  context.subscriptions.push(
    registerTaskProvider(context, session.config),
    registerTerminalEnv(context, session.config, log),
  );

  context.subscriptions.push(registerCodeLenses(session));

  // Diagnostics work in untrusted workspaces too: the language server only reads files.
  void startLanguageClient(context, log)
    .then((client) => context.subscriptions.push(pushHoldersToServer(client, session)))
    .catch((e: unknown) => log.error(`language server failed to start: ${errorText(e)}`));
  void session.start().catch((e: unknown) => log.error(`reading berth.yaml failed: ${errorText(e)}`));
  setContext('berth.activated', true);

  const activationMs = performance.now() - t0;
  log.info(
    `activated in ${activationMs.toFixed(1)} ms (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted: stacks, cleanup and restarts disabled'})`,
  );

  return {
    activationMs,
    roots: () => session.tree.current(),
    statusText: () => session.statusText,
    configState: () => {
      const s = session.config.state;
      return s.kind === 'invalid'
        ? `invalid: ${s.error}`
        : s.kind === 'missing'
          ? `missing${s.root ? ` (looked in ${s.root.fsPath})` : ' (no folder open)'}`
          : 'ok';
    },
    refresh: () => session.refresh(),
    onDidRefresh: session.onDidRefresh,
    waitFor(predicate, timeoutMs) {
      if (predicate(session.tree.current())) return Promise.resolve(session.tree.current());
      return new Promise((resolve, reject) => {
        const sub = session.onDidRefresh((roots) => {
          if (!predicate(roots)) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(roots);
        });
        const timer = setTimeout(() => {
          sub.dispose();
          reject(
            new Error(
              `Berth tree did not reach the expected state within ${timeoutMs} ms; last: ${JSON.stringify(session.tree.current().map((n) => [n.label, n.description]))}`,
            ),
          );
        }, timeoutMs);
      });
    },
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes them.
}
