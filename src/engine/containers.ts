// Containers that belong to berth.yaml services: by Berth's labels, by declared container names,
// or by the compose project of a service's compose file.
import { posix } from 'node:path';
import type Dockerode from 'dockerode';
import type { BerthConfig } from '../core/types';
import type { Container, ContainerHealth, ContainerPort, ContainerState, ServiceContainer } from '../model/container';
import type { Engine } from './connection';
import {
  LABEL_COMPOSE_PROJECT,
  LABEL_COMPOSE_SERVICE,
  LABEL_PODMAN_COMPOSE_PROJECT,
  LABEL_SERVICE,
  LABEL_STEP,
} from './labels';

export type { ContainerHealth, ContainerPort, ContainerState } from '../model/container';

/** @deprecated temporary alias of the model's ServiceContainer (issue 10). */
export type ContainerInfo = ServiceContainer;
/** @deprecated temporary alias of the model's Container (issue 10). */
export type EngineContainer = Container;

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
  services: Set<string>;
}

function matcher(config: BerthConfig | undefined): Matcher {
  const m: Matcher = { byName: new Map(), byProject: new Map(), services: new Set() };
  for (const s of config?.services ?? []) {
    m.services.add(s.name);
    for (const step of s.stack?.steps ?? []) {
      if (step.containerName) m.byName.set(step.containerName, { service: s.name, step: step.name });
    }
    if (s.stack?.compose) {
      const p = composeProjectName(s.stack.compose);
      if (p) m.byProject.set(p, s.name);
    }
  }
  return m;
}

/**
 * The service a container belongs to, or undefined. A berth.service label wins (even for a service
 * no longer in berth.yaml: its containers are still Berth's and show up as leftovers); then a declared
 * container_name; then the compose project of a service's compose file.
 */
export function serviceOf(
  c: EngineContainer,
  config: BerthConfig | undefined,
): { service: string; step?: string } | undefined {
  return matchContainer(c, matcher(config));
}

function matchContainer(c: EngineContainer, m: Matcher): { service: string; step?: string } | undefined {
  const label = c.labels[LABEL_SERVICE];
  if (label) return { service: label, step: c.labels[LABEL_STEP] };
  const named = m.byName.get(c.name);
  if (named) return named;
  const project = c.labels[LABEL_COMPOSE_PROJECT] ?? c.labels[LABEL_PODMAN_COMPOSE_PROJECT];
  if (project && m.byProject.has(project))
    return { service: m.byProject.get(project)!, step: c.labels[LABEL_COMPOSE_SERVICE] };
  return undefined;
}

const STATES: ContainerState[] = ['created', 'running', 'exited', 'paused', 'restarting', 'removing', 'dead'];

function toState(s: string | undefined): ContainerState {
  const v = (s ?? '').toLowerCase();
  if ((STATES as string[]).includes(v)) return v as ContainerState;
  if (v === 'stopped' || v === 'stopping') return 'exited'; // podman's own words
  if (v === 'configured' || v === 'initialized') return 'created';
  return 'dead';
}

export function toHealth(s: string | undefined): ContainerHealth | undefined {
  const v = (s ?? '').toLowerCase();
  return v === 'starting' || v === 'healthy' || v === 'unhealthy' ? v : undefined;
}

/** Docker writes the health into the list Status ("Up 3 s (healthy)"); Podman does not. */
function healthFromStatus(status: string | undefined): ContainerHealth | undefined {
  const m = /\((?:health: )?(starting|healthy|unhealthy)\)/.exec(status ?? '');
  return m ? (m[1] as ContainerHealth) : undefined;
}

/** Both engines' list Status reads "Exited (0) 3 seconds ago" for an exited container. */
export function exitCodeFromStatus(status: string | undefined): number | undefined {
  const m = /^exited \((-?\d+)\)/i.exec((status ?? '').trim());
  return m ? Number(m[1]) : undefined;
}

/** Health is the engine's last verdict; Docker keeps "unhealthy" (Podman "starting") on exited containers. */
function liveHealth(state: ContainerState, health: ContainerHealth | undefined): ContainerHealth | undefined {
  return state === 'running' ? health : undefined;
}

function portsOf(list: Dockerode.Port[] | undefined): ContainerPort[] {
  const out: ContainerPort[] = [];
  const seen = new Set<string>();
  for (const p of list ?? []) {
    if (!p.PublicPort || (p.Type && p.Type !== 'tcp')) continue;
    const key = `${p.PublicPort}/${p.PrivatePort}`;
    // Docker lists 0.0.0.0 and :: separately: one entry per host port is what users think in.
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ hostIp: p.IP || undefined, hostPort: p.PublicPort, containerPort: p.PrivatePort });
  }
  return out;
}

function fromListEntry(c: Dockerode.ContainerInfo): EngineContainer {
  const state = toState(c.State);
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    state,
    health: liveHealth(state, healthFromStatus(c.Status)),
    ports: portsOf(c.Ports),
    labels: c.Labels ?? {},
    exitCode: state === 'exited' ? exitCodeFromStatus(c.Status) : undefined,
  };
}

/** Adds what only inspect tells: health on Podman, start time, the init pid (holders point at it). */
async function inspectInto(engine: Engine, c: EngineContainer): Promise<EngineContainer> {
  try {
    const d = await engine.docker.getContainer(c.id).inspect();
    const st = d.State as Dockerode.ContainerInspectInfo['State'] & { Health?: { Status?: string } };
    const state = st?.Status ? toState(st.Status) : c.state;
    return {
      ...c,
      state,
      // Both engines report ExitCode 0 for containers that never exited: only an exited one has a code.
      exitCode: state !== 'exited' ? undefined : typeof st?.ExitCode === 'number' ? st.ExitCode : c.exitCode,
      health: liveHealth(state, toHealth(st?.Health?.Status) ?? c.health),
      pid: st?.Pid ? st.Pid : undefined,
      startedAt: st?.StartedAt && !st.StartedAt.startsWith('0001-') ? st.StartedAt : undefined,
    };
  } catch {
    return c; // removed between list and inspect: the next event or poll settles it
  }
}

/** Every container of the engine (stopped ones too). `inspect` selects which get inspected. */
export async function listEngineContainers(
  engine: Engine,
  inspect: (c: EngineContainer) => boolean = () => false,
): Promise<EngineContainer[]> {
  const list = (await engine.docker.listContainers({ all: true })).map(fromListEntry);
  return Promise.all(list.map(async (c) => (inspect(c) ? inspectInto(engine, c) : c)));
}

/** Narrows engine containers to those of berth.yaml's services (and of a label-named service not in berth.yaml). */
export function serviceContainers(
  all: EngineContainer[],
  config: BerthConfig | undefined,
  service?: string,
): ContainerInfo[] {
  const m = matcher(config);
  const out: ContainerInfo[] = [];
  for (const c of all) {
    const owner = matchContainer(c, m);
    if (!owner || (service && owner.service !== service)) continue;
    out.push({
      id: c.id,
      name: c.name,
      service: owner.service,
      step: owner.step,
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
): Promise<ContainerInfo[]> {
  const m = matcher(config);
  const all = await listEngineContainers(engine, (c) => {
    const owner = matchContainer(c, m);
    return !!owner && (!service || owner.service === service);
  });
  return serviceContainers(all, config, service);
}
