// Waiting for one step to be ready: its probe tried the moment the container runs, then polled with a backoff
// from tens of ms up to its deadline; a one-shot is woken by its exit event (./exitWatch) rather than polled.
// It fails at once when the container exits, turns unhealthy (when health gates it) or the probe can never pass.
import { hostAddress } from '../model/engineHost';
import { performance } from 'node:perf_hooks';
import { errorText } from '../core/errorText';
import type { Engine } from '../engine/connection';
import type { ExitWatch } from './exitWatch';
import { OutputWake } from './outputWake';
import { tailLogs } from './failureLogs';
import { attemptProbe, describeProbe, type ProbeAttempt } from './probes';
import type { ResolvedStep } from './resolve';

/** How a probe is polled after its first try: first retry after firstDelayMs, each wait factor× the last, at most maxDelayMs. */
export interface ProbeSchedule {
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

/**
 * The schedule, picked by measurement (bench/probeSchedule.ts, a fresh postgres on both engines, 5 rounds each,
 * 2 shared cores under load ~7): capped at 250 ms and woken by the container's output (./outputWake) it was seen
 * ready soonest (median 5.2 s Docker, 3.4 s Podman) against a 50 ms cap (5.6 s, 4.8 s) that runs twice the execs
 * (35 vs 18 on Docker): each exec probe costs a process in the container, competing with the service's start-up.
 * First try at once when the container runs (export maps the cap).
 */
export const PROBE_POLL: ProbeSchedule = { firstDelayMs: 20, factor: 1.5, maxDelayMs: 250 };

/** How long a one-shot waits for its exit event before it looks anyway (the stream is connected). */
export const EXIT_BACKSTOP_MS = 2000;

/** A step's own failure (as opposed to the consequence of another step's failure or of Cancel). */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly step: string,
    readonly logs?: string[],
  ) {
    super(message);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface WaitOptions {
  /** The run's event stream: a one-shot waits for its exit event instead of polling. */
  exits?: ExitWatch;
  schedule?: ProbeSchedule;
  /** Probe again soon after the container writes output (./outputWake); default true. */
  wakeOnOutput?: boolean;
}

/** Once the step is ready: how many probe attempts it took, and whether an exit event woke the last one. */
export async function waitReady(
  engine: Engine,
  id: string,
  s: ResolvedStep,
  timeoutMs: number,
  signal: AbortSignal,
  opts: WaitOptions = {},
): Promise<{ attempts: number; onEvent: boolean }> {
  const probe = s.def.ready;
  const schedule = opts.schedule ?? PROBE_POLL;
  const exits = probe?.kind === 'once' ? opts.exits : undefined;
  const deadline = performance.now() + timeoutMs;
  const fail = async (why: string) => new StepFailure(`step "${s.name}": ${why}`, s.name, await tailLogs(engine, id));
  let delay = schedule.firstDelayMs;
  let last = 'not tried yet';
  let onEvent = false;
  const kind = probe?.kind;
  const output =
    opts.wakeOnOutput !== false && kind && kind !== 'once' && kind !== 'health'
      ? new OutputWake(engine, id)
      : undefined;
  try {
    for (let attempts = 1; ; attempts++) {
      signal.throwIfAborted();
      // Read before the inspect: an exit after it is then an event this run sees.
      const live = exits?.connected ?? false;
      const seen = exits?.count(id) ?? 0;
      const info = await engine.inspect(id);
      if (!info) throw await fail('container was removed before it was ready');
      if (probe?.kind !== 'once') {
        if (!info.running)
          throw await fail(
            `container exited with code ${info.exitCode} before it was ready${info.error ? ` (${info.error})` : ''}`,
          );
        // Only when the engine's health is what gates this step: an image HEALTHCHECK without a start
        // period can call a slow-starting database unhealthy while the step's own probe is still patient.
        if ((!probe || probe.kind === 'health') && info.health === 'unhealthy')
          throw await fail('container turned unhealthy');
      }
      let attempt: ProbeAttempt;
      try {
        attempt = await attemptProbe(engine, info, s, probe);
      } catch (e) {
        attempt = { ok: false, detail: errorText(e) };
      }
      if (attempt.ok) return { attempts, onEvent };
      last = attempt.detail ?? last;
      if (attempt.fatal) throw await fail(`${describeProbe(s, probe, hostAddress(engine.host))} failed: ${last}`);
      const left = deadline - performance.now();
      if (left <= 0)
        throw await fail(
          `probe "${describeProbe(s, probe, hostAddress(engine.host))}" did not pass within ${Math.round(timeoutMs / 100) / 10} s (last: ${last})`,
        );
      if (live && exits) {
        await exits.after(id, seen, Math.min(EXIT_BACKSTOP_MS, left), signal);
        onEvent = exits.count(id) > seen;
        continue;
      }
      await (output
        ? output.sleep(Math.min(delay, left), Math.min(schedule.firstDelayMs, left), signal)
        : abortableSleep(Math.min(delay, left), signal));
      delay = Math.min(Math.round(delay * schedule.factor), schedule.maxDelayMs);
    }
  } finally {
    output?.close();
  }
}
