// The state of one Start Stack run that every phase shares: timing, progress events, step outcomes, what the run
// created, and the failures that did not fail it (warnings: reported in the result and as events, never lost).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { errorText } from '../core/errorText';
import type { Container } from '../model/container';
import type { StackError, StackEvent, StackResult, StepOutcome } from './events';
import { networkName } from './network';
import type { StartOptions } from './options';

export class StartRun {
  readonly runId: string;
  readonly net: string;
  readonly outcomes = new Map<string, StepOutcome>();
  /** Containers this run created, in creation order (a failed run removes them in reverse). */
  readonly created: { id: string; name: string; step: string }[] = [];
  readonly warnings: string[] = [];
  private readonly t0 = performance.now();

  constructor(readonly opts: StartOptions) {
    this.runId = opts.runId ?? randomUUID();
    this.net = networkName(opts.service, this.worker);
  }

  /** The parallel worker whose instance of the stack this run starts (1 unless told). */
  get worker(): number {
    return this.opts.worker ?? 1;
  }

  get engine() {
    return this.opts.engine;
  }

  get service() {
    return this.opts.service;
  }

  at(): number {
    return Math.round(performance.now() - this.t0);
  }

  emit(e: Omit<StackEvent, 'at'>): void {
    try {
      this.opts.onEvent?.({ ...e, at: this.at() });
    } catch {
      // a listener's bug must not break the run
    }
  }

  /** A failure that does not fail the run (a leftover that could not be removed …): kept and told. */
  warn(what: string, e: unknown): void {
    const message = `${what}: ${errorText(e)}`;
    this.warnings.push(message);
    this.emit({ type: 'stack', phase: 'warning', detail: message });
  }

  outcome(step: string): StepOutcome {
    return this.outcomes.get(step)!;
  }

  reused(step: string, c: Pick<Container, 'id' | 'name'>): void {
    const o = this.outcome(step);
    o.state = 'reused';
    o.containerId = c.id;
    o.container = c.name;
    this.emit({ type: 'step', step, phase: 'reused', ms: 0, detail: 'already up' });
  }

  result(error?: StackError, alreadyUp = false, network?: string): StackResult {
    const r: StackResult = {
      ok: !error,
      service: this.service,
      alreadyUp,
      runId: this.runId,
      network,
      steps: [...this.outcomes.values()],
      totalMs: this.at(),
      error,
      warnings: this.warnings,
    };
    this.emit(
      error
        ? {
            type: 'stack',
            phase: error.kind === 'cancelled' ? 'cancelled' : 'failed',
            ms: r.totalMs,
            detail: error.message,
          }
        : { type: 'stack', phase: 'done', ms: r.totalMs, detail: alreadyUp ? 'already up' : undefined },
    );
    return r;
  }
}
