// The packaged extension activates by itself on a workspace holding berth.yaml.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { recordNumber } from './index';
import { activeExtension, berthApi, EXTENSION_ID } from './support';

describe('activation', () => {
  it('activates on the demo workspace from the installed .vsix (not a development folder)', async () => {
    const ext = await activeExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.id, EXTENSION_ID);
    // Set by the code-server run (not by test:electron, which runs the development folder on purpose).
    const repo = process.env.BERTH_E2E_REPO;
    if (repo) {
      assert.ok(
        !ext.extensionPath.startsWith(repo),
        `the extension runs from ${ext.extensionPath}, inside the repository: not the installed .vsix`,
      );
      // In code-server the extension runs in the remote (workspace) extension host, beside the files and engines.
      assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    }
    // activate()'s own duration (the extension measures it); the workbench's figure comes from the UI suite.
    const api = await berthApi();
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0, `activationMs: ${api.activationMs}`);
    recordNumber('activateCallMs', Math.round(api.activationMs));
  });

  it('registers every command its package.json contributes', async () => {
    const ext = await activeExtension();
    const contributed = (
      (ext.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? []
    ).map((c) => c.command);
    for (const c of ['berth.startStack', 'berth.stopStack', 'berth.cleanStalePorts', 'berth.refresh'])
      assert.ok(contributed.includes(c), `${c} is not contributed`);
    const commands = await vscode.commands.getCommands(true);
    const missing = contributed.filter((c) => !commands.includes(c));
    assert.deepEqual(missing, [], 'contributed but not registered');
  });
});
