// Containers that belong to berth.yaml services: by Berth's labels, by declared container names,
// or by the compose project of a service's compose file.
import { posix } from 'node:path';
import type { BerthConfig } from '../core/types';
import type { Container, ServiceContainer } from '../model/container';
import { kindNodeOf } from '../model/kindNode';
import { liveHealth } from './client/decode';
import type { Engine } from './connection';
import {
  LABEL_COMPOSE_PROJECT,
  LABEL_COMPOSE_SERVICE,
  LABEL_PODMAN_COMPOSE_PROJECT,
  LABEL_SERVICE,
  LABEL_STEP,
  workerOf,
} from './labels';

export type { ContainerHealth, ContainerPort, ContainerState } from '../model/container';

/** Compose's project name rule: lower case, only [a-z0-9_-], starting with a letter or digit. */
export function composeProjectName(composeFile: string): string {
  const dir = posix.basename(posix.dirname(posix.resolve('/', composeFile.replace(/\\/g, '/'))));
  return dir
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}

interface Matcher {
  byName: Map<string, { service: string; step: string }>;
  byProject: Map<string, string>;
  /** kind cluster name → the first service in berth.yaml that names it. */
  byCluster: Map<string, string>;
  services: Set<string>;
}

function matcher(config: BerthConfig | undefined): Matcher {
  const m: Matcher = { byName: new Map(), byProject: new Map(), byCluster: new Map(), services: new Set() };
  for (const s of config?.services ?? []) {
    m.services.add(s.name);
    for (const step of s.stack?.steps ?? []) {
      if (step.containerName) m.byName.set(step.containerName, { service: s.name, step: step.name });
    }
    if (s.stack?.compose) {
      const p = composeProjectName(s.stack.compose);
      if (p) m.byProject.set(p, s.name);
    }
    if (s.kind && !m.byCluster.has(s.kind.cluster)) m.byCluster.set(s.kind.cluster, s.name);
  }
  return m;
}

/**
 * The service a container belongs to, or undefined. A berth.service label wins (even for a service
 * no longer in berth.yaml: its containers are still Berth's and show up as leftovers); then a declared
 * container_name; then the compose project of a service's compose file; then the kind cluster a service
 * names (`kind: { cluster }`), for the cluster's node containers.
 */
export function serviceOf(
  c: Container,
  config: BerthConfig | undefined,
): { service: string; step?: string } | undefined {
  return matchContainer(c, matcher(config));
}

function matchContainer(c: Container, m: Matcher): { service: string; step?: string } | undefined {
  const label = c.labels[LABEL_SERVICE];
  if (label) return { service: label, step: c.labels[LABEL_STEP] };
  const named = m.byName.get(c.name);
  if (named) return named;
  const project = c.labels[LABEL_COMPOSE_PROJECT] ?? c.labels[LABEL_PODMAN_COMPOSE_PROJECT];
  if (project && m.byProject.has(project))
    return { service: m.byProject.get(project)!, step: c.labels[LABEL_COMPOSE_SERVICE] };
  const node = kindNodeOf(c);
  if (node && m.byCluster.has(node.cluster)) return { service: m.byCluster.get(node.cluster)! };
  return undefined;
}

/** Adds what only inspect tells: health on Podman, start time, the init pid (holders point at it). */
async function inspectInto(engine: Engine, c: Container): Promise<Container> {
  // Gone between list and inspect (or unreadable): the next event or poll settles it.
  const d = await engine.inspect(c.id).catch(() => undefined);
  if (!d) return c;
  return {
    ...c,
    state: d.state,
    // Both engines report ExitCode 0 for containers that never exited: only an exited one has a code.
    exitCode: d.state === 'exited' ? d.exitCode : undefined,
    health: liveHealth(d.state, d.health ?? c.health),
    pid: d.pid,
    startedAt: d.startedAt,
  };
}

/** The engine's containers, each with the service it belongs to (by label, declared name or compose project). */
export function withServices(containers: Container[], config: BerthConfig | undefined): Container[] {
  return containers.map((c) => {
    const owner = serviceOf(c, config);
    return owner ? { ...c, service: owner.service, step: owner.step } : { ...c, service: undefined };
  });
}

/** Every container of the engine (stopped ones too). `inspect` selects which get inspected. */

export async function listEngineContainers(
  engine: Engine,
  inspect: (c: Container) => boolean = () => false,
): Promise<Container[]> {
  const list = await engine.containers();
  return Promise.all(list.map(async (c) => (inspect(c) ? inspectInto(engine, c) : c)));
}

/** Narrows engine containers to those of berth.yaml's services (and of a label-named service not in berth.yaml). */
export function serviceContainers(
  all: Container[],
  config: BerthConfig | undefined,
  service?: string,
): ServiceContainer[] {
  const m = matcher(config);
  const out: ServiceContainer[] = [];
  for (const c of all) {
    const owner = matchContainer(c, m);
    if (!owner || (service && owner.service !== service)) continue;
    const worker = workerOf(c.labels);
    out.push({
      id: c.id,
      name: c.name,
      service: owner.service,
      step: owner.step,
      ...(worker > 1 ? { worker } : {}),
      image: c.image,
      state: c.state,
      health: c.health,
      ports: c.ports,
      startedAt: c.startedAt,
      exitCode: c.exitCode,
      labels: c.labels,
    });
  }
  return out.sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
}

export async function listServiceContainers(
  engine: Engine,
  config: BerthConfig | undefined,
  service?: string,
): Promise<ServiceContainer[]> {
  const m = matcher(config);
  const all = await listEngineContainers(engine, (c) => {
    const owner = matchContainer(c, m);
    return !!owner && (!service || owner.service === service);
  });
  return serviceContainers(all, config, service);
}
