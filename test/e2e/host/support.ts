// Helpers for the suites that run inside the extension host: wait on real signals (events, state), bounded.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'berth-dev.berth';

export function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('no workspace folder is open');
  return f.uri;
}

export function fileUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

/** Resolves with the first truthy value of check(), re-checked whenever one of the events fires; rejects after timeoutMs. */
export function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  events: vscode.Event<unknown>[],
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    let done = false;
    let last: unknown;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      fn();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${what}${last !== undefined ? ` (last: ${String(last)})` : ''}`,
            ),
          ),
        ),
      timeoutMs,
    );
    const probe = async () => {
      try {
        const v = await check();
        if (v) finish(() => resolve(v));
      } catch (e) {
        last = e instanceof Error ? e.message : e;
      }
    };
    for (const ev of events) subs.push(ev(() => void probe()));
    void probe();
  });
}

/** For state without an event (extension activation): re-check at a short interval, bounded. */
export function poll<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const tick = new vscode.EventEmitter<void>();
  const iv = setInterval(() => tick.fire(), everyMs);
  return waitFor(what, check, [tick.event], timeoutMs).finally(() => {
    clearInterval(iv);
    tick.dispose();
  });
}

export function diagnosticsOf(rel: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(fileUri(rel));
}

/** Waits until the diagnostics of a file satisfy pick(), which returns what the test needs. */
export function waitForDiagnostics<T>(
  rel: string,
  what: string,
  pick: (d: vscode.Diagnostic[]) => T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  return waitFor(
    `${what} in ${rel} (has: ${JSON.stringify(diagnosticsOf(rel).map((d) => d.message))})`,
    () => pick(diagnosticsOf(rel)),
    [vscode.languages.onDidChangeDiagnostics],
    timeoutMs,
  );
}

export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext)
    throw new Error(
      `${EXTENSION_ID} is not installed in this host (${vscode.extensions.all
        .filter((e) => !e.id.startsWith('vscode.'))
        .map((e) => e.id)
        .join(', ')})`,
    );
  await poll('the extension to activate by itself (workspaceContains:berth.yaml)', () => ext.isActive, 60_000);
  return ext;
}

import type { BerthApi } from '../../../src/extension/api';
import type { TreeNode } from '../../../src/extension/tree/node';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import type { BerthConfig } from '../../../src/core/types';

/** The API activate() returns (tree model, waitFor): no sleeping on the tree. */
export async function berthApi(): Promise<BerthApi> {
  const ext = await activeExtension();
  const api = ext.exports as BerthApi | undefined;
  if (!api || typeof api.waitFor !== 'function')
    throw new Error(`${EXTENSION_ID} exports no BerthApi (got ${typeof api})`);
  return api;
}

export function serviceNode(roots: TreeNode[], name: string): TreeNode | undefined {
  return roots.find((n) => n.kind === 'service' && n.label === name);
}

/** "workflowexecution: healthy\n…": the roll-up's health word, from the service row's tooltip. */
export function healthOf(roots: TreeNode[], name: string): string | undefined {
  const tip = serviceNode(roots, name)?.tooltip;
  return tip ? /^[^:]+:\s*(\w+)/.exec(tip)?.[1] : undefined;
}

export async function workspaceConfig(): Promise<BerthConfig> {
  const text = Buffer.from(await vscode.workspace.fs.readFile(fileUri('berth.yaml'))).toString('utf8');
  const { config, findings } = parseBerthYaml(text);
  if (!config) throw new Error(`berth.yaml does not parse: ${findings.map((f) => f.message).join('; ')}`);
  return config;
}

export const STACK_SERVICE = 'workflowexecution';

/** One line per service for failure messages. */
export function treeText(roots: TreeNode[]): string {
  return roots.map((n) => `${n.label} — ${n.description ?? ''}`).join(' | ');
}

/**
 * Waits until the tree satisfies pred: the extension's own waitFor re-checks it on every refresh (the roots
 * change only with one). Fails with the tree's rows.
 */
export async function waitTree(
  api: BerthApi,
  what: string,
  pred: (roots: TreeNode[]) => boolean,
  timeoutMs = 30_000,
): Promise<TreeNode[]> {
  try {
    return await api.waitFor(pred, timeoutMs);
  } catch (e) {
    throw new Error(`waiting for ${what}: ${(e as Error).message}\ntree: ${treeText(api.roots())}`, { cause: e });
  }
}
