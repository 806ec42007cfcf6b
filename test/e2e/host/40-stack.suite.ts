// Start Stack brings the demo's workflowexecution stack up on the real engine (berth.engine.host) and the
// tree reports it healthy; Stop Stack takes it down.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StackResult, StopResult } from '../../../src/stack/events';
import { berthApi, healthOf, STACK_SERVICE, waitTree, workspaceConfig } from './support';

async function httpStatus(port: number, path: string): Promise<number | string> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) });
    return r.status;
  } catch (e) {
    return String((e as { cause?: { code?: string } }).cause?.code ?? e);
  }
}

describe('Start Stack / Stop Stack on the real engine', function () {
  this.timeout(240_000);
  let httpPort: number;

  before(async () => {
    const config = await workspaceConfig();
    httpPort = config.services.find((s) => s.name === STACK_SERVICE)!.ports.find((p) => p.role === 'http')!.port;
    // A leftover from an interrupted run must not make this pass or fail.
    await vscode.commands.executeCommand('berth.stopStack', STACK_SERVICE);
  });

  after(async () => {
    await vscode.commands.executeCommand('berth.stopStack', STACK_SERVICE);
  });

  it('Start Stack brings the stack up in dependency order and the tree reports it healthy', async () => {
    const api = await berthApi();
    const result = await vscode.commands.executeCommand<StackResult | undefined>('berth.startStack', STACK_SERVICE);
    assert.ok(result, 'berth.startStack returned nothing (refused or failed before starting; see the Berth output)');
    assert.equal(result.ok, true, `start failed: ${JSON.stringify(result.error)}`);
    assert.deepEqual(result.steps.map((s) => s.step).sort(), ['datastorage', 'migrations', 'postgres', 'redis']);
    const roots = await waitTree(
      api,
      `${STACK_SERVICE} healthy`,
      (r) => healthOf(r, STACK_SERVICE) === 'healthy',
      60_000,
    );
    assert.equal(healthOf(roots, STACK_SERVICE), 'healthy');
    // The stack really serves: DataStorage answers on the service's allocated http port.
    assert.equal(await httpStatus(httpPort, '/health'), 200);
  });

  it('Stop Stack takes it down and frees its ports', async () => {
    const api = await berthApi();
    const result = await vscode.commands.executeCommand<StopResult | undefined>('berth.stopStack', STACK_SERVICE);
    assert.ok(result, 'berth.stopStack returned nothing');
    assert.equal(result.ok, true, `stop failed: ${result.errors.join('; ')}`);
    assert.ok(
      result.removed.some((r) => r.kind === 'container'),
      'no container was removed',
    );
    await waitTree(api, `${STACK_SERVICE} down`, (r) => {
      const h = healthOf(r, STACK_SERVICE);
      return h === 'idle' || h === 'stopped';
    });
    assert.equal(await httpStatus(httpPort, '/health'), 'ECONNREFUSED');
  });
});
