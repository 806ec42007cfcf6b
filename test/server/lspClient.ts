// A test client for the Berth language server: the real server (startServer) and a JSON-RPC client connection
// in one process over two PassThrough streams. Waits are on the server's own notifications, bounded.
import { PassThrough } from 'node:stream';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  createProtocolConnection,
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Command,
  type Diagnostic,
  type Hover,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerOptions } from '../../src/server/server';

type Waiter = {
  uri: string;
  pred: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
};

export class LspTestClient {
  /** Every publish, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Messages the server logged (errors land here instead of crashing it). */
  readonly logs: string[] = [];
  /** Capabilities the server registered (client/registerCapability), as VS Code accepts them. */
  readonly registrations: Registration[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly docs = new Map<string, TextDocument>();

  private constructor(
    readonly root: string,
    private readonly client: ProtocolConnection,
    private readonly streams: PassThrough[],
  ) {
    client.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.pred(p)) {
          this.waiters.delete(w);
          w.resolve(p);
        }
      }
    });
    client.onNotification('window/logMessage', (m: { message: string }) => void this.logs.push(m.message));
    client.onRequest(RegistrationRequest.type, (p) => void this.registrations.push(...p.registrations));
  }

  /** The server in this process, over two in-memory streams. */
  /** `folders`: the workspace folders, relative to root (a multi-root workspace); default the root alone.
   *  `watches: false`: a client that cannot register file watchers (VS Code can, so by default this one can). */
  static async start(
    root: string,
    opts: { settings?: unknown; server?: ServerOptions; folders?: string[]; watches?: boolean } = {},
  ): Promise<LspTestClient> {
    const up = new PassThrough();
    const down = new PassThrough();
    // Reader/writer rather than raw streams: given streams, vscode-languageserver exits the process when they close.
    startServer(createConnection(new StreamMessageReader(up), new StreamMessageWriter(down)), {
      scanDelayMs: 0,
      ...opts.server,
    });
    return LspTestClient.connect(root, down, up, opts.settings, opts.folders, opts.watches);
  }

  /** A client on the given streams (the server's output and input), initialized with root as the workspace. */
  static async connect(
    root: string,
    fromServer: NodeJS.ReadableStream,
    toServer: NodeJS.WritableStream,
    settings?: unknown,
    folders: string[] = [''],
    watches = true,
  ): Promise<LspTestClient> {
    const connection = createProtocolConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
    const streams = [fromServer, toServer].filter((s): s is PassThrough => s instanceof PassThrough);
    const c = new LspTestClient(root, connection, streams);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: c.uri(''),
      workspaceFolders: folders.map((f) => ({ uri: c.uri(f), name: f || 'ws' })),
      capabilities: {
        workspace: { workspaceFolders: true, ...(watches && { didChangeWatchedFiles: { dynamicRegistration: true } }) },
      },
      initializationOptions: settings,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return c;
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  text(uri: string): string {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    return d.getText();
  }

  version(uri: string): number {
    return this.docs.get(uri)?.version ?? -1;
  }

  async open(rel: string, text: string, languageId = 'plaintext'): Promise<string> {
    const uri = this.uri(rel);
    const doc = TextDocument.create(uri, languageId, 1, text);
    this.docs.set(uri, doc);
    await this.client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    return uri;
  }

  /** Sends one incremental change (the way editors send keystrokes). */
  async edit(uri: string, edits: TextEdit[]): Promise<number> {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    const version = doc.version + 1;
    // Changes apply in order, so send them bottom-up to keep each range valid.
    const ordered = [...edits].sort(
      (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
    );
    const next = TextDocument.update(
      doc,
      ordered.map((e) => ({ range: e.range, text: e.newText })),
      version,
    );
    this.docs.set(uri, next);
    await this.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: ordered.map((e) => ({ range: e.range, text: e.newText })),
    });
    return version;
  }

  async replaceAll(uri: string, text: string): Promise<number> {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return this.edit(uri, [
      { range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: text },
    ]);
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Writes a file in the workspace on disk and tells the server, as the client's file watcher would. */
  async writeFile(rel: string, text: string | Buffer, type: FileChangeType = FileChangeType.Changed): Promise<string> {
    const file = path.join(this.root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    await this.fileChanged(rel, type);
    return this.uri(rel);
  }

  /** Deletes a file or folder on disk and tells the server, as the client's file watcher would. */
  async deleteFile(rel: string): Promise<string> {
    rmSync(path.join(this.root, rel), { recursive: true, force: true });
    await this.fileChanged(rel, FileChangeType.Deleted);
    return this.uri(rel);
  }

  async fileChanged(rel: string, type: FileChangeType): Promise<void> {
    await this.client.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: this.uri(rel), type }],
    });
  }

  /** Workspace folders (relative to root) added and removed, as an editor sends them. */
  async changeFolders(added: string[], removed: string[]): Promise<void> {
    const folders = (rels: string[]) => rels.map((f) => ({ uri: this.uri(f), name: f }));
    await this.client.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: folders(added), removed: folders(removed) },
    });
  }

  async configure(settings: unknown): Promise<void> {
    await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  /** Resolves with the first publish for uri (already received or coming) that satisfies pred. */
  diagnostics(
    uri: string,
    pred: (p: PublishDiagnosticsParams) => boolean = () => true,
    opts: { timeoutMs?: number; since?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const seen = this.published.slice(opts.since ?? 0).find((p) => p.uri === uri && pred(p));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const last = [...this.published].reverse().find((p) => p.uri === uri);
        reject(
          new Error(
            `no matching diagnostics for ${uri} within ${opts.timeoutMs ?? 10000} ms; last: ${JSON.stringify(last)}; logs: ${this.logs.join(' | ')}`,
          ),
        );
      }, opts.timeoutMs ?? 10000);
      const waiter: Waiter = { uri, pred, resolve: (p) => (clearTimeout(timer), resolve(p)) };
      this.waiters.add(waiter);
    });
  }

  /** The diagnostics the server published for the document's current version. */
  current(uri: string, pred: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    const version = this.version(uri);
    return this.diagnostics(uri, (p) => p.version === version && pred(p.diagnostics)).then((p) => p.diagnostics);
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const result = await this.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics },
    });
    return (result ?? []).filter((a: Command | CodeAction): a is CodeAction => 'edit' in a || 'kind' in a);
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return this.client.sendRequest(method, params);
  }

  /** A client notification of Berth's own (berth/holders). */
  async notify(method: string, params: unknown): Promise<void> {
    await this.client.sendNotification(method, params);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  /** Applies a WorkspaceEdit the way an editor does: to open documents as edits, to closed files on disk. */
  async apply(edit: WorkspaceEdit): Promise<void> {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      if (this.docs.has(uri)) {
        await this.edit(uri, edits);
      } else {
        const file = new URL(uri);
        const { readFileSync } = await import('node:fs');
        const before = readFileSync(file, 'utf8');
        writeFileSync(file, TextDocument.applyEdits(TextDocument.create(uri, 'x', 0, before), edits));
        await this.fileChanged(path.relative(this.root, file.pathname), FileChangeType.Changed);
      }
    }
  }

  async dispose(): Promise<void> {
    try {
      await this.client.sendRequest(ShutdownRequest.type);
    } finally {
      this.client.dispose();
      for (const s of this.streams) s.destroy();
    }
  }
}

/** A temp workspace with the given files; removed by the returned cleanup. */
export function tempWorkspace(files: Record<string, string | Buffer>): { root: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'berth-lsp-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** The code action with that title (failing with the titles on offer). */
export function pick(actions: CodeAction[], title: string): CodeAction {
  const a = actions.find((x) => x.title === title);
  if (!a) throw new Error(`no action "${title}" among ${JSON.stringify(actions.map((x) => x.title))}`);
  return a;
}
