// The Berth language server: diagnostics from the core rules for berth.yaml and every service's config files,
// quick fixes and hovers. Transport-agnostic: main.ts gives it stdio/IPC, the tests two in-memory streams.
import { promises as fs } from 'node:fs';
import picomatch from 'picomatch';
import {
  CodeActionKind,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/types';
import type { SourceContext } from '../core/portFinders/index';
import { AnalysisScheduler } from './scheduler';
import { defaultSettings, readSettings, type BerthSettings } from './settings';
import { toDiagnostic } from './toDiagnostic';
import { quickFixes, type QuickFixContext } from './codeActions';
import { portHover } from './hover';
import { HOLDERS_NOTIFICATION, LiveHolderStore } from './liveHolders';
import { ServerSources } from './sources';
import { WorkspaceRoot } from './workspaceRoot';
import { WorkspaceScans } from './workspaceScan';
import { pathToUri, relativeTo, uriToPath } from './uris';

export interface ServerOptions {
  /** Quiet time after a keystroke before the document is analysed (a newer keystroke restarts it). */
  debounceMs?: number;
  /** Quiet time before a workspace scan after berth.yaml or files on disk changed. */
  scanDelayMs?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  let shutDown = false;
  const log = (msg: string) => {
    if (shutDown) return;
    try {
      connection.console.error(msg);
    } catch {
      // the client is gone
    }
  };
  const scheduler = new AnalysisScheduler<string>(options.debounceMs ?? 5, (key, e) =>
    log(`berth: ${key} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  );
  const scanDelay = options.scanDelayMs ?? 150;
  const sources = new ServerSources(log);
  let roots: WorkspaceRoot[] = [];
  let settings: BerthSettings = defaultSettings;
  let includeMatcher: ((rel: string) => boolean) | undefined;
  let pullConfiguration = false;
  let ready: Promise<void> = Promise.resolve();
  /** URIs that currently show diagnostics, so they can be cleared when they stop applying. */
  const shown = new Set<string>();
  /** The last findings per open document version: code actions reuse them instead of re-analysing. */
  const lastFindings = new Map<string, { version: number; findings: Finding[] }>();

  // ---------- locating a document ----------

  function locate(uri: string): { root: WorkspaceRoot; rel: string; file: string } | undefined {
    const file = uriToPath(uri);
    if (!file) return undefined;
    let best: WorkspaceRoot | undefined;
    for (const r of roots) {
      if (relativeTo(r.root, file) !== undefined && (!best || r.root.length > best.root.length)) best = r;
    }
    const rel = best && relativeTo(best.root, file);
    return best && rel ? { root: best, rel, file } : undefined;
  }

  /** Paths of the open documents (a scan asks this for every file: keep it O(1)). */
  const openFiles = new Map<string, number>();
  function isOpen(file: string): boolean {
    return openFiles.has(file);
  }
  function trackOpen(uri: string, delta: 1 | -1): void {
    const file = uriToPath(uri);
    if (!file) return;
    const n = (openFiles.get(file) ?? 0) + delta;
    if (n > 0) openFiles.set(file, n);
    else openFiles.delete(file);
  }

  // ---------- publishing ----------

  /** Open documents always get a publish (an empty one tells the client the analysis of that version is done);
   *  files on disk only when something is or was shown, so a scan of 2,000 clean files sends nothing. */
  function publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    if (diagnostics.length > 0) shown.add(uri);
    else if (!shown.delete(uri) && version === undefined) return;
    if (shutDown) return;
    try {
      // Throws or rejects only once the client is gone; nothing left to tell it then.
      connection.sendDiagnostics({ uri, version, diagnostics }).catch(() => undefined);
    } catch {
      shutDown = true;
    }
  }

  function diagnosticsOf(root: WorkspaceRoot, findings: Finding[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of findings) {
      const d = toDiagnostic(f, root.root, settings);
      if (d) out.push(d);
    }
    return out;
  }

  /** Core findings for a text; empty for binary config files (a NUL byte): there are no ports to find in them.
   *  Source files need their grammar loaded first (sources.prepare); `source` defaults to the root's context. */
  function analyse(
    root: WorkspaceRoot,
    rel: string,
    text: string,
    source: SourceContext = sources.context(root),
  ): Finding[] {
    if (!settings.enable || (text.includes('\0') && !root.isConfigFile(rel))) return [];
    sources.noticeSkip(rel, text);
    return root.findings(rel, text, source);
  }

  const scans = new WorkspaceScans(
    scheduler,
    sources,
    {
      ready: () => ready,
      enabled: () => settings.enable,
      isOpen,
      refreshStacks: (root) => refreshStacks(root),
      judge: (root, rel, text, source) => diagnosticsOf(root, analyse(root, rel, text, source)),
      publish: (uri, diagnostics) => publish(uri, diagnostics),
      rejudgeOpenDocuments: (root) => {
        for (const d of documents.all()) if (locate(d.uri)?.root === root) scheduleDocument(d.uri, 0);
      },
    },
    scanDelay,
  );

  // ---------- compose files of stacks ----------

  function openDocument(file: string): TextDocument | undefined {
    return isOpen(file) ? documents.all().find((d) => uriToPath(d.uri) === file) : undefined;
  }

  /** The stack reader sees what the user sees: an open compose file's buffer, else the disk. */
  function readForStacks(file: string): Promise<string> {
    const doc = openDocument(file);
    return doc ? Promise.resolve(doc.getText()) : fs.readFile(file, 'utf8');
  }

  /** Re-reads the compose files stacks run (all, or the one at rel); berth.yaml is re-published when its share changed. */
  async function refreshStacks(root: WorkspaceRoot, rel?: string): Promise<void> {
    if (settings.enable && (await root.refreshStacks(readForStacks, rel))) publishBerthYaml(root);
  }

  function publishBerthYaml(root: WorkspaceRoot): void {
    const file = root.configPath;
    if (!file || !root.configRel) return;
    const doc = openDocument(file);
    if (doc)
      scheduleDocument(doc.uri, 0); // its buffer, its version
    else if (root.text !== undefined)
      publish(pathToUri(file), diagnosticsOf(root, analyse(root, root.configRel, root.text)));
  }

  // ---------- open documents ----------

  function scheduleDocument(uri: string, delay?: number): void {
    scheduler.schedule(
      `doc:${uri}`,
      async (run) => {
        await ready;
        if (run.superseded) return;
        let doc = documents.get(uri);
        if (!doc) return;
        const where = locate(uri);
        if (!where) return publish(uri, [], doc.version);
        const { root, rel } = where;
        if (root.isConfigFile(rel)) return onBerthYamlText(root, doc);
        if (root.isStackCompose(rel)) {
          // A compose file a stack runs: what `berth up` would refuse, from this buffer (one file's read, debounced).
          await refreshStacks(root, rel);
          doc = documents.get(uri);
          if (run.superseded || !doc) return;
        }
        await sources.prepare([rel]);
        doc = documents.get(uri);
        if (run.superseded || !doc) return;
        const findings = analyse(root, rel, doc.getText(), sources.context(root, uri));
        lastFindings.set(uri, { version: doc.version, findings });
        publish(uri, diagnosticsOf(root, findings), doc.version);
      },
      delay,
    );
  }

  /** berth.yaml's buffer changed: its own diagnostics now; everything else when the allocation changed. */
  function onBerthYamlText(root: WorkspaceRoot, doc: TextDocument): void {
    const before = root.config;
    const text = doc.getText();
    const findings = analyse(root, root.configRel ?? 'berth.yaml', text);
    if (!settings.enable) root.update(text); // analyse skipped it; the allocation must still follow the buffer
    lastFindings.set(doc.uri, { version: doc.version, findings });
    publish(doc.uri, diagnosticsOf(root, findings), doc.version);
    if (root.config !== before) rediagnoseRoot(root, doc.uri);
  }

  /** The allocation changed: open documents now, the claimed files on disk from the scan's memory. */
  function rediagnoseRoot(root: WorkspaceRoot, except?: string): void {
    for (const d of documents.all()) {
      if (d.uri !== except && locate(d.uri)?.root === root) scheduleDocument(d.uri, 0);
    }
    scans.scheduleAfterEdit(root);
  }

  documents.onDidOpen((e) => {
    trackOpen(e.document.uri, 1);
    scheduleDocument(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => scheduleDocument(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    trackOpen(uri, -1);
    scheduler.cancel(`doc:${uri}`);
    lastFindings.delete(uri);
    sources.forget(uri);
    const where = locate(uri);
    if (!where) return publish(uri, []);
    scans.files(where.root).changed(where.rel, 'changed'); // saved or not, the disk is read again
    // Unsaved edits are gone: the file shows what is on disk again (berth.yaml: reload the allocation).
    if (where.root.isConfigFile(where.rel)) scheduleBerthYamlFromDisk(where.root);
    else scheduleDiskFile(where.root, where.file, uri);
  });

  // ---------- files on disk ----------

  function scheduleBerthYamlFromDisk(root: WorkspaceRoot): void {
    scheduler.schedule(
      `berth:${root.root}`,
      async (run) => {
        await ready;
        const before = root.config;
        const previousUri = root.configPath ? pathToUri(root.configPath) : undefined;
        await root.loadFromDisk();
        if (run.superseded) return;
        const uri = root.configPath ? pathToUri(root.configPath) : undefined;
        if (previousUri && previousUri !== uri) publish(previousUri, []); // berth.yaml deleted or renamed
        if (uri && root.configRel && root.text !== undefined) {
          publish(uri, diagnosticsOf(root, analyse(root, root.configRel, root.text)));
        }
        if (root.config !== before) rediagnoseRoot(root);
      },
      scanDelay,
    );
  }

  function scheduleDiskFile(root: WorkspaceRoot, file: string, uri = pathToUri(file)): void {
    scheduler.schedule(
      `disk:${file}`,
      async (run) => {
        await ready;
        const rel = relativeTo(root.root, file);
        if (rel && root.isStackCompose(rel)) await refreshStacks(root, rel);
        const text = rel && root.covers(rel) ? await scans.files(root).read(rel, file) : undefined;
        if (rel) await sources.prepare([rel]);
        if (run.superseded || isOpen(file)) return;
        const diagnostics = rel && text !== undefined ? diagnosticsOf(root, analyse(root, rel, text)) : [];
        publish(uri, diagnostics);
        const set = scans.showing(root);
        if (diagnostics.length > 0) set.add(uri);
        else set.delete(uri);
      },
      scanDelay,
    );
  }

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const where = locate(change.uri);
      if (!where) continue;
      const { root, rel, file } = where;
      const kind =
        change.type === FileChangeType.Created
          ? 'created'
          : change.type === FileChangeType.Deleted
            ? 'deleted'
            : 'changed';
      scans.files(root).changed(rel, kind);
      if (root.isConfigFile(rel)) {
        // The editor's buffer wins over the disk while berth.yaml is open.
        if (!isOpen(file)) scheduleBerthYamlFromDisk(root);
      } else if (!isOpen(file)) {
        if (change.type === FileChangeType.Deleted && !root.isStackCompose(rel)) {
          scheduler.cancel(`disk:${file}`);
          scans.showing(root).delete(change.uri);
          publish(change.uri, []);
        } else {
          scheduleDiskFile(root, file, change.uri); // a stack's compose file deleted: berth.yaml then says so
        }
      }
    }
  });

  // ---------- settings ----------

  function applySettings(next: BerthSettings): void {
    settings = next;
    includeMatcher = next.include.length > 0 ? picomatch(next.include, { dot: true }) : undefined;
    for (const d of documents.all()) scheduleDocument(d.uri, 0);
    for (const r of roots) scans.schedule(r, 0);
  }

  connection.onDidChangeConfiguration(async (params) => {
    try {
      const pushed = params.settings as Record<string, unknown> | null | undefined;
      if (pushed && typeof pushed === 'object' && 'berth' in pushed) return applySettings(readSettings(pushed));
      if (pullConfiguration)
        applySettings(readSettings({ berth: await connection.workspace.getConfiguration('berth') }));
    } catch (e) {
      log(`berth: reading settings failed: ${String(e)}`);
    }
  });

  // ---------- lifecycle ----------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? [
      params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined),
    ];
    roots = [...new Set(folders.filter((f): f is string => !!f))].map((f) => new WorkspaceRoot(f));
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    settings = readSettings(params.initializationOptions);
    includeMatcher = settings.include.length > 0 ? picomatch(settings.include, { dot: true }) : undefined;
    ready = Promise.all(roots.map((r) => r.loadFromDisk().catch((e: unknown) => void (r.loadError = String(e))))).then(
      () => undefined,
    );
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'berth' },
    };
  });

  connection.onInitialized(() => {
    void ready.then(() => {
      for (const r of roots) {
        // berth.yaml on disk gets its diagnostics too, before anyone opens it.
        if (r.configPath && r.configRel && r.text !== undefined && !isOpen(r.configPath)) {
          publish(pathToUri(r.configPath), diagnosticsOf(r, analyse(r, r.configRel, r.text)));
        }
        scans.schedule(r, 0);
      }
    });
  });

  connection.onShutdown(() => {
    shutDown = true;
    scheduler.dispose();
  });

  // ---------- code actions and hover ----------

  connection.onCodeAction((params) => {
    try {
      const doc = documents.get(params.textDocument.uri);
      const where = doc && locate(doc.uri);
      if (!doc || !where) {
        if (params.context.diagnostics.some((d) => d.source === 'berth'))
          log(`berth: no quick fix for ${params.textDocument.uri}: ${doc ? 'in no workspace root' : 'not open here'}`);
        return [];
      }
      const { root, rel } = where;
      const isBerthYaml = root.isConfigFile(rel);
      let cached = lastFindings.get(doc.uri);
      const fresh = !cached || cached.version !== doc.version;
      const matches = (findings: Finding[], d: Diagnostic) =>
        findings.find((f) => f.code === d.code && sameRange(f.range, d.range));
      const berthDiagnostics = params.context.diagnostics.filter((d) => d.source === 'berth');
      // A kept result that no longer explains the editor's diagnostics (judged before the allocation or the
      // index changed) is judged again rather than offering nothing.
      if (fresh || berthDiagnostics.some((d) => !matches(cached!.findings, d))) {
        cached = { version: doc.version, findings: analyse(root, rel, doc.getText()) };
        lastFindings.set(doc.uri, cached);
      }
      const findings = cached!.findings;
      const berthOpen =
        root.configPath && isOpen(root.configPath)
          ? documents.all().find((d) => uriToPath(d.uri) === root.configPath)
          : undefined;
      const ctx: QuickFixContext = {
        doc,
        rel,
        isBerthYaml,
        config: isBerthYaml ? (root.parse?.config ?? root.config) : root.config,
        berth:
          root.configPath && root.text !== undefined
            ? { uri: berthOpen?.uri ?? pathToUri(root.configPath), text: berthOpen?.getText() ?? root.text }
            : undefined,
      };
      const actions: CodeAction[] = [];
      for (const diagnostic of berthDiagnostics) {
        const finding = matches(findings, diagnostic);
        if (finding) actions.push(...quickFixes(finding, diagnostic, ctx));
        else
          log(
            `berth: no quick fix for ${rel}:${diagnostic.range.start.line + 1} (${String(diagnostic.code)}): this text's check does not report it`,
          );
      }
      return actions;
    } catch (e) {
      log(`berth: code actions failed: ${String(e)}`);
      return [];
    }
  });

  const holders = new LiveHolderStore();
  connection.onNotification(HOLDERS_NOTIFICATION, (params: unknown) => {
    const refused = holders.set(params);
    if (refused) log(`berth: ${refused}`);
  });

  connection.onHover((params) => {
    try {
      const doc = documents.get(params.textDocument.uri);
      const where = doc && locate(doc.uri);
      if (!doc || !where) return null;
      const { root, rel } = where;
      const isBerthYaml = root.isConfigFile(rel);
      const config = isBerthYaml ? (root.parse?.config ?? root.config) : root.config;
      const text = doc.getText();
      if (!config || text.includes('\0')) return null;
      if (!isBerthYaml && !root.serviceOf(rel) && !includeMatcher?.(rel)) return null;
      const context = sources.context(root, doc.uri);
      return portHover(config, rel, text, params.position, isBerthYaml, context, (p) => holders.of(p)) ?? null;
    } catch (e) {
      log(`berth: hover failed: ${String(e)}`);
      return null;
    }
  });

  // For bench/lsp.ts: the server's own memory (after a GC when node runs with --expose-gc).
  connection.onRequest('berth/memoryUsage', () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  });

  documents.listen(connection);
  connection.listen();
}

function sameRange(a: Finding['range'], b: Finding['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
