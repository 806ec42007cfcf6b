// `berth.terminal.env`: new integrated terminals get one service's BERTH_* variables (for the worker in
// `berth.terminal.worker`), so tests started by hand read the same ports as `berth run`. Terminals opened
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
  let said = '';
  const apply = () => {
    const settings = vscode.workspace.getConfiguration('berth.terminal');
    const service = settings.get<string>('env', '').trim();
    const worker = settings.get<number>('worker', 1);
    collection.clear();
    if (!service || config.state.kind !== 'ok') return;
    const svc = config.state.config.services.find((s) => s.name === service);
    const res = svc
      ? serviceEnv(svc, worker)
      : { error: `berth.terminal.env names "${service}", not a service of berth.yaml` };
    if ('error' in res) {
      // Said once per distinct problem, not on every berth.yaml save.
      if (res.error !== said) log.warn(`terminal variables: ${res.error}`);
      said = res.error;
      return;
    }
    said = '';
    for (const [name, value] of Object.entries(res.vars)) collection.replace(name, value);
  };
  apply();
  return vscode.Disposable.from(
    config.onDidChange(apply),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('berth.terminal')) apply();
    }),
  );
}
