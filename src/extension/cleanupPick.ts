// The cleanup plan as multi-select pick items, and the report as a summary. No vscode import: the
// command maps these onto QuickPickItems.
import type { CleanupItem, CleanupPlan, CleanupReport } from '../cleanup/model';
import { describeHolder } from '../model/holderText';

export interface PlanPickItem {
  /** CleanupItem id; undefined for separators. */
  id?: string;
  separator?: boolean;
  label: string;
  description?: string;
  detail?: string;
  picked: boolean;
}

const actionText: Record<CleanupItem['action'], string> = {
  'remove-container': '$(trash) Remove container',
  'terminate-process': '$(debug-stop) End process',
  'unexpose-forward': '$(debug-disconnect) Unexpose forward',
  'kill-gvproxy': '$(warning) End gvproxy',
  none: '$(check) Leave',
};

function portsText(i: CleanupItem): string {
  if (!i.ports.length) return '';
  const first = i.role ? `${i.role} ${i.ports[0]}` : String(i.ports[0]);
  return [first, ...i.ports.slice(1)].join(', ');
}

function subject(i: CleanupItem): string {
  if (i.container) return i.container.name;
  if (i.forward) return `${i.forward.local} → ${i.forward.remote}`;
  if (i.holder) return describeHolder(i.holder);
  return '';
}

/** Names the service and what the plan holds, so the title alone says what Enter will touch. */
export function planPickTitle(plan: CleanupPlan): string {
  const act = plan.items.filter((i) => i.action !== 'none');
  const safe = act.filter((i) => i.preselected).length;
  const ask = act.length - safe;
  const counts = act.length
    ? [safe && `${safe} safe`, ask && `${ask} to ask first`].filter(Boolean).join(', ')
    : 'nothing to clean';
  return `Berth: Clean Stale Ports of ${plan.service} · ${counts}`;
}

/** Short: the multi-select pick draws its "N Selected" badge and OK button over the input's right end. */
export const planPickPlaceholder = 'Check what to clean, then Enter';

/** Why acting on it is safe or needs a look, then what Berth found. */
function safetyNote(i: CleanupItem): string {
  const head = i.preselected ? '$(shield) Safe: ' : '$(warning) Ask first: ';
  return head + [i.why, i.risk && `Risk: ${i.risk}`].filter(Boolean).join(' · ');
}

/** Actionable items first (safe ones preselected), then what is left alone as separators that say why. */
export function planPickItems(plan: CleanupPlan): PlanPickItem[] {
  const act = plan.items.filter((i) => i.action !== 'none');
  const safe = act.filter((i) => i.preselected);
  const ask = act.filter((i) => !i.preselected);
  const out: PlanPickItem[] = [];
  const push = (i: CleanupItem) =>
    out.push({
      id: i.id,
      label: `${actionText[i.action]} ${subject(i)}`.trim(),
      description: portsText(i),
      detail: safetyNote(i),
      picked: i.preselected,
    });
  if (safe.length) {
    out.push({ separator: true, label: 'Stale: safe to clean', picked: false });
    safe.forEach(push);
  }
  if (ask.length) {
    out.push({ separator: true, label: 'Ask first (not preselected)', picked: false });
    ask.forEach(push);
  }
  const left = plan.items.filter((i) => i.action === 'none' && i.why !== 'free');
  if (left.length) {
    out.push({ separator: true, label: 'Left alone', picked: false });
    for (const i of left) out.push({ separator: true, label: `${portsText(i)}: ${i.why}`, picked: false });
  }
  return out;
}

/** Ports of the plan that are free already. */
export function freePorts(plan: CleanupPlan): number[] {
  return plan.items.filter((i) => i.action === 'none' && i.why === 'free').flatMap((i) => i.ports);
}

export interface CleanupSummary {
  message: string;
  ok: boolean;
  lines: string[];
}

export function cleanupSummary(report: CleanupReport): CleanupSummary {
  const lines = [
    ...report.actions.map((a) => `${a.outcome.padEnd(12)} ${a.id}: ${a.detail}`),
    ...report.ignored.map((i) => `ignored      ${i.id}: ${i.reason}`),
    ...report.ports.map(
      (p) => `port ${p.role ? `${p.role} ` : ''}${p.port}: ${p.state}${p.detail ? ` (${p.detail})` : ''}`,
    ),
  ];
  const failed = report.actions.filter((a) => a.outcome === 'failed' || a.outcome === 'refused').length;
  const held = report.ports.filter((p) => p.state === 'held');
  const done = report.actions.filter((a) => a.outcome === 'done' || a.outcome === 'already-gone').length;
  let message = `${report.service}: ${done} action${done === 1 ? '' : 's'} done`;
  if (failed) message += `, ${failed} failed`;
  message += report.allFree
    ? ' · every port is free or served by the service'
    : ` · still held: ${held.map((p) => `${p.role ? `${p.role} ` : ''}${p.port}${p.detail ? ` (${p.detail})` : ''}`).join(', ')}`;
  return { message, ok: report.allFree && failed === 0, lines };
}
