// `berth.terminal.env`: new integrated terminals get one service's BERTH_* variables (for the worker in
// `berth.terminal.worker`), so tests started by hand read the same ports as `berth run`. In a multi-root workspace
// each folder's own setting and berth.yaml give the terminals started in that folder theirs. Terminals opened
// before a change are marked stale by VS Code, which offers to relaunch them.
import * as vscode from 'vscode';
import { serviceEnv } from '../../core/envNames';
import type { WorkspaceConfig } from '../workspaceConfig';

export function registerTerminalEnv(
  context: vscode.ExtensionContext,
  config: WorkspaceConfig,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const collection = context.environmentVariableCollection;
  collection.description = 'Berth: the ports of the service named in berth.terminal.env';
  const said = new Map<string, string>();
  /** One folder's variables into `into`: its berth.yaml and its own berth.terminal.* (resource settings). */
  const applyFolder = (into: vscode.EnvironmentVariableCollection, root: vscode.Uri | undefined) => {
    const settings = vscode.workspace.getConfiguration('berth.terminal', root);
    const service = settings.get<string>('env', '').trim();
    const worker = settings.get<number>('worker', 1);
    const s = root ? config.stateOf(root) : undefined;
    if (!service || s?.kind !== 'ok') return;
    const svc = s.config.services.find((x) => x.name === service);
    const res = svc
      ? serviceEnv(svc, worker)
      : { error: `berth.terminal.env names "${service}", not a service of berth.yaml` };
    const key = root?.toString() ?? '';
    if ('error' in res) {
      // Said once per distinct problem, not on every berth.yaml save.
      if (res.error !== said.get(key)) log.warn(`terminal variables: ${res.error}`);
      said.set(key, res.error);
      return;
    }
    said.delete(key);
    for (const [name, value] of Object.entries(res.vars)) into.replace(name, value);
  };
  const apply = () => {
    collection.clear(); // the scoped ones too
    const usable = config.usable;
    // One folder: every new terminal. Several: a terminal gets the variables of the folder it starts in.
    if (usable.length <= 1) return applyFolder(collection, usable[0]?.root ?? config.state.root);
    for (const s of usable) {
      const workspaceFolder = vscode.workspace.getWorkspaceFolder(s.root);
      if (workspaceFolder) applyFolder(collection.getScoped({ workspaceFolder }), s.root);
    }
  };
  apply();
  return vscode.Disposable.from(
    config.onDidChange(apply),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('berth.terminal')) apply();
    }),
  );
}
