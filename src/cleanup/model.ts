// Shapes of a cleanup plan and of what acting on it reported. Pure data: the CLI prints it as text
// or JSON, the extension turns items into a multi-select pick.
import type { GvForward } from '../host/gvproxy';
import type { Container } from '../model/container';
import type { PortHolder } from '../model/holder';
import type { InterruptedRun } from '../model/interrupted';
import type { PortEndState, PortState } from '../model/verdict';

export type CleanupAction = 'remove-container' | 'terminate-process' | 'unexpose-forward' | 'kill-gvproxy' | 'none';

/** A container as the plan names it (service: the Berth service it belongs to, when it belongs to one). */
export type PlannedContainer = Pick<Container, 'id' | 'name' | 'service' | 'state' | 'health'>;

export interface CleanupItem {
  /** Stable within one plan: container:<id12>, process:<pid>, forward:<pid>:<protocol>/<local>, gvproxy:<pid>, keep:<port>:… */
  id: string;
  action: CleanupAction;
  /** The service's host ports this item is about (a process may hold several). */
  ports: number[];
  /** First of ports, and its allocation role when it has one. */
  port?: number;
  role?: string;
  container?: PlannedContainer;
  holder?: PortHolder;
  forward?: GvForward & { gvproxyPid: number };
  /** Why Berth thinks it is stale, or why it is left alone (action none). */
  why: string;
  /** Safe to act on without asking item by item. */
  preselected: boolean;
  /** A process Berth cannot attribute to any engine or service (a dev server, another tool). */
  foreign: boolean;
  /** What acting on it may break. */
  risk?: string;
  /** Other services' ports the same process holds: ending it frees them too (never selected by default). */
  alsoHolds?: number[];
}

export type { PortEndState } from '../model/verdict';

export interface PlanPort {
  port: number;
  role?: string;
  /** As found when planning: free, served by this service's running container, or held by something else. */
  state?: PortEndState;
  /** The model's verdict, which state coarsens (the same word `berth status` and the tree show). */
  verdict?: PortState;
  holders?: PortHolder[];
  detail?: string;
}

export interface CleanupPlan {
  service: string;
  engine?: { kind: 'docker' | 'podman'; socket: string };
  /** Why no engine was used, when none was. */
  engineError?: string;
  ports: PlanPort[];
  items: CleanupItem[];
  /** Things the user should know that are not items (an unreadable gvproxy API …). */
  warnings: string[];
  /** A start of the service that died mid-way; its containers are items (preselected). */
  interrupted?: InterruptedRun;
}

/** skipped: not attempted because the cleanup was interrupted (Ctrl-C) before it came to it. */
export type ActionOutcome = 'done' | 'already-gone' | 'refused' | 'failed' | 'skipped';

export interface ActionResult {
  id: string;
  action: CleanupAction;
  outcome: ActionOutcome;
  detail: string;
}

export interface PortReport {
  port: number;
  role?: string;
  /** free: nobody holds it; served: held for a running container of this service; held: anything else. */
  state: PortEndState;
  verdict: PortState;
  holders: PortHolder[];
  detail: string;
}

export interface CleanupReport {
  service: string;
  actions: ActionResult[];
  /** Selected ids that were not acted on, with the reason (not in the plan, nothing to do). */
  ignored: { id: string; reason: string }[];
  ports: PortReport[];
  /** Every port ends free or served by this service's own running container. */
  allFree: boolean;
  /** Set when a signal stopped it: the action under way finished, the rest was skipped. */
  interrupted?: boolean;
}
