// Start and stop a service's stack. Public API for the CLI and the editor:
//   startStack(opts) → StackResult   (never rejects; failures are in result.error, non-fatal ones in warnings)
//   stopStack(opts)  → StopResult     (never rejects either; errors are in result.errors)
//   StackEvent (./events): progress, one event per step phase, with timings.
// A start runs in phases, each in its own module: definition (./resolve), preflight, reuse, network, the step
// graph, and teardown when it fails. Readiness is probed by Berth itself (./readiness).
import { hostAddress } from '../model/engineHost';
import { errorText } from '../core/errorText';
import type { Container } from '../model/container';
import type { Engine } from '../engine/connection';
import { instanceText, LABEL_RUN, LABEL_SERVICE, ofWorker } from '../engine/labels';
import { LockBusyError } from '../host/locks';
import { describeInterrupted, withServiceLock, type ServiceAction } from '../host/serviceLock';
import type { StackResult, StopResult } from './events';
import { ensureNetwork } from './network';
import type { LockingOptions, StartOptions, StopOptions } from './options';
import { preflight } from './preflight';
import { describeProbe } from './probes';
import { StackConfigError, resolveStack, type ResolvedStack } from './resolve';
import { findReusable, LABEL_SPEC, replaceStale } from './reuse';
import { StartRun } from './startRun';
import { StepGraph } from './stepGraph';
import { removeCreated, runStop } from './teardown';

export type { StackEvent, StackResult, StepOutcome, StopResult, StackError } from './events';
export { DEFAULT_STEP_TIMEOUT_MS, type StartOptions, type StopOptions } from './options';
export { networkName } from './network';
export { containerName } from './stepGraph';
export { LABEL_RUN, LABEL_SPEC, StackConfigError };

/**
 * Runs of the same service on the same engine take turns (a double click on Start, Start during Stop):
 * the second sees what the first left, e.g. "already up", instead of racing it for names and ports. Across
 * processes (two terminals, a terminal and the editor) the service's lock file does the same.
 */
const turns = new Map<string, Promise<unknown>>();
function inTurn<T>(engine: Engine, service: string, worker: number, fn: () => Promise<T>): Promise<T> {
  const key = `${engine.socket}|${service}|${worker}`;
  const prev = turns.get(key) ?? Promise.resolve();
  const run = prev.catch(() => undefined).then(fn);
  const settled = run.catch(() => undefined);
  turns.set(key, settled);
  void settled.then(() => {
    if (turns.get(key) === settled) turns.delete(key);
  });
  return run;
}

function lockOptions(
  opts: LockingOptions & { service: string; worker?: number; signal?: AbortSignal },
  action: ServiceAction,
) {
  const worker = opts.worker ?? 1;
  return {
    service: opts.service,
    worker,
    label: instanceText(opts.service, worker),
    action,
    what: opts.caller ?? 'Berth',
    wait: opts.wait,
    signal: opts.signal,
    dir: opts.lockDir,
  };
}

export function startStack(opts: StartOptions): Promise<StackResult> {
  const run = new StartRun(opts);
  return inTurn(opts.engine, opts.service, run.worker, async () => {
    try {
      return await withServiceLock(
        {
          ...lockOptions(opts, 'start'),
          run: run.runId,
          onWait: (message) => run.emit({ type: 'stack', phase: 'waiting', detail: message }),
        },
        (held) => {
          if (held.reclaimed)
            run.emit({
              type: 'stack',
              phase: 'interrupted',
              detail: `${describeInterrupted(held.reclaimed)} was interrupted: what of it is ready is adopted, the rest replaced`,
            });
          return runStart(run);
        },
      );
    } catch (e) {
      if (e instanceof LockBusyError) return run.result({ kind: 'busy', message: e.message });
      if (opts.signal?.aborted)
        return run.result({ kind: 'cancelled', message: 'cancelled while waiting for the service' });
      return run.result({ kind: 'engine', message: errorText(e) });
    }
  });
}

export function stopStack(opts: StopOptions): Promise<StopResult> {
  return inTurn(opts.engine, opts.service, opts.worker ?? 1, async () => {
    try {
      return await withServiceLock(
        {
          ...lockOptions(opts, 'stop'),
          onWait: (message) => opts.onEvent?.({ type: 'stack', phase: 'waiting', at: 0, detail: message }),
        },
        () => runStop(opts),
      );
    } catch (e) {
      const busy = e instanceof LockBusyError;
      const error = busy ? e.message : opts.signal?.aborted ? 'cancelled while waiting for the service' : errorText(e);
      const notStarted = busy ? ('busy' as const) : opts.signal?.aborted ? ('cancelled' as const) : undefined;
      return { ok: false, service: opts.service, removed: [], errors: [error], warnings: [], notStarted };
    }
  });
}

async function runStart(run: StartRun): Promise<StackResult> {
  const { opts, engine, service } = run;
  let stack: ResolvedStack;
  try {
    stack = await resolveStack(opts.root, opts.config, service, run.worker);
  } catch (e) {
    return run.result({ kind: 'config', message: errorText(e) });
  }
  for (const s of stack.steps) {
    const hostPorts = s.ports.map((p) => ({ role: p.role, hostPort: p.hostPort, containerPort: p.containerPort }));
    run.outcomes.set(s.name, { step: s.name, state: 'skipped', hostPorts });
    run.emit({
      type: 'step',
      step: s.name,
      phase: 'planned',
      detail: describeProbe(s, s.def.ready, hostAddress(run.engine.host)),
    });
  }
  if (opts.signal?.aborted) return run.result({ kind: 'cancelled', message: 'cancelled before start' });
  const internal = new AbortController();
  const onUserAbort = () => internal.abort(new Error('cancelled'));
  opts.signal?.addEventListener('abort', onUserAbort, { once: true });
  try {
    run.emit({ type: 'stack', phase: 'preflight' });
    let existing: Container[];
    try {
      // This worker's instance only: another worker's containers are neither reused nor replaced.
      existing = ofWorker(await engine.containers({ label: `${LABEL_SERVICE}=${service}` }), run.worker);
    } catch (e) {
      return run.result({
        kind: 'engine',
        message: `${engine.kind} at ${engine.socket} did not answer: ${errorText(e)}`,
      });
    }
    const reuse = await findReusable(engine, stack, existing, !!opts.rebuild);
    if (reuse.size === stack.steps.length) {
      for (const [step, c] of reuse) run.reused(step, c);
      return run.result(undefined, true, run.net);
    }
    const { images, problems } = await preflight(run, stack, existing);
    if (problems.length) return run.result({ kind: 'preflight', message: problems.join('\n') });
    await replaceStale(run, existing, reuse);
    if (await ensureNetwork(engine, run.net, service, run.runId, run.worker))
      run.emit({ type: 'stack', phase: 'network', detail: `created network ${run.net}` });
    const graph = new StepGraph(run, stack, images, reuse, internal);
    await graph.runAll();
    if (opts.signal?.aborted) throw new Error('cancelled');
    const failure = graph.firstFailure;
    if (failure) {
      await removeCreated(run);
      return run.result(
        { kind: 'step', step: failure.step, message: failure.message, logs: failure.logs },
        false,
        run.net,
      );
    }
    return run.result(undefined, false, run.net);
  } catch (e) {
    await removeCreated(run);
    if (opts.signal?.aborted) return run.result({ kind: 'cancelled', message: 'cancelled' }, false, run.net);
    return run.result({ kind: 'engine', message: errorText(e) }, false, run.net);
  } finally {
    opts.signal?.removeEventListener('abort', onUserAbort);
  }
}
