// "From this repository…" (berth.initFromRepository): init runs in the extension host with a progress
// notification and the proposal opens as an untitled YAML document; nothing is written to the workspace.
// With markdown allocation tables in the workspace, the command first offers them (--from-doc) and, when
// they hold several tables, one table by its heading (--table); a broken table is a located error and
// opens nothing.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, fileUri, poll } from './support';

const read = async (rel: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri(rel)));
const write = (rel: string, text: string) =>
  vscode.workspace.fs.writeFile(fileUri(rel), new TextEncoder().encode(text));

const table = (heading: string, base: number) =>
  `## ${heading}\n\n| Service | PostgreSQL | Redis | DataStorage |\n|---|---|---|---|\n` +
  `| WorkflowExecution | ${base + 15441} | ${base + 16388} | ${base + 18097} |\n` +
  `| Notification | ${base + 15439} | ${base + 16385} | ${base + 18096} |\n\n`;
const PORTS_MD = `# Port allocations\n\n${table('Integration tier', 0)}${table('E2E tier', 10000)}`;
const BROKEN_MD = '# Ports\n\n| Service | PostgreSQL | Redis |\n|---|---|---|\n| Gateway | 15437 |\n';

async function closeProposal(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('berth init from the welcome view', () => {
  it('"From this repository…" opens an untitled proposal for review and writes nothing', async () => {
    await activeExtension();
    const before = await read('berth.yaml');
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
    assert.equal(await read('berth.yaml'), before, 'berth.yaml changed');
    await closeProposal(doc);
  });

  describe('with an allocation document in the workspace', () => {
    before(async () => {
      await write('docs/ports.md', PORTS_MD);
    });
    after(async () => {
      await vscode.workspace.fs.delete(fileUri('docs'), { recursive: true, useTrash: false });
    });

    it('offers the documents, then their tables: accepting both imports the first table', async () => {
      // The picks are real quick inputs: accept each as it shows (documents come checked; the first table
      // is the Integration tier) until the command settles.
      let settled = false;
      const running = Promise.resolve(
        vscode.commands.executeCommand<vscode.TextDocument | undefined>('berth.initFromRepository'),
      ).finally(() => (settled = true));
      await poll(
        'the document and table picks to be accepted and the proposal to open',
        async () => {
          if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
          return settled;
        },
        60_000,
        250,
      );
      const doc = await running;
      assert.ok(doc, 'the command returned no document');
      const text = doc.getText();
      assert.match(text, /^# Proposed by `berth init` from docs\/ports\.md, this repository\./m);
      assert.match(text, /^ {6}postgres: 15441 # seen in docs\/ports\.md:7/m);
      assert.doesNotMatch(text, /25441/, 'the E2E tier was imported too');
      await closeProposal(doc);
    });

    it('imports the tables a choice names (the pick as the argument)', async () => {
      const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('berth.initFromRepository', {
        fromDoc: ['docs/ports.md'],
        table: 'E2E',
      });
      assert.ok(doc, 'the command returned no document');
      assert.match(doc.getText(), /^ {6}postgres: 25441 # seen in docs\/ports\.md:14/m);
      await closeProposal(doc);
    });

    it('a broken table opens nothing and writes nothing', async () => {
      await write('docs/broken.md', BROKEN_MD);
      const before = await read('berth.yaml');
      const editors = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
      const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('berth.initFromRepository', {
        fromDoc: ['docs/broken.md'],
      });
      assert.equal(doc, undefined);
      assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, editors);
      assert.equal(await read('berth.yaml'), before, 'berth.yaml changed');
      const missing = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
        'berth.initFromRepository',
        { fromDoc: ['docs/none.md'] },
      );
      assert.equal(missing, undefined, 'an unreadable document gave a proposal');
    });
  });
});
