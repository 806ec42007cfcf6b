// berth.yaml of each workspace folder, as the tree and the commands need it: missing, unusable, or parsed.
// Every local folder holding a berth.yaml is one (multi-root workspaces have several); reloaded when a berth.yaml
// is created, saved or deleted, or the folders change.
import * as vscode from 'vscode';
import { BERTH_FILE_NAMES, loadWorkspace } from '../host/workspaceFiles';
import type { BerthConfig } from '../core/types';

export type ConfigState =
  | { kind: 'missing'; root?: vscode.Uri }
  | { kind: 'invalid'; root: vscode.Uri; configUri?: vscode.Uri; error: string }
  | { kind: 'ok'; root: vscode.Uri; configUri: vscode.Uri; text: string; config: BerthConfig };

async function hasConfig(folder: vscode.Uri): Promise<boolean> {
  for (const name of BERTH_FILE_NAMES) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, name));
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/** The folders Berth works in: every local one holding a berth.yaml, in workspace order. */
async function configRoots(): Promise<{ roots: vscode.Uri[]; first?: vscode.Uri }> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const found = await Promise.all(folders.map((f) => hasConfig(f.uri)));
  return { roots: folders.filter((_, i) => found[i]).map((f) => f.uri), first: folders[0]?.uri };
}

/** A folder's display name (its workspace folder name). */
export function folderName(root: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(root)?.name ?? root.path.split('/').pop() ?? root.fsPath;
}

export class WorkspaceConfig implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConfigState>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** One per folder with a berth.yaml; without any, one `missing` naming the first local folder. */
  states: ConfigState[] = [{ kind: 'missing' }];
  private loading: Promise<ConfigState[]> | undefined;
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

  /**
   * The first folder's state (a single-folder workspace's only one): what the welcome view and "Create berth.yaml"
   * speak of. Anything acting on a service resolves its folder (commands/target.ts).
   */
  get state(): ConfigState {
    return this.states[0]!;
  }

  /** The usable berth.yaml files, one per folder. */
  get usable(): Extract<ConfigState, { kind: 'ok' }>[] {
    return this.states.filter((s): s is Extract<ConfigState, { kind: 'ok' }> => s.kind === 'ok');
  }

  /** The state of the folder holding this file (the deepest folder root that contains it). */
  stateOf(uri: vscode.Uri): ConfigState | undefined {
    const inside = (root: vscode.Uri) => uri.fsPath === root.fsPath || uri.fsPath.startsWith(`${root.fsPath}/`);
    return this.states
      .filter((s) => s.root && inside(s.root))
      .sort((a, b) => b.root!.fsPath.length - a.root!.fsPath.length)[0];
  }

  /** Serialised: a change during a load causes one more load, never two at once. */
  load(): Promise<ConfigState[]> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      let states: ConfigState[];
      do {
        this.again = false;
        states = await this.readAll();
      } while (this.again);
      this.loading = undefined;
      const text = (list: ConfigState[]) => list.map((s) => s.kind).join(', ');
      if (text(states) !== text(this.states))
        for (const s of states)
          this.log.info(
            `berth.yaml${s.root && states.length > 1 ? ` of ${folderName(s.root)}` : ''}: ${s.kind}${s.kind === 'ok' ? ` (${s.config.services.length} services)` : s.kind === 'invalid' ? `: ${s.error}` : ''}`,
          );
      this.states = states;
      // The welcome view and the menus: usable if any folder's is.
      const kind = states.some((s) => s.kind === 'ok') ? 'ok' : states[0]!.kind;
      void vscode.commands.executeCommand('setContext', 'berth.config', kind);
      this.changed.fire(this.state);
      return states;
    })();
    return this.loading;
  }

  private async readAll(): Promise<ConfigState[]> {
    const { roots, first } = await configRoots();
    if (roots.length === 0) return [{ kind: 'missing', root: first }];
    return Promise.all(roots.map((r) => this.read(r)));
  }

  private async read(root: vscode.Uri): Promise<ConfigState> {
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
