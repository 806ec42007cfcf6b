// Start Stack / Stop Stack: progress notification listing each step, Cancel wired to an AbortController,
// per-step timings in the output channel, failures with the failing container's last log lines.
import * as vscode from 'vscode';
import { startStack, stopStack, type StackResult, type StopResult } from '../../stack/runner';
import { StackProgress, startOutcome, stopOutcome } from '../stackProgress';
import { errorText } from '../../core/errorText';
import type { Session } from '../session';
import { requireTrust } from '../trust';
import { reachMilestone } from '../walkthrough';
import { argSource, CommandArg, pickService, requireConfig, requireEngine } from './target';

function showFailure(session: Session, message: string): void {
  void vscode.window.showErrorMessage(`Berth: ${message}`, 'Show Output').then((pick) => {
    if (pick) session.log.show(true);
  });
}

export async function startStackCommand(session: Session, arg: CommandArg): Promise<StackResult | undefined> {
  if (!requireTrust('Start Stack')) return undefined;
  const cfg = requireConfig(session);
  if (!cfg) return undefined;
  const hasStack = (n: string) => cfg.config.services.some((s) => s.name === n && s.stack);
  const service = await pickService(session, cfg.config, arg, { title: 'Berth: Start Stack', eligible: hasStack });
  if (!service) return undefined;
  if (!hasStack(service)) {
    void vscode.window.showErrorMessage(
      `Berth: service "${service}" has no stack in berth.yaml (add a \`stack:\` with steps or \`compose:\`).`,
    );
    return undefined;
  }
  const engine = requireEngine(session);
  if (!engine) return undefined;
  const settings = vscode.workspace.getConfiguration('berth');
  const progress = new StackProgress(service);
  session.log.info(
    `[${service}] start stack on ${engine.kind} ${engine.version} (${engine.socket}), from ${argSource(arg)}`,
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
            root: cfg.root.fsPath,
            config: cfg.config,
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
  const cfg = requireConfig(session);
  if (!cfg) return undefined;
  const service = await pickService(session, cfg.config, arg, {
    title: 'Berth: Stop Stack',
    // Running services first: those are the ones people stop.
    sort: (a, b) => (session.services.get(b)?.running ?? 0) - (session.services.get(a)?.running ?? 0),
  });
  if (!service) return undefined;
  const engine = requireEngine(session);
  if (!engine) return undefined;
  const progress = new StackProgress(service);
  session.log.info(`[${service}] stop stack, from ${argSource(arg)}`);
  let result: StopResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Berth: stopping ${service}` },
      (p) =>
        stopStack({
          engine,
          service,
          config: cfg.config,
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
