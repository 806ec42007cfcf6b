// Clean Stale Ports for one service: a planted foreign listener on one of workflowexecution's ports is
// left alone by the default (safe) selection and freed when the user's choice includes it.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import type { CleanupReport } from '../../../src/cleanup/model';
import { plantListener, portFree } from '../harness/listener';
import { berthApi, serviceNode, STACK_SERVICE, waitTree, workspaceConfig } from './support';

describe('Clean Stale Ports', function () {
  this.timeout(120_000);
  let port: number;
  let listener: ChildProcess | undefined;
  let exited: Promise<number | null> | undefined;

  before(async () => {
    const config = await workspaceConfig();
    port = config.services.find((s) => s.name === STACK_SERVICE)!.ports.find((p) => p.role === 'http')!.port;
    assert.ok(await portFree(port), `port ${port} is already taken before the test plants its listener`);
    listener = await plantListener(port);
    exited = new Promise((r) => listener!.once('exit', (code) => r(code)));
  });

  after(() => {
    if (listener && listener.exitCode === null && listener.signalCode === null) listener.kill('SIGKILL');
  });

  it('the tree shows the foreign holder as a conflict of the service', async () => {
    const api = await berthApi();
    await api.refresh();
    await waitTree(api, `port ${port} held by pid ${listener!.pid}`, (r) => {
      const ports = serviceNode(r, STACK_SERVICE)?.children.find((c) => c.kind === 'ports');
      const row = ports?.children.find((p) => p.label.endsWith(` ${port}`));
      return !!row && new RegExp(`\\b${listener!.pid}\\b`).test(`${row.description} ${row.tooltip}`);
    });
  });

  it('leaves the foreign process alone when the choice does not include it', async () => {
    const report = await vscode.commands.executeCommand<CleanupReport | undefined>(
      'berth.cleanStalePorts',
      STACK_SERVICE,
      {},
    );
    // The safe default selection has nothing to do here: the foreign process is never preselected.
    assert.ok(
      !report || !report.actions.some((a) => a.id === `process:${listener!.pid}`),
      `acted on the foreign process: ${JSON.stringify(report)}`,
    );
    assert.equal(listener!.exitCode, null);
    assert.equal(await portFree(port), false);
  });

  it('frees the port when the choice includes the foreign process', async () => {
    const report = await vscode.commands.executeCommand<CleanupReport | undefined>(
      'berth.cleanStalePorts',
      STACK_SERVICE,
      { includeForeign: true },
    );
    assert.ok(report, 'berth.cleanStalePorts returned no report (see the Berth output)');
    const act = report.actions.find((a) => a.id === `process:${listener!.pid}`);
    assert.ok(act, `the foreign process was not acted on: ${JSON.stringify(report.actions)}`);
    assert.equal(act.outcome, 'done', act.detail);
    await exited;
    assert.ok(await portFree(port), `port ${port} is still held after cleanup`);
    const row = report.ports.find((p) => p.port === port);
    assert.ok(row, `the report does not verify port ${port}`);
  });
});
