// What a command acts on: a tree node (menus), a service of a folder (CodeLenses), a service name (palette callers,
// keybindings, tests), a compose file that is a service's stack (explorer and editor menus) or a pick. In a
// multi-root workspace the folder comes from the target when it tells, else from the user (folderChoice.ts).
import * as vscode from 'vscode';
import type { BerthConfig } from '../../core/types';
import type { Engine } from '../../engine/connection';
import { healthyText } from '../../model/status';
import { chooseFolder } from '../folderChoice';
import type { TreeNode } from '../tree/node';
import type { FolderView, Session } from '../session';

/** A service of one folder (its URI as a string): what CodeLenses pass. */
export interface ServiceTarget {
  service: string;
  folder?: string;
}

export type CommandArg = TreeNode | ServiceTarget | string | vscode.Uri | undefined;

/** The services whose `stack: { compose }` is this file. */
export function composeServices(config: BerthConfig, root: vscode.Uri, uri: vscode.Uri): string[] {
  return config.services
    .filter((s) => s.stack?.compose && vscode.Uri.joinPath(root, s.stack.compose).fsPath === uri.fsPath)
    .map((s) => s.name);
}

export function serviceOfArg(arg: CommandArg): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri || !arg) return undefined;
  return 'ref' in arg ? arg.ref?.service : arg.service;
}

function folderOfArg(session: Session, arg: CommandArg): string | undefined {
  if (arg instanceof vscode.Uri) return session.folderOf(arg)?.key;
  if (!arg || typeof arg === 'string') return undefined;
  return 'ref' in arg ? arg.ref?.folder : arg.folder;
}

/** Where a command was invoked from, for the output channel: who asked is the first question when a stack stops. */
export function argSource(arg: CommandArg): string {
  if (arg === undefined) return 'the command palette or a keybinding';
  if (typeof arg === 'string') return 'a task, command link or keybinding';
  if (arg instanceof vscode.Uri) return 'the menu of a compose file';
  if (!('ref' in arg)) return 'a CodeLens';
  return `the view's ${arg.kind} row`;
}

/**
 * The folder whose berth.yaml the command acts on: the one the target names, the only one that fits, or the user's
 * pick. Undefined (and said) when there is none or the user dismissed the pick.
 */
export async function requireFolder(session: Session, arg: CommandArg, title: string): Promise<FolderView | undefined> {
  const folders = session.folders();
  if (folders.length === 0) {
    showConfigProblem(session);
    return undefined;
  }
  const choice = chooseFolder(
    folders.map((f) => ({ key: f.key, name: f.name, services: f.config.services.map((d) => d.name) })),
    { folder: folderOfArg(session, arg), service: serviceOfArg(arg) },
  );
  if (choice.kind === 'none') {
    void vscode.window.showErrorMessage(`Berth: ${choice.error}`);
    return undefined;
  }
  if (choice.kind === 'one') return folders.find((f) => f.key === choice.key);
  const service = serviceOfArg(arg);
  const pick = await vscode.window.showQuickPick(
    folders
      .filter((f) => choice.keys.includes(f.key))
      .map((f) => ({
        label: f.name,
        description: healthyText([...f.services.values()]),
        detail: f.root.fsPath,
        key: f.key,
      })),
    {
      title,
      placeHolder: service ? `Which folder's ${service}?` : 'Workspace folder',
      matchOnDescription: true,
    },
  );
  return pick && folders.find((f) => f.key === pick.key);
}

/** No usable berth.yaml in any folder: says why, offering to create or open it. */
function showConfigProblem(session: Session): void {
  const s = session.config.states.find((x) => x.kind === 'invalid') ?? session.config.state;
  const missing = s.kind === 'missing';
  void vscode.window
    .showErrorMessage(
      s.kind === 'invalid'
        ? `Berth: berth.yaml cannot be used: ${s.error}`
        : 'Berth: there is no berth.yaml in this workspace.',
      missing ? 'Create berth.yaml' : 'Open berth.yaml',
    )
    .then((pick) => {
      if (pick) void vscode.commands.executeCommand(missing ? 'berth.createConfig' : 'berth.revealAllocation');
    });
}

/** The connected engine, or an error offering to retry or to set berth.engine.host. */
export function requireEngine(session: Session): Engine | undefined {
  const engine = session.engine();
  if (engine) return engine;
  const s = session.engineStatus();
  const why = s.state === 'unreachable' ? s.reason : 'still connecting';
  session.log.warn(`refused: no container engine (${why})`);
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
  folder: FolderView,
  arg: CommandArg,
  opts: {
    title: string;
    eligible?: (name: string) => boolean;
    describe?: (name: string) => string | undefined;
    sort?: (a: string, b: string) => number;
  },
): Promise<string | undefined> {
  const { config } = folder;
  const named = serviceOfArg(arg);
  if (named) {
    if (config.services.some((s) => s.name === named)) return named;
    void vscode.window.showErrorMessage(`Berth: berth.yaml of ${folder.name} has no service "${named}".`);
    return undefined;
  }
  const candidates = arg instanceof vscode.Uri ? composeServices(config, folder.root, arg) : undefined;
  if (candidates?.length === 1) return candidates[0];
  const names = (candidates ?? config.services.map((s) => s.name)).filter((n) => opts.eligible?.(n) ?? true);
  if (opts.sort) names.sort(opts.sort);
  if (names.length === 0) {
    void vscode.window.showInformationMessage(`Berth: no service in berth.yaml fits (${opts.title}).`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    names.map((n) => ({ label: n, description: opts.describe?.(n) ?? folder.services.get(n)?.summary })),
    { title: opts.title, placeHolder: 'Service', matchOnDescription: true },
  );
  return pick?.label;
}
