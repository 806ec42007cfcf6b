// The live model behind the view and the status bar: each folder's berth.yaml + the engine state store + host port
// holders, folded into the tree by a debounced refresh. Commands read the engine and the folders from here. One
// engine serves every folder (berth.engine.host is a window setting); each folder has its own status model.
import * as vscode from 'vscode';
import type { Engine } from '../engine/connection';
import { EngineSnapshot, EngineStateStore } from '../engine/state';
import { serviceContainers } from '../engine/containers';
import { scanAllocated } from '../host/portScan';
import { holderScanOn } from '../host/remoteHost';
import { interruptedRuns } from '../host/serviceLock';
import { buildStatus, type ServiceStatus } from '../model/status';
import { RefreshManager } from './refreshManager';
import { BerthStatusBar } from './statusBar';
import { statusSummary } from './statusSummary';
import { buildTree } from './tree/buildTree';
import { workspaceTree, type FolderTree } from './tree/folderNode';
import { sharedServiceNames, type FolderServices } from './folderChoice';
import type { BerthConfig } from '../core/types';
import { fromEngineStatus } from './tree/engineNode';
import { engineHostText } from '../model/engineHost';
import type { TreeNode } from './tree/node';
import { ServicesTreeProvider } from './treeProvider';
import { folderName, WorkspaceConfig } from './workspaceConfig';
import { errorText } from '../core/errorText';

const setContext = (key: string, value: unknown) => void vscode.commands.executeCommand('setContext', key, value);

/** One workspace folder with a usable berth.yaml, and its services as the last refresh saw them. */
export interface FolderView {
  /** The folder's URI as a string (NodeRef.folder, CodeLens arguments). */
  key: string;
  name: string;
  root: vscode.Uri;
  configUri: vscode.Uri;
  config: BerthConfig;
  services: Map<string, ServiceStatus>;
}

export class Session implements vscode.Disposable {
  readonly config: WorkspaceConfig;
  readonly tree = new ServicesTreeProvider();
  readonly view: vscode.TreeView<TreeNode>;
  private readonly statusBar = new BerthStatusBar();
  private readonly refresher: RefreshManager;
  private readonly refreshed = new vscode.EventEmitter<TreeNode[]>();
  /** Fires after each refresh with the new roots (the API for host tests hangs on this). */
  readonly onDidRefresh = this.refreshed.event;
  private store: EngineStateStore | undefined;
  private storeHost: string | undefined;
  private storeSub: { dispose(): void } | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last status model's services by folder key, then by name (commands describe and sort services with it). */
  private statuses = new Map<string, Map<string, ServiceStatus>>();
  statusText: string | undefined;
  private holderError: string | undefined;

