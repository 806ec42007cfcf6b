// What a command acts on: a tree node (menus), a service name (palette callers, CodeLenses, tests), a compose
// file that is a service's stack (explorer and editor menus) or a pick.
import * as vscode from 'vscode';
import type { BerthConfig } from '../../core/types';
import type { Engine } from '../../engine/connection';
import type { TreeNode } from '../tree/node';
import type { Session } from '../session';

export type CommandArg = TreeNode | string | vscode.Uri | undefined;

/** The services whose `stack: { compose }` is this file. */
export function composeServices(config: BerthConfig, root: vscode.Uri, uri: vscode.Uri): string[] {
  return config.services
    .filter((s) => s.stack?.compose && vscode.Uri.joinPath(root, s.stack.compose).fsPath === uri.fsPath)
    .map((s) => s.name);
}

export function serviceOfArg(arg: CommandArg): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return undefined;
  return arg?.ref?.service;
}

/** Where a command was invoked from, for the output channel: who asked is the first question when a stack stops. */
export function argSource(arg: CommandArg): string {
  if (arg === undefined) return 'the command palette or a keybinding';
  if (typeof arg === 'string') return 'a CodeLens, task or command link';
  if (arg instanceof vscode.Uri) return 'the menu of a compose file';
  return `the view's ${arg.kind} row`;
}

/** The parsed berth.yaml, or an error message shown to the user and undefined. */
export function requireConfig(session: Session): { config: BerthConfig; root: vscode.Uri } | undefined {
  const s = session.config.state;
  if (s.kind === 'ok') return { config: s.config, root: s.root };
  void vscode.window
    .showErrorMessage(
      s.kind === 'missing'
        ? 'Berth: there is no berth.yaml in this workspace.'
        : `Berth: berth.yaml cannot be used: ${s.error}`,
      s.kind === 'missing' ? 'Create berth.yaml' : 'Open berth.yaml',
    )
    .then((pick) => {
      if (pick)
        void vscode.commands.executeCommand(s.kind === 'missing' ? 'berth.createConfig' : 'berth.revealAllocation');
    });
  return undefined;
}

/** The connected engine, or an error offering to retry or to set berth.engine.host. */
export function requireEngine(session: Session): Engine | undefined {
  const engine = session.engine();
  if (engine) return engine;
  const s = session.engineStatus();
  const why = s.state === 'unreachable' ? s.reason : 'still connecting';
  void vscode.window
    .showErrorMessage(`Berth: no container engine (${why}).`, 'Retry', 'Set berth.engine.host')
    .then((pick) => {
      if (pick === 'Retry') void vscode.commands.executeCommand('berth.retryEngine');
      else if (pick) void vscode.commands.executeCommand('berth.openEngineSetting');
    });
  return undefined;
}

/**
 * The service named by the argument, or one the user picks. `describe` adds a description per service
 * (roll-up, conflict count); `eligible` filters (e.g. only services with a stack).
 */
export async function pickService(
  session: Session,
  config: BerthConfig,
  arg: CommandArg,
  opts: {
    title: string;
    eligible?: (name: string) => boolean;
    describe?: (name: string) => string | undefined;
    sort?: (a: string, b: string) => number;
  },
): Promise<string | undefined> {
  const named = serviceOfArg(arg);
  if (named) {
    if (config.services.some((s) => s.name === named)) return named;
    void vscode.window.showErrorMessage(`Berth: berth.yaml has no service "${named}".`);
    return undefined;
  }
  const fromFile = arg instanceof vscode.Uri && session.config.state.kind === 'ok';
  const candidates = fromFile ? composeServices(config, session.config.state.root!, arg) : undefined;
  if (candidates?.length === 1) return candidates[0];
  const names = (candidates ?? config.services.map((s) => s.name)).filter((n) => opts.eligible?.(n) ?? true);
  if (opts.sort) names.sort(opts.sort);
  if (names.length === 0) {
    void vscode.window.showInformationMessage(`Berth: no service in berth.yaml fits (${opts.title}).`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    names.map((n) => ({ label: n, description: opts.describe?.(n) ?? session.services.get(n)?.summary })),
    { title: opts.title, placeHolder: 'Service', matchOnDescription: true },
  );
  return pick?.label;
}
