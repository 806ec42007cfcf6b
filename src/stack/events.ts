// What the runner tells its callers (CLI lines, the editor's progress notification, the output channel).
import type { PullSnapshot } from '../model/pull';

export type StepPhase =
  | 'planned' // part of the plan; waits for its dependencies
  | 'pulling' // preflight pulls its image (event.pull tells the layers)
  | 'building' // building its image (tag <service>-<uuid>)
  | 'creating' // dependencies hold; its container (created ahead, or now) is being started
  | 'started' // container started; probe running
  | 'ready' // probe passed (for run: once, exited 0)
  | 'reused' // already running and ready: left alone
  | 'failed'
  | 'stopping'
  | 'removed';

export interface StackEvent {
  type: 'step' | 'stack';
  /** For type 'step'. */
  step?: string;
  /**
   * For type 'stack': 'preflight' | 'network' | 'done' | 'failed' | 'cancelled' | 'cleanup' | 'warning',
   * 'waiting' (another process holds the service; detail names it), 'interrupted' (an earlier run died mid-way).
   */
  phase: StepPhase | 'preflight' | 'network' | 'done' | 'cancelled' | 'cleanup' | 'warning' | 'waiting' | 'interrupted';
  /** Milliseconds since the run began. */
  at: number;
  /** For ready/reused/failed/done: milliseconds the step (or stack) took from its 'creating'/start. */
  ms?: number;
  /** Human text (probe description, error, container name). */
  detail?: string;
  /** For 'pulling': the pull so far (the image, layers and bytes). */
  pull?: PullSnapshot;
}

export interface StepOutcome {
  step: string;
  container?: string;
  containerId?: string;
  state: 'ready' | 'reused' | 'failed' | 'skipped' | 'removed';
  /** ms since run start when the container was created / started / its probe passed. */
  createdAt?: number;
  startedAt?: number;
  readyAt?: number;
  /** How many probe attempts readiness took. */
  probes?: number;
  /** A one-shot whose exit event (not a poll) told that it had exited. */
  readyOnEvent?: boolean;
  hostPorts: { role?: string; hostPort: number; containerPort: number }[];
}

export interface StackError {
  /** busy: another process holds the service and the caller would not wait. */
  kind: 'config' | 'engine' | 'preflight' | 'step' | 'cancelled' | 'busy';
  message: string;
  step?: string;
  /** Last log lines of the failing container. */
  logs?: string[];
}

export interface StackResult {
  ok: boolean;
  service: string;
  /** True when every step was already up and ready (nothing was created). */
  alreadyUp: boolean;
  runId: string;
  network?: string;
  steps: StepOutcome[];
  totalMs: number;
  error?: StackError;
  /** Failures that did not fail the run (a container or network that could not be removed …). */
  warnings: string[];
}

export interface StopResult {
  ok: boolean;
  service: string;
  /** Set when the stop did not happen: another process held the service (busy) or it was cancelled waiting. */
  notStarted?: 'busy' | 'cancelled';
  removed: { kind: 'container' | 'network' | 'volume'; name: string }[];
  errors: string[];
  /** Failures that did not fail the stop (a network that could not be removed …). */
  warnings: string[];
}
