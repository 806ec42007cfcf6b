// berth.yaml of the workspace, as the tree and the commands need it: missing, unusable, or parsed.
// Reloaded when the file is created, saved or deleted.
import * as vscode from 'vscode';
import { BERTH_FILE_NAMES, loadWorkspace } from '../host/workspaceFiles';
import type { BerthConfig } from '../core/types';

export type ConfigState =
  | { kind: 'missing'; root?: vscode.Uri }
  | { kind: 'invalid'; root: vscode.Uri; configUri?: vscode.Uri; error: string }
  | { kind: 'ok'; root: vscode.Uri; configUri: vscode.Uri; text: string; config: BerthConfig };

/** The folder Berth works in: the first one holding a berth.yaml, else the first local folder. */
async function pickRoot(): Promise<{ root?: vscode.Uri; hasConfig: boolean }> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  for (const f of folders) {
    for (const name of BERTH_FILE_NAMES) {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(f.uri, name));
        return { root: f.uri, hasConfig: true };
      } catch {
        // not here
      }
    }
  }
  return { root: folders[0]?.uri, hasConfig: false };
}

export class WorkspaceConfig implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConfigState>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  state: ConfigState = { kind: 'missing' };
  private loading: Promise<ConfigState> | undefined;
  private again = false;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${BERTH_FILE_NAMES.join(',')}}`);
    const reload = (uri: vscode.Uri) => {
      log.debug(`${uri.fsPath} changed on disk`);
      void this.load();
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.load()),
    );
  }

  /** Serialised: a change during a load causes one more load, never two at once. */
  load(): Promise<ConfigState> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      let s: ConfigState;
      do {
        this.again = false;
        s = await this.read();
      } while (this.again);
      this.loading = undefined;
      if (s.kind !== this.state.kind)
        this.log.info(
          `berth.yaml: ${this.state.kind} → ${s.kind}${s.kind === 'ok' ? ` (${s.config.services.length} services)` : s.kind === 'invalid' ? `: ${s.error}` : ''}`,
        );
      this.state = s;
      void vscode.commands.executeCommand('setContext', 'berth.config', s.kind);
      this.changed.fire(s);
      return s;
    })();
    return this.loading;
  }

  private async read(): Promise<ConfigState> {
    const { root, hasConfig } = await pickRoot();
    if (!root || !hasConfig) return { kind: 'missing', root };
    const loaded = await loadWorkspace(root.fsPath);
    if ('error' in loaded) {
      this.log.warn(`berth.yaml: ${loaded.error}`);
      return { kind: 'invalid', root, error: loaded.error };
    }
    const configUri = vscode.Uri.file(loaded.configPath);
    const errors = loaded.parse.findings.filter((f) => f.severity === 'error');
    if (!loaded.parse.config) {
      const first = errors[0];
      const error = first
        ? `${first.file}:${first.range.start.line + 1}:${first.range.start.character + 1}: ${first.message}`
        : 'berth.yaml is not a mapping';
      this.log.warn(`berth.yaml unusable: ${error}`);
      return { kind: 'invalid', root, configUri, error };
    }
    if (errors.length) this.log.info(`berth.yaml: ${errors.length} problem(s); see the Problems panel`);
    return { kind: 'ok', root, configUri, text: loaded.text, config: loaded.parse.config };
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
