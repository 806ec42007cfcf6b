// "From this repository…" (berth.initFromRepository): init runs in the extension host with a progress
// notification and the proposal opens as an untitled YAML document; nothing is written to the workspace.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, fileUri } from './support';

describe('berth init from the welcome view', () => {
  it('"From this repository…" opens an untitled proposal for review and writes nothing', async () => {
    await activeExtension();
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri('berth.yaml')));
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('berth.initFromRepository');
    assert.ok(doc, 'the command returned no document');
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.languageId, 'yaml');
    assert.equal(vscode.window.activeTextEditor?.document, doc);
    const text = doc.getText();
    assert.match(text, /^version: 1$/m);
    assert.match(
      text,
      /^ {2}workflowexecution:\n {4}ports:\n {6}postgres: 15441 # seen in test\/integration\/workflowexecution\//m,
    );
    assert.match(text, /^# ---- berth init report ----$/m);
    assert.match(text, /^# What `berth check` would say against this proposal/m);
    const after = new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri('berth.yaml')));
    assert.equal(after, before, 'berth.yaml changed');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
