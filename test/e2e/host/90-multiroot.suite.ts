// Run only in the multi-root session (BERTH_E2E_SUITES=multiroot): a .code-workspace with examples/demo's copy and a
// second folder (books) whose berth.yaml declares a service the first has not. Both folders are roots of the view,
// Start Stack on the second folder's service uses the second folder's berth.yaml, and its lenses name their folder.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { StackResult, StopResult } from '../../../src/stack/events';
import type { TreeNode } from '../../../src/extension/tree/node';
import { LEDGER as L } from '../harness/ledger';
import { berthApi, treeText, waitFor, waitTree } from './support';

const LEDGER = L.service;
const LEDGER_HTTP = L.http;

function folderRow(roots: TreeNode[], name: string): TreeNode | undefined {
  return roots.find((n) => n.kind === 'folder' && n.label === name);
}

function ledgerNode(roots: TreeNode[]): TreeNode | undefined {
  return folderRow(roots, L.folder)?.children.find((n) => n.kind === 'service' && n.label === LEDGER);
}

async function httpStatus(port: number): Promise<number | string> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) })).status;
  } catch (e) {
    return String((e as { cause?: { code?: string } }).cause?.code ?? e);
  }
}

describe('multi-root workspace', function () {
  this.timeout(180_000);
  const ledgerFolder = () => vscode.workspace.workspaceFolders?.find((f) => f.name === L.folder);

  before(async () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 2, 'the session opens two folders');
    assert.ok(ledgerFolder(), `a folder named ${L.folder}`);
    // These suites open the session: Start Stack refuses ("still connecting") until the engine has answered.
    await waitTree(
      await berthApi(),
      'the engine connected',
      (r) => r[0]?.kind === 'engine' && r[0].icon.id === 'vm-running',
    );
  });

  after(async () => {
    const node = ledgerNode((await berthApi()).roots());
    if (node) await vscode.commands.executeCommand('berth.stopStack', node);
  });

  it('each folder with a berth.yaml is a root of the view, its own services beneath', async () => {
    const api = await berthApi();
    const roots = await waitTree(api, 'two folder rows', (r) => !!folderRow(r, 'demo') && !!ledgerNode(r));
    assert.equal(roots[0]!.kind, 'engine', `the engine row first: ${treeText(roots)}`);
    const demo = folderRow(roots, 'demo')!;
    assert.ok(demo.children.some((n) => n.label === 'workflowexecution'));
    assert.ok(!demo.children.some((n) => n.label === LEDGER), 'ledger is not a service of demo');
    assert.deepEqual(
      folderRow(roots, L.folder)!.children.map((n) => n.label),
      [LEDGER],
    );
    assert.equal(ledgerNode(roots)!.ref.folder, ledgerFolder()!.uri.toString());
  });

  it("Start Stack on the second folder's service uses that folder's berth.yaml; the status bar counts it", async () => {
    const api = await berthApi();
    const node = ledgerNode(api.roots())!;
    const result = await vscode.commands.executeCommand<StackResult | undefined>('berth.startStack', node);
    assert.ok(result, 'berth.startStack returned nothing (refused or failed before starting; see the Berth output)');
    assert.equal(result.ok, true, `start failed: ${JSON.stringify(result.error)}`);
    assert.deepEqual(
      result.steps.map((s) => s.step),
      ['web'],
    );
    // The port only ledger/berth.yaml allocates: the stack really came from the second folder's file.
    assert.equal(await httpStatus(LEDGER_HTTP), 200);
    const roots = await waitTree(api, 'ledger healthy', (r) => ledgerNode(r)?.health === 'healthy', 60_000);
    assert.match(folderRow(roots, L.folder)!.description ?? '', /^1\/1 stack healthy/);
    assert.match(api.statusText() ?? '', /1\/1 stack healthy/);
  });

  it("the second folder's berth.yaml has lenses that name their folder", async () => {
    const uri = vscode.Uri.joinPath(ledgerFolder()!.uri, 'berth.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const api = await berthApi();
    const lenses = await waitFor(
      `the CodeLenses of ${L.folder}/berth.yaml`,
      async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        return l?.some((x) => x.command?.command === 'berth.stopStack') ? l : undefined;
      },
      [api.onDidRefresh],
      30_000,
    );
    const stop = lenses.find((l) => l.command?.command === 'berth.stopStack')!;
    assert.deepEqual(stop.command!.arguments, [{ service: LEDGER, folder: ledgerFolder()!.uri.toString() }]);
    // The lens's own arguments stop the second folder's stack.
    const result = await vscode.commands.executeCommand<StopResult | undefined>(
      stop.command!.command,
      ...(stop.command!.arguments ?? []),
    );
    assert.ok(result?.ok, `stop failed: ${result?.errors.join('; ')}`);
    await waitTree(api, 'ledger down', (r) => ledgerNode(r)?.health === 'idle', 60_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("a terminal started in the second folder gets that folder's berth.terminal.env variables", async () => {
    const books = ledgerFolder()!;
    const demo = vscode.workspace.workspaceFolders!.find((f) => f.name === 'demo')!;
    const setting = vscode.workspace.getConfiguration('berth.terminal', books.uri);
    const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-terminal-'));
    /** What a shell started in the folder sees as BERTH_HTTP_PORT (written to a file: no terminal scraping). */
    const portIn = async (folder: vscode.WorkspaceFolder, n: number): Promise<string | undefined> => {
      const out = join(dir, `${folder.name}-${n}`);
      const closed = new Promise<void>((resolve) => {
        const sub = vscode.window.onDidCloseTerminal((t) => {
          if (t !== term) return;
          sub.dispose();
          resolve();
        });
      });
      const term = vscode.window.createTerminal({
        name: `berth env ${folder.name}`,
        cwd: folder.uri,
        shellPath: '/bin/sh',
        // The output path is an argument ($1), not part of the script text.
        shellArgs: ['-c', 'printf "%s" "$BERTH_HTTP_PORT" > "$1"', 'sh', out],
      });
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
      term.dispose();
      try {
        return readFileSync(out, 'utf8');
      } catch {
        return undefined;
      }
    };
    try {
      await setting.update('env', LEDGER, vscode.ConfigurationTarget.WorkspaceFolder);
      // The extension applies the change on its configuration event: terminals started from then on get it.
      let port: string | undefined;
      for (let n = 0, deadline = Date.now() + 60_000; port !== String(LEDGER_HTTP) && Date.now() < deadline; n++)
        port = await portIn(books, n);
      assert.equal(port, String(LEDGER_HTTP));
      // The first folder names no service: its terminals get nothing.
      assert.equal(await portIn(demo, 0), '');
    } finally {
      await setting.update('env', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
