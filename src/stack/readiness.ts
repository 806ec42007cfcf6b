// Waiting for one step to be ready: its probe polled from 100 ms with backoff up to its deadline; it fails at
// once when the container exits, turns unhealthy (when health is what gates it) or the probe can never pass.
import { hostAddress } from '../model/engineHost';
import { performance } from 'node:perf_hooks';
import { errorText } from '../core/errorText';
import type { Engine } from '../engine/connection';
import { tailLogs } from './failureLogs';
import { attemptProbe, describeProbe, type ProbeAttempt } from './probes';
import type { ResolvedStep } from './resolve';

/** How a probe is polled: first retry after 100 ms, each wait 1.5× the last, never more than 1 s (export maps it). */
export const PROBE_POLL = { firstDelayMs: 100, factor: 1.5, maxDelayMs: 1000 } as const;

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

export async function waitReady(
  engine: Engine,
  id: string,
  s: ResolvedStep,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const probe = s.def.ready;
  const deadline = performance.now() + timeoutMs;
  const fail = async (why: string) => new StepFailure(`step "${s.name}": ${why}`, s.name, await tailLogs(engine, id));
  let delay: number = PROBE_POLL.firstDelayMs;
  let last = 'not tried yet';
  for (;;) {
    signal.throwIfAborted();
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
    if (attempt.ok) return;
    last = attempt.detail ?? last;
    if (attempt.fatal) throw await fail(`${describeProbe(s, probe, hostAddress(engine.host))} failed: ${last}`);
    const left = deadline - performance.now();
    if (left <= 0)
      throw await fail(
        `probe "${describeProbe(s, probe, hostAddress(engine.host))}" did not pass within ${Math.round(timeoutMs / 100) / 10} s (last: ${last})`,
      );
    await abortableSleep(Math.min(delay, left), signal);
    delay = Math.min(Math.round(delay * PROBE_POLL.factor), PROBE_POLL.maxDelayMs);
  }
}