  constructor(readonly log: vscode.LogOutputChannel) {
    this.config = new WorkspaceConfig(log);
    this.refresher = new RefreshManager(
      () => this.rebuild(),
      (e) => log.error(`refresh failed: ${errorText(e)}`),
      150,
    );
    this.view = vscode.window.createTreeView('berth.services', { treeDataProvider: this.tree, showCollapseAll: true });
    this.disposables.push(
      this.config,
      this.tree,
      this.view,
      this.statusBar,
      this.refreshed,
      this.config.onDidChange(() => this.onConfig()),
      this.view.onDidChangeVisibility(() => this.schedulePoll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('berth.engine.host')) this.ensureStore();
        if (e.affectsConfiguration('berth.refresh.pollSeconds')) {
          this.ensureStore(true);
          this.schedulePoll();
        }
      }),
      // Trust changes what berth.engine.host may be read from (restrictedConfigurations).
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        log.info('workspace trusted: Start/Stop Stack, Clean Stale Ports and Restart Container are enabled');
        this.ensureStore();
      }),
    );
  }

  /** Loads berth.yaml; the engine is connected in the background (activation never waits on it). */
  async start(): Promise<void> {
    setContext('berth.engine', 'connecting');
    await this.config.load();
    this.schedulePoll();
  }

  private onConfig(): void {
    // The engine is connected even without a usable berth.yaml: the welcome view then says whether one answered.
    this.ensureStore();
    this.store?.setConfig(this.engineConfig());
    this.refresher.request();
  }

  /** What the engine store matches containers against: every folder's services (their own models split them). */
  private engineConfig(): BerthConfig | undefined {
    const usable = this.config.usable;
    if (usable.length <= 1) return usable[0]?.config;
    return { ...usable[0]!.config, services: usable.flatMap((s) => s.config.services) };
  }

  /** The folders with a usable berth.yaml, in workspace order, with the services the last refresh saw. */
  folders(): FolderView[] {
    return this.config.usable.map((s) => {
      const key = s.root.toString();
      return {
        key,
        name: folderName(s.root),
        root: s.root,
        configUri: s.configUri,
        config: s.config,
        services: this.statuses.get(key) ?? new Map(),
      };
    });
  }

  /** The folder a file belongs to (a compose file, berth.yaml, an open document). */
  folderOf(uri: vscode.Uri): FolderView | undefined {
    const s = this.config.stateOf(uri);
    return s && this.folders().find((f) => f.root.toString() === s.root?.toString());
  }

  /** Every folder's services (the language server's hovers take all of them). */
  allServices(): ServiceStatus[] {
    return [...this.statuses.values()].flatMap((m) => [...m.values()]);
  }

  private settings() {
    const c = vscode.workspace.getConfiguration('berth');
    return {
      host: c.get<string>('engine.host', '').trim() || undefined,
      pollSeconds: Math.max(0, c.get<number>('refresh.pollSeconds', 30)),
    };
  }

  /** (Re)creates the engine store when there is a berth.yaml and the endpoint setting changed. */
  private ensureStore(force = false): void {
    const { host, pollSeconds } = this.settings();
    if (this.store && !force && host === this.storeHost) return;
    this.storeSub?.dispose();
    this.store?.dispose();
    this.storeHost = host;
    this.store = new EngineStateStore({
      connectOptions: { host },
      config: this.engineConfig(),
      pollMs: pollSeconds * 1000, // 0 turns the backstop off, as the setting says
      // Podman without systemd never runs HEALTHCHECKs by itself: the tree would show "starting" forever. Berth
      // runs them at each container's own interval (at most once a second), and none where the engine does.
      podmanHealthcheckMs: 1000,
    });
    const store = this.store;
    this.storeSub = store.onDidChange((snap) => {
      setContext('berth.engine', snap.engine.state);
      this.refresher.request();
    });
    this.log.info(
      host ? `connecting to the engine at ${host} (berth.engine.host)` : 'discovering the container engine',
    );
    void store.start().then(() => {
      const s = store.snapshot().engine;
      setContext('berth.engine', s.state);
      if (s.state === 'connected')
        this.log.info(
          `engine: ${s.kind} ${s.version} (API ${s.apiVersion})${s.host.kind === 'local' ? '' : ` on ${engineHostText(s.host)}`} at ${s.socket} [${s.source}]`,
        );
      else if (s.state === 'unreachable') {
        this.log.warn(`no container engine: ${s.reason}`);
        for (const t of s.tried) this.log.warn(`  tried ${t.source} ${t.target}: ${t.error}`);
      }
    });
  }

  /** The backstop timer: holders change without engine events (a dev server starts), so re-scan while visible. */
  private schedulePoll(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    const { pollSeconds } = this.settings();
    if (this.view.visible && pollSeconds > 0) {
      this.pollTimer = setInterval(() => this.refresher.request(), pollSeconds * 1000);
      this.refresher.request();
    }
  }

  private async rebuild(): Promise<void> {
    const states = this.config.states;
    const usable = this.config.usable;
    const now = Date.now();
    if (usable.length === 0) {
      this.view.message = undefined;
      this.statuses = new Map();
      this.tree.update([]);
      this.statusText = undefined;
      this.statusBar.show(undefined);
      this.refreshed.fire([]);
      return;
    }
    const snap: EngineSnapshot = this.store?.snapshot() ?? {
      engine: { state: 'connecting' },
      containers: [],
      services: [],
      updatedAt: 0,
    };
    // Port states are the engine's machine's: a remote engine's holders are scanned there (or not visible).
    const engine = this.store?.engine();
    const scans = await Promise.all(
      usable.map((cs) =>
        Promise.all([
          scanAllocated(cs.config, engine && holderScanOn(engine.host, engine.shell)),
          interruptedRuns(
            cs.config.services.map((s) => s.name),
            snap.engine.state === 'connected' ? snap.services : undefined,
          ),
        ]),
      ),
    );
    // berth.yaml may have changed while scanning: the next run (already requested) draws it.
    if (this.config.states !== states) return;
    const holderError = scans.find(([scan]) => scan.error)?.[0].error;
    if (holderError !== this.holderError) {
      this.holderError = holderError;
      if (holderError)
        this.log.warn(`port holders not scanned (the ports show only what the engine knows): ${holderError}`);
    }
    const engineView = fromEngineStatus(snap.engine);
    const named: FolderServices[] = usable.map((cs) => ({
      key: cs.root.toString(),
      name: folderName(cs.root),
      services: cs.config.services.map((d) => d.name),
    }));
    const shared = sharedServiceNames(named);
    const folders: FolderTree[] = usable.map((cs, i) => {
      const [scan, interrupted] = scans[i]!;
      // Each folder's model sees the containers of its own services (the store matched all folders' services).
      const report = usable.length > 1 ? { ...snap, services: serviceContainers(snap.containers, cs.config) } : snap;
      const model = buildStatus(cs.config, report, scan.holders, scan.error, interrupted);
      return {
        key: named[i]!.key,
        name: named[i]!.name,
        path: cs.root.fsPath,
        roots: buildTree({ engine: engineView, config: cs.config, services: model.services, now }),
        services: model.services,
        shared: shared.get(named[i]!.key),
      };
    });
    const roots = workspaceTree(folders);
    // Above the tree (which still shows the ports and their holders): why nothing about containers is known.
    this.view.message =
      snap.engine.state === 'unreachable'
        ? `No container engine: ${snap.engine.reason}. Retry, or set berth.engine.host.`
        : undefined;
    this.statuses = new Map(folders.map((f) => [f.key, new Map(f.services.map((s) => [s.name, s]))]));
    this.tree.update(roots);
    const summary = statusSummary(
      engineView,
      folders.map((f) => ({ name: f.name, services: f.services })),
    );
    this.statusText = summary.text;
    this.statusBar.show(summary);
    this.refreshed.fire(roots);
  }

  /** Re-reads the engine and re-scans the holders; resolves when the tree shows the result. */
  async refresh(): Promise<void> {
    await this.store?.refresh();
    await this.refresher.flush();
  }

  requestRefresh(): void {
    this.refresher.request();
  }

  engine(): Engine | undefined {
    return this.store?.engine();
  }

  engineStatus() {
    return this.store?.snapshot().engine ?? { state: 'connecting' as const };
  }

  async retryEngine(): Promise<void> {
    if (!this.store) this.ensureStore();
    await this.store?.retry();
    await this.refresher.flush();
  }

  dispose(): void {
    clearInterval(this.pollTimer);
    this.refresher.dispose();
    this.storeSub?.dispose();
    this.store?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
