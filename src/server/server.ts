// The Berth language server: diagnostics from the core rules for berth.yaml and every service's config files,
// quick fixes and hovers. Transport-agnostic: main.ts gives it stdio/IPC, the tests two in-memory streams.
// This file is the lifecycle and the settings; session.ts holds the state, rechecks.ts schedules the judging,
// fileEvents.ts, workspaceFolders.ts and requestHandlers.ts answer the client.
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { SOURCE_FILE_GLOBS } from '../core/portFinders/source/index';
import { listenToFileEvents } from './fileEvents';
import { Rechecks } from './rechecks';
import { listenToRequests } from './requestHandlers';
import { ServerSession } from './session';
import { readSettings, type BerthSettings } from './settings';
import { WorkspaceRoot } from './workspaceRoot';
import { listenToWorkspaceFolders } from './workspaceFolders';
import { uriToPath } from './uris';

export interface ServerOptions {
  /** Quiet time after a keystroke before the document is analysed (a newer keystroke restarts it). */
  debounceMs?: number;
  /** Quiet time before a workspace scan after berth.yaml or files on disk changed. */
  scanDelayMs?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const session = new ServerSession(connection, options.debounceMs ?? 5);
  const rechecks = new Rechecks(session, options.scanDelayMs ?? 150);
  let pullConfiguration = false;
  let foldersChange = false;

  // ---------- settings ----------

  function applySettings(next: BerthSettings): void {
    session.useSettings(next);
    rechecks.everything();
  }

  connection.onDidChangeConfiguration(async (params) => {
    try {
      const pushed = params.settings as Record<string, unknown> | null | undefined;
      if (pushed && typeof pushed === 'object' && 'berth' in pushed) return applySettings(readSettings(pushed));
      if (pullConfiguration)
        applySettings(readSettings({ berth: await connection.workspace.getConfiguration('berth') }));
    } catch (e) {
      session.log(`berth: reading settings failed: ${String(e)}`);
    }
  });

  // ---------- lifecycle ----------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? [
      params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined),
    ];
    const roots = [...new Set(folders.filter((f): f is string => !!f))].map((f) => new WorkspaceRoot(f));
    session.roots = roots;
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    foldersChange = params.capabilities.workspace?.workspaceFolders === true;
    session.watchesSources = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    session.useSettings(readSettings(params.initializationOptions));
    session.ready = Promise.all(
      roots.map((r) => r.loadFromDisk().catch((e: unknown) => void (r.loadError = String(e)))),
    ).then(() => undefined);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'berth' },
    };
  });

  connection.onInitialized(() => {
    // Source files outside the claimed globs (helper packages) are watched too, so the outside-declarations
    // lookup answers from what the server keeps instead of walking the tree at every re-check.
    if (session.watchesSources)
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: SOURCE_FILE_GLOBS.map((globPattern) => ({ globPattern })),
        })
        .catch((e: unknown) => {
          session.watchesSources = false;
          session.log(`berth: watching source files refused (${String(e)}); helpers are looked up on disk instead`);
        });
    void session.ready.then(() => {
      for (const r of session.roots) rechecks.startRoot(r);
    });
    if (foldersChange) listenToWorkspaceFolders(connection, session, rechecks);
  });

  connection.onShutdown(() => {
    session.shutDown = true;
    session.scheduler.dispose();
  });

  listenToFileEvents(connection, session, rechecks);
  listenToRequests(connection, session, (root) => rechecks.scans.sizes(root));
  session.documents.listen(connection);
  connection.listen();
}
