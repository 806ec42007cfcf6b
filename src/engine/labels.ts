// Labels Berth puts on the containers it starts, so they are found again after a reload or on another machine.
export const LABEL_SERVICE = 'berth.service';
export const LABEL_STEP = 'berth.step';
/** One start of a stack (a uuid); containers of the same run share it. */
export const LABEL_RUN = 'berth.run';

/** Labels compose tools put on their containers (docker compose, podman-compose both use the first). */
export const LABEL_COMPOSE_PROJECT = 'com.docker.compose.project';
export const LABEL_COMPOSE_SERVICE = 'com.docker.compose.service';
export const LABEL_PODMAN_COMPOSE_PROJECT = 'io.podman.compose.project';

export function berthLabels(service: string, step: string, run?: string): Record<string, string> {
  const labels: Record<string, string> = { [LABEL_SERVICE]: service, [LABEL_STEP]: step };
  if (run) labels[LABEL_RUN] = run;
  return labels;
}
