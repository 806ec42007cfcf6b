// The `berth` task type: `preLaunchTask: "berth: up workflowexecution"` or `dependsOn` brings a stack up before a
// debug session or a test run. Tasks run the bundled CLI with the editor's own Node (Electron as Node), so
// nothing has to be on PATH; `check` reports through the `$berth` problem matcher.
import * as vscode from 'vscode';
import type { WorkspaceConfig } from '../workspaceConfig';
import { providedDefinitions, taskArgv, taskName, TASK_TYPE, type BerthTaskDefinition } from './taskModel';

export function registerTaskProvider(context: vscode.ExtensionContext, config: WorkspaceConfig): vscode.Disposable {
  const cli = context.asAbsolutePath('dist/cli.js');
  const toTask = (d: BerthTaskDefinition, scope: vscode.TaskScope | vscode.WorkspaceFolder, root: string) => {
    const host = vscode.workspace.getConfiguration('berth').get<string>('engine.host', '').trim();
    const res = taskArgv(d, host || undefined);
    // A bad definition still runs, and says what is wrong in its terminal (VS Code shows no error for a task).
    const argv =
      'argv' in res
        ? [cli, ...res.argv]
        : ['-e', `console.error(${JSON.stringify(`berth task: ${res.error}`)});process.exit(2)`];
    const exec = new vscode.ProcessExecution(process.execPath, argv, {
      cwd: root,
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const task = new vscode.Task(d, scope, taskName(d), TASK_TYPE, exec, d.command === 'check' ? ['$berth'] : []);
    if (d.command === 'check') task.group = vscode.TaskGroup.Test;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
    return task;
  };
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    // Each folder with a berth.yaml provides its own tasks, scoped to it and run in it.
    provideTasks() {
      return config.usable.flatMap((s) => {
        const folder = vscode.workspace.getWorkspaceFolder(s.root) ?? vscode.TaskScope.Workspace;
        return providedDefinitions(s.config).map((d) => toTask(d, folder, s.root.fsPath));
      });
    },
    resolveTask(task) {
      const scoped = typeof task.scope === 'object' ? task.scope.uri : undefined;
      const root = (scoped && config.stateOf(scoped)?.root) ?? config.state.root;
      if (!root) return undefined;
      // VS Code wants the definition object it passed in back on the resolved task.
      const scope = (task.scope ?? vscode.TaskScope.Workspace) as vscode.TaskScope | vscode.WorkspaceFolder;
      return toTask(task.definition as BerthTaskDefinition, scope, root.fsPath);
    },
  });
}
