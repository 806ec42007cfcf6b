// Clean Stale Ports…: pick a service (conflicts counted), show the plan as a multi-select pick with the
// safe items preselected, act on what the user confirms, then summarise. The editor's own process
// tree is passed as protected pids.
import * as vscode from 'vscode';
import { executeCleanup } from '../../cleanup/execute';
import type { CleanupPlan, CleanupReport } from '../../cleanup/model';
import { defaultSelection, planCleanup } from '../../cleanup/plan';
import { ownProcessChain } from '../../host/terminate';
import { cleanupSummary, freePorts, planPickItems, planPickPlaceholder, planPickTitle } from '../cleanupPick';
import { errorText } from '../../core/errorText';
import type { Session } from '../session';
import { requireTrust } from '../trust';
import { CommandArg, pickService, requireFolder } from './target';
import { reachMilestone } from '../walkthrough';

/** For callers that cannot click a pick (host tests, keybindings with args): act without asking. */
export interface CleanupChoice {
  /** Item ids to act on; default: the safe ones (plus foreign processes with includeForeign). */
  select?: string[];
  includeForeign?: boolean;
}

interface PlanQuickPickItem extends vscode.QuickPickItem {
  id?: string;
}

async function askSelection(plan: CleanupPlan): Promise<string[] | undefined> {
  const items: PlanQuickPickItem[] = planPickItems(plan).map((i) =>
    i.separator
      ? { label: i.label, kind: vscode.QuickPickItemKind.Separator }
      : { id: i.id, label: i.label, description: i.description, detail: i.detail, picked: i.picked },
  );
  const qp = vscode.window.createQuickPick<PlanQuickPickItem>();
  qp.title = planPickTitle(plan);
  qp.placeholder = planPickPlaceholder;
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = true;
  qp.items = items;
  qp.selectedItems = items.filter((i) => i.picked);
  return new Promise((resolve) => {
    let accepted = false;
    qp.onDidAccept(() => {
      accepted = true;
      resolve(qp.selectedItems.map((i) => i.id).filter((id): id is string => !!id));
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!accepted) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

export async function cleanStalePortsCommand(
  session: Session,
  arg: CommandArg,
  choice?: CleanupChoice,
): Promise<CleanupReport | undefined> {
  if (!requireTrust('Clean Stale Ports')) return undefined;
  const folder = await requireFolder(session, arg, 'Berth: Clean Stale Ports of…');
  if (!folder) return undefined;
  const conflicts = (n: string) => folder.services.get(n)?.conflicts ?? 0;
  const service = await pickService(folder, arg, {
    title: 'Berth: Clean Stale Ports of…',
    describe: (n) =>
      (conflicts(n) ? `${conflicts(n)} port conflict${conflicts(n) === 1 ? '' : 's'}` : 'no conflicts') +
      ` · ${folder.services.get(n)?.summary ?? ''}`,
    sort: (a, b) => conflicts(b) - conflicts(a),
  });
  if (!service) return undefined;

  const settings = vscode.workspace.getConfiguration('berth', folder.root);
  const gvCommand = settings.get<string[]>('cleanup.gvproxyCommand');
  const gvproxy = Array.isArray(gvCommand) && gvCommand.length ? { command: gvCommand } : undefined;
  const graceMs = Math.max(0, settings.get<number>('cleanup.graceMs', 3000));
  const engine = session.engine();
  const status = session.engineStatus();
  const engineError = engine ? undefined : status.state === 'unreachable' ? status.reason : 'engine not connected yet';

  let plan: CleanupPlan;
  let protectedPids: Set<number>;
  try {
    ({ plan, protectedPids } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Berth: planning the cleanup of ${service}…` },
      async () => {
        // The extension host and its parents (the editor, code-server): never offered, whatever holds a port.
        const pids = await ownProcessChain();
        return {
          plan: await planCleanup({
            engine,
            engineError,
            config: folder.config,
            service,
            protectedPids: pids,
            gvproxy,
          }),
          protectedPids: pids,
        };
      },
    ));
  } catch (e) {
    session.log.error(`[${service}] cleanup plan failed: ${errorText(e)}`);
    void vscode.window.showErrorMessage(`Berth: cannot plan the cleanup of ${service}: ${errorText(e)}`);
    return undefined;
  }
  session.log.info(
    `[${service}] cleanup plan (${plan.engine ? `${plan.engine.kind} ${plan.engine.socket}` : `no engine: ${plan.engineError ?? 'unknown'}`}):`,
  );
  for (const i of plan.items)
    session.log.info(
      `  ${i.action.padEnd(17)} ${i.id} [${i.ports.join(', ')}]: ${i.why}${i.preselected ? ' (preselected)' : ''}`,
    );
  for (const w of plan.warnings) session.log.warn(`  ${w}`);

  if (!plan.items.some((i) => i.action !== 'none')) {
    const free = freePorts(plan);
    const left = plan.items.filter((i) => i.action === 'none' && i.why !== 'free');
    reachMilestone('portsClean');
    void vscode.window.showInformationMessage(
      `Berth: nothing to clean for ${service}.` +
        (free.length ? ` Free: ${free.join(', ')}.` : '') +
        (left.length ? ` Left alone: ${left.map((i) => i.why).join('; ')}.` : ''),
    );
    return undefined;
  }

  const selected = choice
    ? (choice.select ?? defaultSelection(plan, { includeForeign: choice.includeForeign }))
    : await askSelection(plan);
  if (!selected || selected.length === 0) {
    session.log.info(`[${service}] cleanup: nothing selected`);
    return undefined;
  }

  let report: CleanupReport;
  try {
    report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Berth: cleaning ${service}` },
      (p) =>
        executeCleanup(plan, selected, {
          engine,
          config: folder.config,
          graceMs,
          protectedPids,
          gvproxy,
          lock: { caller: 'Clean Stale Ports', onWait: (message) => p.report({ message: `${message}; waiting…` }) },
          onProgress: (r, done, total) =>
            p.report({ message: `${done}/${total} ${r.id}: ${r.outcome}`, increment: 100 / Math.max(1, total) }),
        }),
    );
  } catch (e) {
    session.log.error(`[${service}] cleanup failed: ${errorText(e)}`);
    void vscode.window
      .showErrorMessage(`Berth: cleaning ${service} failed: ${errorText(e)}`, 'Show Output')
      .then((pick) => pick && session.log.show(true));
    session.requestRefresh();
    return undefined;
  }
  const summary = cleanupSummary(report);
  for (const line of summary.lines) session.log.info(`[${service}] ${line}`);
  await session.refresh();
  if (summary.ok) {
    reachMilestone('portsClean');
    void vscode.window.showInformationMessage(`Berth: ${summary.message}`);
  } else
    void vscode.window
      .showWarningMessage(`Berth: ${summary.message}`, 'Show Output')
      .then((pick) => pick && session.log.show(true));
  return report;
}
