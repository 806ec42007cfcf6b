// What callers (the CLI, the editor, benches) pass to startStack / stopStack.
import type { BerthConfig, PullPolicy } from '../core/types';
import type { Engine } from '../engine/connection';
import type { StackEvent } from './events';

export const DEFAULT_STEP_TIMEOUT_MS = 60_000;

/** Who works on the service, for the cross-process service lock (src/host/serviceLock.ts). */
export interface LockingOptions {
  /** What waiters are told holds the service: "berth up", "Start Stack" (default "Berth"). */
  caller?: string;
  /** Wait while another process holds the service (default true); false fails at once. */
  wait?: boolean;
  /** Folder of the lock files (tests); default the user's cache folder. */
  lockDir?: string;
}

export interface StartOptions extends LockingOptions {
  engine: Engine;
  /** Workspace root (berth.yaml's directory): build contexts, env files and bind paths are relative to it. */
  root: string;
  config: BerthConfig;
  service: string;
  /** The parallel worker (1-based) whose instance of the stack to start: its ports shifted by worker-1. */
  worker?: number;
  signal?: AbortSignal;
  onEvent?: (e: StackEvent) => void;
  /** Default per-step readiness deadline (a step's own `timeout` wins). */
  timeoutMs?: number;
  /** Keep what this run created when it fails or is cancelled (for debugging). */
  keepOnFailure?: boolean;
  /** Rebuild images of build steps even when a build of the same definition exists. */
  rebuild?: boolean;
  /** Overrides every step's `pull:` (`berth up --pull`). */
  pull?: PullPolicy;
  /** The run's id (berth.run label), when the caller recorded it already (berth run's lock). */
  runId?: string;
}

export interface StopOptions extends LockingOptions {
  engine: Engine;
  service: string;
  /** The worker whose instance to stop (default 1); other workers' instances are left alone. */
  worker?: number;
  /** When given, containers stop in reverse dependency order of its stack. */
  config?: BerthConfig;
  onEvent?: (e: StackEvent) => void;
  /** Also remove named volumes Berth created for the stack. */
  removeVolumes?: boolean;
  /** Seconds a container gets to stop before it is killed. */
  stopTimeoutS?: number;
  /** Reported as 'cancelled' when aborted while waiting for the service's lock (a stop, once begun, finishes). */
  signal?: AbortSignal;
}
