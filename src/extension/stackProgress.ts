// Follows StackEvents to tell, at any moment, where each step is ("postgres ✓ 1.2s · redis starting"),
// and formats the per-step timing lines for the output channel. No vscode import.
import { pullLine, type PullSnapshot } from '../model/pull';
import type { StackEvent, StackResult, StopResult } from '../stack/events';

const phaseWords: Record<string, string> = {
  planned: 'waiting',
  building: 'building',
  creating: 'creating',
  started: 'starting',
  ready: '✓',
  reused: '✓ already up',
  failed: '✗',
  stopping: 'stopping',
  removed: 'removed',
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}

export class StackProgress {
  private readonly steps = new Map<string, { phase: string; ms?: number }>();
  /** The pull under way, shown instead of the step list while it lasts. */
  private pulling: PullSnapshot | undefined;
  private stackPhase: string | undefined;
  /** Who holds the service while this run waits for it (another terminal's berth up …). */
  private waitingFor: string | undefined;

  constructor(readonly service: string) {}

  /** Records the event; returns the line for the output channel (none for a pull's byte progress). */
  apply(e: StackEvent): string | undefined {
    if (e.phase === 'pulling') this.pulling = e.pull && !e.pull.complete ? e.pull : undefined;
    else if (e.type === 'step' && e.step) this.steps.set(e.step, { phase: e.phase, ms: e.ms });
    else if (e.phase !== 'warning') this.stackPhase = e.phase;
    this.waitingFor = e.phase === 'waiting' ? e.detail : undefined;
    if (e.pull && !e.pull.milestone) return undefined;
    const who = e.type === 'step' && e.step ? e.step : 'stack';
    const took = e.ms !== undefined ? ` (${seconds(e.ms)})` : '';
    const detail = e.pull ? pullLine(e.pull) : e.detail;
    return `[${this.service}] +${seconds(e.at)} ${who} ${e.phase}${took}${detail ? `: ${detail}` : ''}`;
  }

  /** One line for the progress notification: the pull under way ("Pulling redis:7-alpine: 3/5 layers, 12.1 MB/20.3 MB"), else every step in plan order. */
  message(): string {
    if (this.pulling) return pullLine(this.pulling);
    const parts = [...this.steps].map(
      ([step, s]) =>
        `${step} ${phaseWords[s.phase] ?? s.phase}${s.phase === 'ready' && s.ms !== undefined ? ` ${seconds(s.ms)}` : ''}`,
    );
    if (this.waitingFor) return `${this.waitingFor}; waiting…`;
    if (!parts.length)
      return this.stackPhase === 'preflight' || !this.stackPhase ? 'preflight…' : `${this.stackPhase}…`;
    return parts.join(' · ');
  }
}

function warningLines(r: StackResult | StopResult): string[] {
  return r.warnings.map((w) => `[${r.service}] warning: ${w}`);
}

export function startOutcome(r: StackResult): { ok: boolean; message: string; logLines: string[] } {
  if (r.ok) {
    return {
      ok: true,
      message: r.alreadyUp ? `${r.service}: stack already up` : `${r.service}: stack ready in ${seconds(r.totalMs)}`,
      logLines: r.steps
        .map(
          (s) =>
            `[${r.service}] ${s.step}: ${s.state}${s.startedAt !== undefined ? `, started at +${seconds(s.startedAt)}` : ''}${s.readyAt !== undefined ? `, ready at +${seconds(s.readyAt)}` : ''}${s.container ? ` (${s.container})` : ''}`,
        )
        .concat(warningLines(r)),
    };
  }
  const err = r.error;
  const where = err?.step ? ` (step ${err.step})` : '';
  return {
    ok: false,
    message: `${r.service}: start failed${where}: ${err?.message ?? 'unknown error'}`,
    logLines: [
      `[${r.service}] ${err?.kind ?? 'error'}${where}: ${err?.message ?? 'unknown error'}`,
      ...(err?.logs?.length
        ? [
            `[${r.service}] last log lines of ${err.step ?? 'the failing container'}:`,
            ...err.logs.map((l) => `    ${l}`),
          ]
        : []),
      ...warningLines(r),
    ],
  };
}

export function stopOutcome(r: StopResult): { ok: boolean; message: string; logLines: string[] } {
  const removed = r.removed.filter((x) => x.kind === 'container').length;
  return {
    ok: r.ok,
    message: r.ok
      ? `${r.service}: stack stopped (${removed} container${removed === 1 ? '' : 's'} removed)`
      : `${r.service}: stop finished with errors: ${r.errors.join('; ')}`,
    logLines: [
      ...r.removed.map((x) => `[${r.service}] removed ${x.kind} ${x.name}`),
      ...r.errors.map((e) => `[${r.service}] error: ${e}`),
      ...warningLines(r),
    ],
  };
}
