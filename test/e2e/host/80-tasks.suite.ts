// The `berth` task type in the real host: the provided tasks are listed, "Tasks: Run Task" runs one (the
// command the palette entry runs, with the task's label), and the $berth problem matcher puts `berth check`'s
// text output into the Problems panel (source "berth check", beside the language server's own "berth").
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, diagnosticsOf, STACK_SERVICE, waitFor, waitForDiagnostics } from './support';

const endEvents = new vscode.EventEmitter<void>();

/** Runs "Tasks: Run Task" with the label and resolves with the exit code of the berth task it started. */
async function runTaskByLabel(label: string, command: string): Promise<number | undefined> {
  let last: vscode.TaskProcessEndEvent | undefined;
  const ended = waitFor(`the berth ${command} task to end`, () => last, [endEvents.event], 120_000);
  const sub = vscode.tasks.onDidEndTaskProcess((e) => {
    if (e.execution.task.definition.type === 'berth' && e.execution.task.definition.command === command) {
      last = e;
      endEvents.fire();
    }
  });
  try {
    await vscode.commands.executeCommand('workbench.action.tasks.runTask', label);
    return (await ended).exitCode;
  } finally {
    sub.dispose();
  }
}
describe('berth tasks', function () {
  this.timeout(180_000);

  before(async () => {
    await activeExtension();
  });

  it('provides up and down for each service with a stack, and check', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'berth' });
    const names = tasks.map((t) => t.name);
    for (const n of [`up ${STACK_SERVICE}`, `down ${STACK_SERVICE}`, 'check'])
      assert.ok(names.includes(n), `${n} in ${names}`);
    const check = tasks.find((t) => t.name === 'check')!;
    assert.deepEqual(check.problemMatchers, ['$berth']);
  });

  it('"Tasks: Run Task" runs berth: down (nothing running: exit 0)', async () => {
    assert.equal(await runTaskByLabel(`berth: down ${STACK_SERVICE}`, 'down'), 0);
  });

  it('the $berth matcher puts berth check output into the Problems panel', async () => {
    const rel = 'test/integration/workflowexecution/config/config.yaml';
    assert.equal(await runTaskByLabel('berth: check', 'check'), 1, 'the demo has an error: check exits 1');
    const found = await waitForDiagnostics(rel, 'a "berth check" problem from the task', (ds) =>
      ds.find((d) => d.source === 'berth check'),
    );
    assert.equal(found.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(found.range.start.line, 9);
    assert.equal(found.range.start.character, 33);
    assert.match(found.message, /port 16387 belongs to 'hapi' \(redis\)/);
    assert.equal(typeof found.code === 'object' ? found.code.value : found.code, 'port-owned-by-other-service');
    assert.ok(
      diagnosticsOf(rel).some((d) => d.source === 'berth'),
      'the language server reports the same file too',
    );
  });
});
