// Starts the Berth language server (dist/server.js) and keeps the client's document selector in step with
// berth.yaml: berth.yaml itself, every service's `configs` globs, and `berth.diagnostics.include`. When those
// globs change the client restarts with the new selector (the same LanguageClient object stays valid).
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { parseBerthYaml } from '../core/berthYaml';
import { serviceFileGlobs } from '../core/ownership';
import { BERTH_FILE_NAMES } from '../host/workspaceFiles';

const berthFiles = 'berth.{yaml,yml}';

type Log = Pick<vscode.OutputChannel, 'appendLine'>;

export async function startLanguageClient(context: vscode.ExtensionContext, log: Log): Promise<LanguageClient> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  /** The last globs read from each folder's berth.yaml that parsed (a broken berth.yaml keeps the old ones). */
  const lastGlobs = new Map<string, string[]>();
  let watchers: vscode.FileSystemWatcher[] = [];

  /** Every (folder, glob) the client sends documents for and watches on disk. */
  async function filePatterns(): Promise<{
    selector: DocumentSelector;
    patterns: vscode.RelativePattern[];
    key: string;
  }> {
    const selector: DocumentSelector = [];
    const patterns: vscode.RelativePattern[] = [];
    const include = vscode.workspace.getConfiguration('berth').get<unknown[]>('diagnostics.include', []) ?? [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const base = folder.uri.toString();
      const globs = await configGlobs(folder);
      if (globs) lastGlobs.set(base, globs);
      const extra = include.filter((g): g is string => typeof g === 'string' && g.length > 0);
      for (const pattern of new Set([berthFiles, ...(lastGlobs.get(base) ?? []), ...extra])) {
        selector.push({ scheme: 'file', pattern: { baseUri: base, pattern } });
        patterns.push(new vscode.RelativePattern(folder, pattern));
      }
    }
    return { selector, patterns, key: JSON.stringify(selector) };
  }

  function makeWatchers(patterns: vscode.RelativePattern[]): vscode.FileSystemWatcher[] {
    for (const w of watchers) w.dispose();
    watchers = patterns.map((p) => vscode.workspace.createFileSystemWatcher(p));
    return watchers;
  }

  const first = await filePatterns();
  let currentKey = first.key;
  const clientOptions: LanguageClientOptions = {
    documentSelector: first.selector,
    synchronize: { configurationSection: 'berth', fileEvents: makeWatchers(first.patterns) },
    initializationOptions: { berth: { diagnostics: vscode.workspace.getConfiguration('berth').get('diagnostics') } },
    diagnosticCollectionName: 'berth',
    outputChannelName: 'Berth Language Server',
  };
  const client = new LanguageClient('berth', 'Berth', serverOptions, clientOptions);

  let restarting: Promise<void> = Promise.resolve();
  async function followGlobs(reason: string): Promise<void> {
    const next = await filePatterns();
    if (next.key === currentKey) return;
    currentKey = next.key;
    log.appendLine(`Berth: ${reason}; restarting the language server with the new file set.`);
    clientOptions.documentSelector = next.selector;
    clientOptions.synchronize = { ...clientOptions.synchronize, fileEvents: makeWatchers(next.patterns) };
    clientOptions.initializationOptions = {
      berth: { diagnostics: vscode.workspace.getConfiguration('berth').get('diagnostics') },
    };
    restarting = restarting
      .then(() => client.restart())
      .catch((e: unknown) => log.appendLine(`Berth: restart failed: ${String(e)}`));
    await restarting;
  }
  const onBerthYaml = (uri: vscode.Uri) =>
    void followGlobs(`${vscode.workspace.asRelativePath(uri)} changed its configs`).catch((e: unknown) =>
      log.appendLine(`Berth: reading berth.yaml failed: ${String(e)}`),
    );
  const berthWatcher = vscode.workspace.createFileSystemWatcher(`**/${berthFiles}`);
  context.subscriptions.push(
    berthWatcher,
    berthWatcher.onDidCreate(onBerthYaml),
    berthWatcher.onDidChange(onBerthYaml),
    berthWatcher.onDidDelete(onBerthYaml),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('berth.diagnostics.include')) void followGlobs('berth.diagnostics.include changed');
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void followGlobs('workspace folders changed')),
    { dispose: () => watchers.forEach((w) => w.dispose()) },
    { dispose: () => void client.stop() },
  );
  await client.start();
  log.appendLine(`Berth: language server started (${first.selector.length} file patterns).`);
  return client;
}

/** The services' `configs` globs of a folder's berth.yaml; undefined when it is missing or cannot be read. */
async function configGlobs(folder: vscode.WorkspaceFolder): Promise<string[] | undefined> {
  for (const name of BERTH_FILE_NAMES) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, name)));
    } catch {
      continue;
    }
    const parsed = parseBerthYaml(text, name);
    return parsed.config ? serviceFileGlobs(parsed.config) : undefined;
  }
  return [];
}
