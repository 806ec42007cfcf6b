// Run only in the workspace-trust run (BERTH_E2E_SUITES=untrusted): in an untrusted workspace the
// diagnostics keep working, while Start Stack and Clean Stale Ports refuse to touch containers or processes.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { berthApi, fileUri, healthOf, STACK_SERVICE, waitFor } from './support';

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
});
