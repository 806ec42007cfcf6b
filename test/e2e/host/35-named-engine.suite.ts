// A named engine that does not answer: berth.engine.host (workspace setting) pointed at a socket that does not
// exist. The view shows THAT engine's row, with the reason and Retry inline, no service's containers (one made
// here on the real engine is shown first, so their absence means something) and no other engine (no
// fallback), also after Retry. The setting is then restored and the engine connects again: the suites after
// this one run on it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { TreeNode } from '../../../src/extension/tree/node';
import { activeExtension, berthApi, STACK_SERVICE, treeText, waitTree, workspaceConfig } from './support';

const run = promisify(execFile);

const flat = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);
const containersIn = (roots: TreeNode[]) => flat(roots).filter((n) => n.kind === 'container');

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

describe('a named engine that does not answer', () => {
  const missing = `unix:///tmp/berth-e2e-no-engine-${process.pid}.sock`;
  const target = vscode.ConfigurationTarget.Workspace;
  const name = `berth-e2e-named-${process.pid}`;
  let saved: string | undefined;
  /** The engine's own CLI at the session's engine (docker -H / podman --url). */
  let cli: string[] = [];
  let service = '';

  before(async () => {
    saved = vscode.workspace.getConfiguration('berth').inspect<string>('engine.host')?.workspaceValue;
    assert.ok(saved, 'the session sets berth.engine.host in the workspace settings');
    cli = process.env.BERTH_E2E_ENGINE_KIND === 'podman' ? ['podman', '--url', saved] : ['docker', '-H', saved];
    service = (await workspaceConfig()).services.find((s) => s.name !== STACK_SERVICE)!.name;
    const [file, ...args] = cli;
    await run(
      file,
      [...args, 'run', '-d', '--name', name, '--label', `berth.service=${service}`, 'busybox:stable'].concat([
        'sleep',
        '300',
      ]),
      {
        timeout: 30_000,
      },
    );
  });

  after(async () => {
    const [file, ...args] = cli;
    if (file) await run(file, [...args, 'rm', '-f', name], { timeout: 30_000 }).catch(() => undefined);
    await vscode.workspace.getConfiguration('berth').update('engine.host', saved, target);
    await waitTree(
      await berthApi(),
      `the engine at ${saved} connected again`,
      (r) => r[0]?.kind === 'engine' && r[0].icon.id === 'vm-running',
      60_000,
    );
  });

  it('shows that engine did not answer, the reason and Retry; no containers, no other engine, also after Retry', async () => {
    const api = await berthApi();
    const unreachable = (r: TreeNode[]) => r[0]?.kind === 'engine' && r[0].label === `${missing} did not answer`;
    await waitTree(api, `${name} under ${service}`, (r) => containersIn(r).some((c) => c.label.includes(name)));
    await vscode.workspace.getConfiguration('berth').update('engine.host', missing, target);
    let roots = await waitTree(api, `the engine row for ${missing}`, unreachable);
    const row = roots[0]!;
    assert.equal(row.description, 'setting: no such socket');
    assert.equal(row.contextValue, 'engine.unreachable');
    assert.equal(row.icon.id, 'debug-disconnect');
    assert.match(row.tooltip ?? '', /Berth uses no other engine while one is named/);
    assert.deepEqual(containersIn(roots), [], `no container rows: ${treeText(roots)}`);
    assert.equal(roots.filter((n) => n.kind === 'engine').length, 1, treeText(roots));

    // Retry is the row's inline action: the installed package.json puts it there for this context value.
    const menus = ((await activeExtension()).packageJSON as { contributes: { menus: Record<string, MenuItem[]> } })
      .contributes.menus['view/item/context'];
    assert.ok(
      menus.some(
        (m) =>
          m.command === 'berth.retryEngine' &&
          m.group?.startsWith('inline') &&
          m.when?.includes(`viewItem == ${row.contextValue}`),
      ),
      JSON.stringify(menus.filter((m) => m.command === 'berth.retryEngine')),
    );

    // Retry tries the named engine again, and only it.
    await vscode.commands.executeCommand('berth.retryEngine');
    roots = await waitTree(api, `the engine row for ${missing} after Retry`, unreachable);
    assert.equal(roots[0]!.description, 'setting: no such socket');
    assert.deepEqual(containersIn(roots), [], `no container rows after Retry: ${treeText(roots)}`);
  });
});
