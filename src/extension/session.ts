// The live model behind the view and the status bar: berth.yaml + the engine state store + host port
// holders, folded into the tree by a debounced refresh. Commands read the engine and config from here.
import * as vscode from 'vscode';
import type { Engine } from '../engine/connection';
import { EngineSnapshot, EngineStateStore } from '../engine/state';
import { scanAllocated } from '../host/portScan';
import { holderScanOn } from '../host/remoteHost';
import { interruptedRuns } from '../host/serviceLock';
import { buildStatus, type ServiceStatus } from '../model/status';
import { RefreshManager } from './refreshManager';
import { BerthStatusBar } from './statusBar';
import { statusSummary } from './statusSummary';
import { buildTree } from './tree/buildTree';
import { fromEngineStatus } from './tree/engineNode';
import { engineHostText } from '../model/engineHost';
import type { TreeNode } from './tree/node';
import { ServicesTreeProvider } from './treeProvider';
import { ConfigState, WorkspaceConfig } from './workspaceConfig';
import { errorText } from '../core/errorText';

const setContext = (key: string, value: unknown) => void vscode.commands.executeCommand('setContext', key, value);

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
  /** The last status model's services by name (commands describe and sort services with it). */
  services = new Map<string, ServiceStatus>();
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
      this.config.onDidChange((s) => this.onConfig(s)),
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

  private onConfig(s: ConfigState): void {
    // The engine is connected even without a usable berth.yaml: the welcome view then says whether one answered.
    this.ensureStore();
    this.store?.setConfig(s.kind === 'ok' ? s.config : undefined);
    this.refresher.request();
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
      config: this.config.state.kind === 'ok' ? this.config.state.config : undefined,
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
    const cs = this.config.state;
    const now = Date.now();
    if (cs.kind !== 'ok') {
      this.view.message = undefined;
      this.services = new Map();
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
    const [scan, interrupted] = await Promise.all([
      scanAllocated(cs.config, engine && holderScanOn(engine.host, engine.shell)),
      interruptedRuns(
        cs.config.services.map((s) => s.name),
        snap.engine.state === 'connected' ? snap.services : undefined,
      ),
    ]);
    // berth.yaml may have changed while scanning: the next run (already requested) draws it.
    if (this.config.state !== cs) return;
    if (scan.error !== this.holderError) {
      this.holderError = scan.error;
      if (scan.error)
        this.log.warn(`port holders not scanned (the ports show only what the engine knows): ${scan.error}`);
    }
    const model = buildStatus(cs.config, snap, scan.holders, scan.error, interrupted);
    const engineView = fromEngineStatus(snap.engine);
    const roots = buildTree({ engine: engineView, config: cs.config, services: model.services, now });
    // Above the tree (which still shows the ports and their holders): why nothing about containers is known.
    this.view.message =
      snap.engine.state === 'unreachable'
        ? `No container engine: ${snap.engine.reason}. Retry, or set berth.engine.host.`
        : undefined;
    this.services = new Map(model.services.map((s) => [s.name, s]));
    this.tree.update(roots);
    const summary = statusSummary(engineView, model.services);
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
