// The language client publishes the demo's known conflicts (seed 001): a WorkflowExecution config still
// using HAPI's Redis 16387, and an audit test hard-coding the unallocated http://localhost:18100.
// A quick fix applied through vscode.commands removes its diagnostic. A helper no service claims, deleted on disk,
// reaches the language server through the source-file watcher it registers, and its declaration goes.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, fileUri, poll, waitFor, waitForDiagnostics, workspaceConfig, workspaceRoot } from './support';

/** Workspace-relative files (outside berth.yaml) whose text contains the port. */
async function filesMentioning(port: number): Promise<string[]> {
  const uris = await vscode.workspace.findFiles('**/*', '{**/node_modules/**,**/.vscode/**,berth.yaml,berth.yml}');
  const out: string[] = [];
  for (const u of uris) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(u)).toString('utf8');
    if (new RegExp(`\\b${port}\\b`).test(text)) out.push(vscode.workspace.asRelativePath(u, false));
  }
  return out.sort();
}

async function rangeText(rel: string, d: vscode.Diagnostic): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(fileUri(rel));
  return doc.getText(d.range);
}

const onPort = (port: number) => (d: vscode.Diagnostic) => d.message.includes(String(port));

describe('language client diagnostics on the demo', () => {
  before(async () => {
    await activeExtension();
  });

  it("flags HAPI's Redis 16387 in a WorkflowExecution config as another service's port (error)", async () => {
    const files = await filesMentioning(16387);
    assert.ok(files.length > 0, `no demo file uses 16387 (${workspaceRoot().fsPath})`);
    // HAPI's own files use 16387 legitimately: wait until some file has the diagnostic, then check them all.
    const flagged = await waitFor(
      `a diagnostic about 16387 in one of ${files.join(', ')}`,
      () => {
        const hits = files.flatMap((rel) =>
          vscode.languages
            .getDiagnostics(fileUri(rel))
            .filter(onPort(16387))
            .map((d) => ({ rel, d })),
        );
        return hits.length ? hits : undefined;
      },
      [vscode.languages.onDidChangeDiagnostics],
    );
    for (const { rel, d } of flagged) {
      assert.equal(await rangeText(rel, d), '16387', `range of "${d.message}" in ${rel}`);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error, d.message);
      assert.match(rel, /workflow/i, `16387 flagged in ${rel}, expected a WorkflowExecution file`);
    }
  });

  it('flags the hard-coded, unallocated http://localhost:18100 in the audit test (warning)', async () => {
    const files = await filesMentioning(18100);
    assert.ok(files.length > 0, 'no demo file uses 18100');
    const rel = files.find((f) => /audit/i.test(f)) ?? files[0]!;
    const [d] = await waitForDiagnostics(rel, 'a diagnostic about 18100', (all) => {
      const m = all.filter(onPort(18100));
      return m.length ? m : undefined;
    });
    assert.equal(await rangeText(rel, d!), '18100');
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning, d!.message);
  });

  it('a quick fix applied through vscode.commands removes its diagnostic', async () => {
    const files = await filesMentioning(16387);
    // Asked again until it answers: a CI rehearsal under load got an empty answer once on each host (the
    // lightbulb a user hovers asks again too). An empty first answer is printed, so it stays visible.
    let offered = 'not asked yet';
    let empty = 0;
    const found = await poll(
      'a quick fix with an edit for a 16387 diagnostic',
      async () => {
        let target: { rel: string; d: vscode.Diagnostic } | undefined;
        for (const rel of files) {
          const d = vscode.languages.getDiagnostics(fileUri(rel)).find(onPort(16387));
          if (d) {
            target = { rel, d };
            break;
          }
        }
        if (!target) {
          offered = 'no 16387 diagnostic to fix';
          return undefined;
        }
        // The last argument resolves the actions (their edits may come from codeAction/resolve).
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          fileUri(target.rel),
          target.d.range,
          vscode.CodeActionKind.QuickFix.value,
          10,
        );
        const fixes = (actions ?? []).filter((a) => a.edit && a.edit.size > 0 && !/ignore/i.test(a.title));
        offered = `"${target.d.message}" in ${target.rel}: offered ${(actions ?? []).map((a) => a.title).join(' | ') || 'nothing'}`;
        if (fixes.length === 0) {
          empty++;
          return undefined;
        }
        return { ...target, fixes };
      },
      15_000,
      500,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}; last: ${offered}`);
    });
    if (empty > 0) console.log(`quick fixes came after ${empty} answer(s) without one (${offered})`);
    const { rel, d, fixes } = found;
    const uri = fileUri(rel);
    const fix = fixes.find((a) => a.isPreferred) ?? fixes[0]!;
    const original = (await vscode.workspace.openTextDocument(uri)).getText();
    const before = (await vscode.workspace.openTextDocument(uri)).getText(d.range);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), `applyEdit failed for "${fix.title}"`);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.notEqual(doc.getText(d.range), before, `"${fix.title}" did not change ${rel}`);
    // The preferred fix uses the file's own service's port for the role (workflowexecution's redis).
    const own = (await workspaceConfig()).services
      .find((s) => s.name === 'workflowexecution')!
      .ports.find((p) => p.role === 'redis')!.port;
    if (fix.isPreferred) assert.equal(doc.getText(d.range), String(own), `"${fix.title}"`);
    await waitForDiagnostics(
      rel,
      `the 16387 diagnostic to go after "${fix.title}"`,
      (all) => !all.some((x) => x.range.isEqual(d.range) && x.message === d.message),
    );
    // Put the demo back (unsaved edits would otherwise follow the workspace into the UI suites).
    const undo = new vscode.WorkspaceEdit();
    undo.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(undo));
    await doc.save();
    await waitForDiagnostics(rel, 'the 16387 diagnostic back after undoing the fix', (all) =>
      all.some((x) => x.message === d.message),
    );
  });

  it("a claimed Go file's call to a helper no service claims is judged by the helper's declaration, until it is deleted", async () => {
    const caller = 'test/integration/workflowexecution/berth_probe_test.go';
    const helper = 'test/berthprobe/probe.go';
    const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(fileUri(rel), Buffer.from(text));
    const berthYaml = fileUri('berth.yaml');
    const original = Buffer.from(await vscode.workspace.fs.readFile(berthYaml)).toString('utf8');
    try {
      await write(helper, 'package berthprobe\n\nfunc StartBerthProbe(name string, redisPort int) {}\n');
      await write(caller, 'package workflowexecution\n\nfunc init() { StartBerthProbe("we", 16387) }\n');
      // berth.yaml saved (a comment): the workspace is re-checked, the call looked up outside the claimed files.
      await write('berth.yaml', `${original}# re-check\n`);
      const [d] = await waitForDiagnostics(caller, "the helper's redisPort argument flagged", (all) => {
        const m = all.filter(onPort(16387));
        return m.length ? m : undefined;
      });
      assert.equal(d!.severity, vscode.DiagnosticSeverity.Error, d!.message);
      // Only the watcher the server registered for source files tells it the helper is gone.
      await vscode.workspace.fs.delete(fileUri(helper));
      await waitForDiagnostics(caller, 'the argument no longer flagged once the helper is deleted', (all) =>
        all.every((x) => !onPort(16387)(x)),
      );
    } finally {
      await vscode.workspace.fs
        .delete(fileUri('test/berthprobe'), { recursive: true })
        .then(undefined, () => undefined);
      await vscode.workspace.fs.delete(fileUri(caller)).then(undefined, () => undefined);
      await vscode.workspace.fs.writeFile(berthYaml, Buffer.from(original));
    }
  });
});
