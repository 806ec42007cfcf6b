// Run only in the workspace-trust run (BERTH_E2E_SUITES=untrusted): in an untrusted workspace the
// diagnostics keep working, while Start Stack and Clean Stale Ports refuse to touch containers or processes.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { serviceLensSpecs } from '../../../src/extension/lensSpecs';
import type { TreeNode } from '../../../src/extension/tree/node';
import { berthApi, fileUri, healthOf, serviceNode, STACK_SERVICE, waitFor, workspaceConfig } from './support';

/** The ids of the containers the tree shows under a service (its Containers group). */
function containerIds(roots: TreeNode[], service: string): string[] {
  const group = serviceNode(roots, service)?.children.find((n) => n.kind === 'containers');
  return (group?.children ?? []).flatMap((c) => (c.ref.containerId ? [c.ref.containerId] : [])).sort();
}

describe('untrusted workspace', () => {
  it('the workspace is not trusted and Berth still activates', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await berthApi();
  });

  it('diagnostics keep working', async () => {
    await waitFor(
      'the 16387 diagnostic in the WorkflowExecution config',
      () =>
        vscode.languages
          .getDiagnostics(fileUri('test/integration/workflowexecution/config/config.yaml'))
          .some((d) => d.message.includes('16387')),
      [vscode.languages.onDidChangeDiagnostics],
    );
  });

  it('Start Stack and Clean Stale Ports refuse to act', async () => {
    const api = await berthApi();
    assert.equal(await vscode.commands.executeCommand('berth.startStack', STACK_SERVICE), undefined);
    assert.equal(
      await vscode.commands.executeCommand('berth.cleanStalePorts', STACK_SERVICE, { includeForeign: true }),
      undefined,
    );
    await api.refresh();
    const h = healthOf(api.roots(), STACK_SERVICE);
    assert.ok(h !== 'starting' && h !== 'healthy' && h !== 'unhealthy', `the stack was started anyway (${h})`);
  });

  it("berth.yaml's CodeLenses show the roll-up only, and Start Stack with a lens's arguments starts nothing", async () => {
    const api = await berthApi();
    const config = await workspaceConfig();
    await api.refresh();
    const before = containerIds(api.roots(), STACK_SERVICE);
    const uri = fileUri('berth.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // The editor's own CodeLens query: what the user sees above each service.
    const lenses = await waitFor(
      'the CodeLenses of berth.yaml',
      async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        return l && l.length >= config.services.length ? l : undefined;
      },
      [api.onDidRefresh, vscode.workspace.onDidChangeTextDocument],
      30_000,
    );
    const commands = lenses.map((l) => l.command?.command);
    assert.deepEqual(
      [...new Set(commands)],
      ['berth.services.focus'],
      `untrusted lenses offer actions: ${JSON.stringify(lenses.map((l) => l.command?.title))}`,
    );
    // One roll-up per service, on the service's own line, saying what its tree row says.
    const roots = api.roots();
    for (const def of config.services) {
      const here = lenses.filter((l) => l.range.start.line === def.range.start.line);
      assert.equal(here.length, 1, `${def.name}: ${here.length} lenses on its line`);
      assert.equal(here[0]!.command!.title, serviceNode(roots, def.name)?.description, `${def.name}'s roll-up lens`);
    }

    // What the trusted "Start stack" lens would pass, invoked by hand (a keybinding, another extension): refused.
    const start = serviceLensSpecs(STACK_SERVICE, true, undefined, true).find((l) => l.command === 'berth.startStack');
    assert.ok(start, 'a trusted workspace would offer a Start stack lens');
    assert.equal(await vscode.commands.executeCommand(start.command, ...start.args), undefined);
    await api.refresh();
    assert.deepEqual(containerIds(api.roots(), STACK_SERVICE), before, 'Start Stack created containers');
    const h = healthOf(api.roots(), STACK_SERVICE);
    assert.ok(h !== 'starting' && h !== 'healthy' && h !== 'unhealthy', `the stack was started anyway (${h})`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
