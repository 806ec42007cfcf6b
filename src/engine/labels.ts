// Labels Berth puts on the containers it starts, so they are found again after a reload or on another machine,
// and the identity of a stack instance: one service's stack for one parallel worker.
export const LABEL_SERVICE = 'berth.service';
export const LABEL_STEP = 'berth.step';
/** One start of a stack (a uuid); containers of the same run share it. */
export const LABEL_RUN = 'berth.run';
/**
 * The parallel worker (2, 3, …) a stack instance serves. Worker 1 carries none and keeps the names of before
 * workers existed, so stacks started by an earlier Berth stay adopted.
 */
export const LABEL_WORKER = 'berth.worker';

/** Labels compose tools put on their containers (docker compose, podman-compose both use the first). */
export const LABEL_COMPOSE_PROJECT = 'com.docker.compose.project';
export const LABEL_COMPOSE_SERVICE = 'com.docker.compose.service';
export const LABEL_PODMAN_COMPOSE_PROJECT = 'io.podman.compose.project';

export function berthLabels(service: string, step: string, run?: string, worker = 1): Record<string, string> {
  const labels: Record<string, string> = { [LABEL_SERVICE]: service, [LABEL_STEP]: step };
  if (run) labels[LABEL_RUN] = run;
  if (worker > 1) labels[LABEL_WORKER] = String(worker);
  return labels;
}

/** The worker of a container, network or volume by its labels: 1 without a (valid) worker label. */
export function workerOf(labels: Record<string, string> | undefined): number {
  const w = Number(labels?.[LABEL_WORKER]);
  return Number.isInteger(w) && w > 1 ? w : 1;
}

/** A container, network or volume name of worker K's instance: worker 1 the name itself, worker 2 `name-w2`. */
export function instanceName(name: string, worker: number): string {
  return worker > 1 ? `${name}-w${worker}` : name;
}

/** The things of one worker's instance among a service's (listed by its service label). */
export function ofWorker<T extends { labels: Record<string, string> }>(list: T[], worker: number): T[] {
  return list.filter((x) => workerOf(x.labels) === worker);
}

/** How messages name an instance: "we" for worker 1 (as before workers), "we worker 2" for the others. */
export function instanceText(service: string, worker: number): string {
  return worker > 1 ? `${service} worker ${worker}` : service;
}
