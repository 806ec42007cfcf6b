// What one language-server connection knows: its workspace roots, settings, open documents and what it
// has shown, and the operations every part of the server shares (locating a document, judging a text,
// publishing diagnostics).
import picomatch from 'picomatch';
import { TextDocuments, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/types';
import type { SourceContext } from '../core/portFinders/index';
import { AnalysisScheduler } from './scheduler';
import { defaultSettings, type BerthSettings } from './settings';
import { toDiagnostic } from './toDiagnostic';
import { ServerSources } from './sources';
import type { WorkspaceRoot } from './workspaceRoot';
import { relativeTo, uriToPath } from './uris';

export class ServerSession {
  readonly documents = new TextDocuments(TextDocument);
  readonly scheduler: AnalysisScheduler<string>;
  readonly sources: ServerSources;
  roots: WorkspaceRoot[] = [];
  settings: BerthSettings = defaultSettings;
  includeMatcher: ((rel: string) => boolean) | undefined;
  /** Settles once every root's berth.yaml was read at start-up. */
  ready: Promise<void> = Promise.resolve();
  shutDown = false;
  /** The client reports changes of every source file (dynamic watcher registration): see server.ts. */
  watchesSources = false;
  /** The last findings per open document version: code actions reuse them instead of re-analysing. */
  readonly lastFindings = new Map<string, { version: number; findings: Finding[] }>();
  /** URIs that currently show diagnostics, so they can be cleared when they stop applying. */
  private readonly shown = new Set<string>();
  /** Paths of the open documents (a scan asks this for every file: keep it O(1)). */
  private readonly openFiles = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    debounceMs: number,
  ) {
    this.scheduler = new AnalysisScheduler<string>(debounceMs, (key, e) =>
      this.log(`berth: ${key} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    );
    this.sources = new ServerSources((msg) => this.log(msg));
  }

  log(msg: string): void {
    if (this.shutDown) return;
    try {
      this.connection.console.error(msg);
    } catch {
      // the client is gone
    }
  }

  useSettings(next: BerthSettings): void {
    this.settings = next;
    this.includeMatcher = next.include.length > 0 ? picomatch(next.include, { dot: true }) : undefined;
  }

  // ---------- locating a document ----------

  locate(uri: string): { root: WorkspaceRoot; rel: string; file: string } | undefined {
    const file = uriToPath(uri);
    if (!file) return undefined;
    let best: WorkspaceRoot | undefined;
    for (const r of this.roots) {
      if (relativeTo(r.root, file) !== undefined && (!best || r.root.length > best.root.length)) best = r;
    }
    const rel = best && relativeTo(best.root, file);
    return best && rel ? { root: best, rel, file } : undefined;
  }

  isOpen(file: string): boolean {
    return this.openFiles.has(file);
  }

  trackOpen(uri: string, delta: 1 | -1): void {
    const file = uriToPath(uri);
    if (!file) return;
    const n = (this.openFiles.get(file) ?? 0) + delta;
    if (n > 0) this.openFiles.set(file, n);
    else this.openFiles.delete(file);
  }

  openDocument(file: string): TextDocument | undefined {
    return this.isOpen(file) ? this.documents.all().find((d) => uriToPath(d.uri) === file) : undefined;
  }

  // ---------- judging and publishing ----------

  /** Open documents always get a publish (an empty one tells the client the analysis of that version is done);
   *  files on disk only when something is or was shown, so a scan of 2,000 clean files sends nothing. */
  publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    if (diagnostics.length > 0) this.shown.add(uri);
    else if (!this.shown.delete(uri) && version === undefined) return;
    if (this.shutDown) return;
    try {
      // Throws or rejects only once the client is gone; nothing left to tell it then.
      this.connection.sendDiagnostics({ uri, version, diagnostics }).catch(() => undefined);
    } catch {
      this.shutDown = true;
    }
  }

  diagnosticsOf(root: WorkspaceRoot, findings: Finding[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of findings) {
      const d = toDiagnostic(f, root.root, this.settings);
      if (d) out.push(d);
    }
    return out;
  }

  /** Core findings for a text; empty for binary config files (a NUL byte): there are no ports to find in them.
   *  Source files need their grammar loaded first (sources.prepare); `source` defaults to the root's context. */
  analyse(
    root: WorkspaceRoot,
    rel: string,
    text: string,
    source: SourceContext = this.sources.context(root),
  ): Finding[] {
    if (!this.settings.enable || (text.includes('\0') && !root.isConfigFile(rel))) return [];
    this.sources.noticeSkip(rel, text);
    return root.findings(rel, text, source);
  }
}
