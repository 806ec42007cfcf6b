// Problems for the whole workspace: every claimed file not open in the editor, judged and published after
// a scan. The files and their texts come from RootFiles (walked and read only when something said they
// changed), so a berth.yaml edit costs the judging of the claimed files, not a walk and a read of the tree.
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { allocationsByPort } from '../core/ownership';
import type { SourceContext } from '../core/portFinders/index';
import type { BerthConfig } from '../core/types';
import { RootFiles } from './rootFiles';
import type { AnalysisScheduler } from './scheduler';
import type { ServerSources } from './sources';
import { pathToUri, uriToPath } from './uris';
import type { WorkspaceRoot } from './workspaceRoot';

/** Parallel file reads during a scan: enough to hide disk latency, few enough to keep answering keystrokes. */
const SCAN_BATCH = 32;

export interface ScanHost {
  ready(): Promise<void>;
  enabled(): boolean;
  isOpen(file: string): boolean;
  /** True while the client reports changes of the workspace's source files. */
  watchesSources(): boolean;
  /** Re-reads the compose files the root's stacks run. */
  refreshStacks(root: WorkspaceRoot): Promise<void>;
  judge(root: WorkspaceRoot, rel: string, text: string, source: SourceContext): Diagnostic[];
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** The declaration index changed: open documents of the root are judged again. */
  rejudgeOpenDocuments(root: WorkspaceRoot): void;
}

export class WorkspaceScans {
  /** Per root: files the last scan (or disk read) showed diagnostics for (not open in the editor). */
  private readonly scanned = new Map<WorkspaceRoot, Set<string>>();
  private readonly disk = new Map<WorkspaceRoot, RootFiles>();
  /** The allocation each root's files were last judged against. */
  private readonly judged = new WeakMap<WorkspaceRoot, BerthConfig>();

  constructor(
    private readonly scheduler: AnalysisScheduler<string>,
    private readonly sources: ServerSources,
    private readonly host: ScanHost,
    private readonly scanDelay: number,
  ) {}

  files(root: WorkspaceRoot): RootFiles {
    let c = this.disk.get(root);
    if (!c) {
      c = new RootFiles(root.root, () => this.host.watchesSources());
      this.disk.set(root, c);
    }
    return c;
  }

  /** The files showing diagnostics from disk for a root (live: a superseded scan leaves its record). */
  showing(root: WorkspaceRoot): Set<string> {
    let set = this.scanned.get(root);
    if (!set) {
      set = new Set();
      this.scanned.set(root, set);
    }
    return set;
  }

  /** The root is gone: what was kept for it goes; answers the files that showed diagnostics from disk. */
  forget(root: WorkspaceRoot): string[] {
    const shown = [...this.showing(root)];
    this.scanned.delete(root);
    this.disk.delete(root);
    return shown;
  }

  /** What is kept for a root between re-checks, in entries (for berth/cacheSizes). */
  sizes(root: WorkspaceRoot): Record<string, number | null> {
    const disk = this.files(root);
    return {
      judged: root.judgedCount,
      texts: disk.texts.size,
      sourceFiles: disk.sources.size ?? null,
      showing: this.showing(root).size,
      ...this.sources.sizes(root),
    };
  }

  /** berth.yaml's allocation changed: at once when the listing needs no walk, else after the quiet time. */
  scheduleAfterEdit(root: WorkspaceRoot): void {
    this.schedule(root, root.config && this.files(root).claimed.isListed(root.config) ? 0 : this.scanDelay);
  }

  schedule(root: WorkspaceRoot, delay = this.scanDelay): void {
    this.scheduler.schedule(`scan:${root.root}`, (run) => this.scan(root, () => run.superseded), delay);
  }

  private async scan(root: WorkspaceRoot, superseded: () => boolean): Promise<void> {
    const host = this.host;
    await host.ready();
    const showing = this.showing(root);
    const now = new Set<string>();
    await host.refreshStacks(root);
    if (superseded()) return;
    const config = root.config;
    const disk = this.files(root);
    const files = host.enabled() && config ? await disk.claimed.list(config) : [];
    await this.sources.prepare(files);
    // Read everything first: the source files' declarations are indexed before any call is judged.
    const read: { file: string; path: string; text: string }[] = [];
    for (let i = 0; i < files.length; i += SCAN_BATCH) {
      if (superseded()) return;
      const batch = files.slice(i, i + SCAN_BATCH);
      const texts = await Promise.all(
        batch.map(async (rel) => {
          const file = path.join(root.root, rel);
          return host.isOpen(file) || root.isConfigFile(rel) ? undefined : disk.read(rel);
        }),
      );
      batch.forEach((rel, j) => {
        const text = texts[j];
        if (text !== undefined) read.push({ file: path.join(root.root, rel), path: rel, text });
      });
    }
    if (superseded()) return;
    const { source, changed } = await this.sources.scanContext(root, read, disk.outside());
    if (superseded()) return;
    if (changed) host.rejudgeOpenDocuments(root);
    // Every file is judged again (a suggestion or a related location can change anywhere), the ones that
    // name a port whose owner changed first: they are the ones whose problems change.
    const moved = config ? movedPorts(this.judged.get(root), config) : [];
    if (config) this.judged.set(root, config);
    const first = (t: string) => (moved.some((p) => t.includes(p)) ? 0 : 1);
    const order = moved.length ? [...read].sort((a, b) => first(a.text) - first(b.text)) : read;
    for (const { file, path: rel, text } of order) {
      if (host.isOpen(file)) continue;
      const uri = pathToUri(file);
      const diagnostics = host.judge(root, rel, text, source);
      if (diagnostics.length > 0) {
        now.add(uri);
        showing.add(uri);
      }
      host.publish(uri, diagnostics);
    }
    for (const uri of [...showing]) {
      if (now.has(uri)) continue;
      showing.delete(uri);
      const file = uriToPath(uri);
      if (file && !host.isOpen(file)) host.publish(uri, []);
    }
    // What was judged of files no longer claimed (renamed, deleted unseen, globs changed) is not kept.
    const claimed = new Set(files);
    root.keepJudged((rel) => claimed.has(rel) || host.isOpen(path.join(root.root, rel)));
  }
}

/** Ports (as text) whose owners differ between two allocations. */
function movedPorts(before: BerthConfig | undefined, after: BerthConfig): string[] {
  if (!before || before === after) return [];
  const owners = (c: BerthConfig) =>
    new Map([...allocationsByPort(c)].map(([port, as]) => [port, as.map((a) => `${a.service}/${a.role}`).join()]));
  const a = owners(before);
  const b = owners(after);
  const moved = new Set<number>();
  for (const [port, who] of a) if (b.get(port) !== who) moved.add(port);
  for (const port of b.keys()) if (!a.has(port)) moved.add(port);
  return [...moved].map(String);
}
