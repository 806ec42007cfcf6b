// A step's readiness probe as a Kubernetes readinessProbe. Berth polls a probe from 100 ms with backoff up to
// 1 s until the step's deadline: that is a period of 1 s (Kubernetes' minimum) and a failure threshold of the
// deadline in periods. What Kubernetes cannot probe (the image's HEALTHCHECK, a log line) is said in a note.
import type { Probe } from '../core/types';
import type { ResolvedStep } from '../stack/resolve';
import { PROBE_POLL } from '../stack/readiness';
import { probedPort } from '../stack/probes';

export interface ProbeMapping {
  probe?: Record<string, unknown>;
  notes: string[];
}

export function readinessProbe(step: ResolvedStep, probe: Probe | undefined, timeoutMs: number): ProbeMapping {
  const notes: string[] = [];
  const periodSeconds = Math.max(1, Math.ceil(PROBE_POLL.maxDelayMs / 1000));
  const schedule = {
    periodSeconds,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: Math.max(1, Math.ceil(timeoutMs / 1000 / periodSeconds)),
  };
  // A port the step does not publish is still its container's port (Berth's own probe needs it published).
  const containerPort = (port: string | number) =>
    probedPort(step, port)?.containerPort ?? (typeof port === 'number' ? port : undefined);
  const unpublished = (kind: string, port: string | number): ProbeMapping => ({
    notes: [`step "${step.name}": its ${kind} probe's port "${port}" is not one it publishes: no readinessProbe`],
  });
  if (!probe || probe.kind === 'once') return { notes };
  switch (probe.kind) {
    case 'exec': {
      if (!probe.expect) return { probe: { exec: { command: probe.command }, ...schedule }, notes };
      notes.push(
        `step "${step.name}": its probe's expected output "${probe.expect}" is checked with sh -c '… | grep -qF' (the image needs sh and grep)`,
      );
      // The expected text and the command reach sh as its arguments, never as script text.
      const command = ['sh', '-c', 'expect="$1"; shift; "$@" | grep -qF -- "$expect"', 'probe', probe.expect];
      return { probe: { exec: { command: [...command, ...probe.command] }, ...schedule }, notes };
    }
    case 'http': {
      const port = containerPort(probe.port);
      if (port === undefined) return unpublished('http', probe.port);
      if (probe.status !== undefined)
        notes.push(
          `step "${step.name}": readinessProbe httpGet passes on any status 200-399, Berth's probe only on ${probe.status}`,
        );
      return { probe: { httpGet: { path: probe.path, port }, ...schedule }, notes };
    }
    case 'tcp': {
      const port = containerPort(probe.port);
      if (port === undefined) return unpublished('tcp', probe.port);
      return { probe: { tcpSocket: { port }, ...schedule }, notes };
    }
    case 'health':
      notes.push(
        `step "${step.name}" is gated on its image's HEALTHCHECK, which Kubernetes does not run: no readinessProbe (give it \`ready: { exec: [...] }\` to carry it)`,
      );
      return { notes };
    case 'log':
      notes.push(
        `step "${step.name}" is gated on the log line /${probe.pattern}/: Kubernetes has no log probe, so it has no readinessProbe`,
      );
      return { notes };
  }
}
