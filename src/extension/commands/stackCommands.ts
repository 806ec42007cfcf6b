// Start Stack / Stop Stack: progress notification listing each step, Cancel wired to an AbortController,
// per-step timings in the output channel, failures with the failing container's last log lines.
import * as vscode from 'vscode';
import { startStack, stopStack, type StackResult, type StopResult } from '../../stack/runner';
import { StackProgress, startOutcome, stopOutcome } from '../stackProgress';
import { errorText } from '../../core/errorText';
import type { Session } from '../session';
import { requireTrust } from '../trust';
import { reachMilestone } from '../walkthrough';
import { sharedServiceNames } from '../folderChoice';
import type { FolderView } from '../session';
import { argSource, CommandArg, pickService, requireEngine, requireFolder } from './target';

function showFailure(session: Session, message: string): void {
  void vscode.window.showErrorMessage(`Berth: ${message}`, 'Show Output').then((pick) => {
    if (pick) session.log.show(true);
  });
}

/**
 * Another folder of the workspace declares the same service: on one engine both folders' stacks are the same
 * containers (found by the service's name, named berth-<service>-<step>). Starting it replaces the other's.
 */
async function confirmShared(session: Session, folder: FolderView, service: string): Promise<boolean> {
  const folders = session.folders();
  const others = sharedServiceNames(
    folders.map((f) => ({ key: f.key, name: f.name, services: f.config.services.map((d) => d.name) })),
  )
    .get(folder.key)
    ?.get(service);
  if (!others) return true;
  const go = 'Start Anyway';
  const pick = await vscode.window.showWarningMessage(
    `Berth: "${service}" is also a service of ${others.join(', ')}.`,
    {
      modal: true,
      detail: `On one engine both folders' ${service} stacks are the same containers: starting it from ${folder.name} replaces the stack the other folder started. Rename the service in one berth.yaml to keep both.`,
    },
    go,
  );
  return pick === go;
}

/** "" in a single-folder workspace, " (folder x)" in a multi-root one: the output says which berth.yaml acted. */
function inFolder(session: Session, folder: FolderView): string {
  return session.folders().length > 1 ? ` (folder ${folder.name})` : '';
}

export async function startStackCommand(session: Session, arg: CommandArg): Promise<StackResult | undefined> {
  if (!requireTrust('Start Stack')) return undefined;
  const folder = await requireFolder(session, arg, 'Berth: Start Stack');
  if (!folder) return undefined;
  const hasStack = (n: string) => folder.config.services.some((s) => s.name === n && s.stack);
  const service = await pickService(folder, arg, { title: 'Berth: Start Stack', eligible: hasStack });
  if (!service) return undefined;
  if (!hasStack(service)) {
    void vscode.window.showErrorMessage(
      `Berth: service "${service}" has no stack in berth.yaml (add a \`stack:\` with steps or \`compose:\`).`,
    );
    return undefined;
  }
  const engine = requireEngine(session);
  if (!engine) return undefined;
  if (!(await confirmShared(session, folder, service))) return undefined;
  const settings = vscode.workspace.getConfiguration('berth', folder.root);
  const progress = new StackProgress(service);
  session.log.info(
    `[${service}] start stack${inFolder(session, folder)} on ${engine.kind} ${engine.version} (${engine.socket}), from ${argSource(arg)}`,
  );
  let result: StackResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Berth: starting ${service}`, cancellable: true },
      async (p, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => {
          session.log.info(`[${service}] cancel requested`);
          abort.abort();
        });
        try {
          return await startStack({
            engine,
            root: folder.root.fsPath,
            config: folder.config,
            service,
            signal: abort.signal,
            caller: 'Start Stack',
            timeoutMs: Math.max(1, settings.get<number>('stack.timeout', 60)) * 1000,
            keepOnFailure: settings.get<boolean>('stack.keepOnFailure', false),
            onEvent: (e) => {
              const line = progress.apply(e);
              if (line) session.log.info(line);
              p.report({ message: progress.message() });
              session.requestRefresh();
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (e) {
    session.log.error(`[${service}] start failed: ${errorText(e)}`);
    showFailure(session, `starting ${service} failed: ${errorText(e)}`);
    session.requestRefresh();
    return undefined;
  }
  const out = startOutcome(result);
  for (const line of out.logLines) (out.ok ? session.log.info : session.log.error).call(session.log, line);
  await session.refresh();
  if (out.ok) {
    reachMilestone('stackStarted');
    void vscode.window.showInformationMessage(`Berth: ${out.message}`);
  } else if (result.error?.kind === 'cancelled')
    void vscode.window.showInformationMessage(`Berth: starting ${service} was cancelled`);
  else
    showFailure(session, out.message + (result.error?.logs?.length ? ' (its last log lines are in the output)' : ''));
  return result;
}

export async function stopStackCommand(session: Session, arg: CommandArg): Promise<StopResult | undefined> {
  if (!requireTrust('Stop Stack')) return undefined;
  const folder = await requireFolder(session, arg, 'Berth: Stop Stack');
  if (!folder) return undefined;
  const service = await pickService(folder, arg, {
    title: 'Berth: Stop Stack',
    // Running services first: those are the ones people stop.
    sort: (a, b) => (folder.services.get(b)?.running ?? 0) - (folder.services.get(a)?.running ?? 0),
  });
  if (!service) return undefined;
  const engine = requireEngine(session);
  if (!engine) return undefined;
  const progress = new StackProgress(service);
  session.log.info(`[${service}] stop stack${inFolder(session, folder)}, from ${argSource(arg)}`);
  let result: StopResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Berth: stopping ${service}` },
      (p) =>
        stopStack({
          engine,
          service,
          config: folder.config,
          caller: 'Stop Stack',
          onEvent: (e) => {
            const line = progress.apply(e);
            if (line) session.log.info(line);
            p.report({ message: progress.message() });
            session.requestRefresh();
          },
        }),
    );
  } catch (e) {
    session.log.error(`[${service}] stop failed: ${errorText(e)}`);
    showFailure(session, `stopping ${service} failed: ${errorText(e)}`);
    return undefined;
  }
  const out = stopOutcome(result);
  for (const line of out.logLines) (out.ok ? session.log.info : session.log.error).call(session.log, line);
  await session.refresh();
  if (out.ok) void vscode.window.showInformationMessage(`Berth: ${out.message}`);
  else showFailure(session, out.message);
  return result;
}
