// Start and stop a service's stack. Public API for the CLI and the editor:
//   startStack(opts) → StackResult   (never rejects; failures are in result.error)
//   stopStack(opts)  → StopResult     (never rejects either; errors are in result.errors)
//   StackEvent (./events): progress, one event per step phase, with timings.
// Each step starts as soon as its own depends_on conditions hold (waves are the reported plan), and its
// readiness is probed by Berth itself, polled from 100 ms with backoff up to a per-step deadline.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type Dockerode from 'dockerode';
import type { BerthConfig } from '../core/types';
import { planWaves } from '../core/planner';
import type { Engine } from '../engine/connection';
import { LABEL_RUN, LABEL_SERVICE, LABEL_STEP, berthLabels } from '../engine/labels';
import { scanHolders, type PortHolder } from '../host/holders';
import { tailLogs } from './containerIo';
import type { StackError, StackEvent, StackResult, StepOutcome, StopResult } from './events';
import { buildImage, findBuiltImage, imagePresent } from './images';
import { attemptProbe, describeProbe } from './probes';
import { StackConfigError, resolveStack, type ResolvedStack, type ResolvedStep } from './resolve';

export type { StackEvent, StackResult, StepOutcome, StopResult, StackError } from './events';

export const DEFAULT_STEP_TIMEOUT_MS = 60_000;
export const LABEL_SPEC = 'berth.spec';

export interface StartOptions {
  engine: Engine;
  /** Workspace root (berth.yaml's directory): build contexts, env files and bind paths are relative to it. */
  root: string;
  config: BerthConfig;
  service: string;
  signal?: AbortSignal;
  onEvent?: (e: StackEvent) => void;
  /** Default per-step readiness deadline (a step's own `timeout` wins). */
  timeoutMs?: number;
  /** Keep what this run created when it fails or is cancelled (for debugging). */
  keepOnFailure?: boolean;
  /** Rebuild images of build steps even when a build of the same definition exists. */
  rebuild?: boolean;
}

export interface StopOptions {
  engine: Engine;
  service: string;
  /** When given, containers stop in reverse dependency order of its stack. */
  config?: BerthConfig;
  onEvent?: (e: StackEvent) => void;
  /** Also remove named volumes Berth created for the stack. */
  removeVolumes?: boolean;
  /** Seconds a container gets to stop before it is killed. */
  stopTimeoutS?: number;
}

export function networkName(service: string): string {
  return `berth-${service.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}`;
}

export function containerName(service: string, step: ResolvedStep): string {
  return step.def.containerName ?? `berth-${service}-${step.name}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
}

class StepFailure extends Error {
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
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A promise whose rejection is never "unhandled" (steps that nobody waits on may fail). */
class Gate {
  readonly promise: Promise<void>;
  resolve!: () => void;
  reject!: (e: unknown) => void;
  constructor() {
    this.promise = new Promise<void>((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
    this.promise.catch(() => undefined);
  }
}

/** "docker-proxy (pid 594, 599, root)": IPv4 and IPv6 sockets of one forwarder read as one holder. */
function describeHolders(hs: PortHolder[]): string {
  const groups = new Map<string, PortHolder[]>();
  for (const h of hs) {
    const key = h.pid ? `${h.command}|${h.containerId ?? ''}` : '?';
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  return [...groups.values()]
    .map((g) => {
      const h = g[0];
      if (!h.pid) return "a process Berth cannot see (another user's?)";
      const pids = [...new Set(g.map((x) => x.pid))].join(', ');
      return `${h.command} (pid ${pids}${h.user ? `, ${h.user}` : ''}${h.containerId ? `, container ${h.containerId.slice(0, 12)}` : ''})`;
    })
    .join(' and ');
}

async function listStackContainers(engine: Engine, service: string): Promise<Dockerode.ContainerInfo[]> {
  return engine.docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${LABEL_SERVICE}=${service}`] }),
  });
}

interface Existing {
  info: Dockerode.ContainerInfo;
  step?: string;
}

/**
 * Runs of the same service on the same engine take turns (a double click on Start, Start during Stop):
 * the second sees what the first left, e.g. "already up", instead of racing it for names and ports.
 */
const turns = new Map<string, Promise<unknown>>();
function inTurn<T>(engine: Engine, service: string, fn: () => Promise<T>): Promise<T> {
  const key = `${engine.socket}|${service}`;
  const prev = turns.get(key) ?? Promise.resolve();
  const run = prev.catch(() => undefined).then(fn);
  const settled = run.catch(() => undefined);
  turns.set(key, settled);
  void settled.then(() => {
    if (turns.get(key) === settled) turns.delete(key);
  });
  return run;
}

export function startStack(opts: StartOptions): Promise<StackResult> {
  return inTurn(opts.engine, opts.service, () => runStart(opts));
}

export function stopStack(opts: StopOptions): Promise<StopResult> {
  return inTurn(opts.engine, opts.service, () => runStop(opts));
}

async function runStart(opts: StartOptions): Promise<StackResult> {
  const t0 = performance.now();
  const at = () => Math.round(performance.now() - t0);
  const runId = randomUUID();
  const { engine, service } = opts;
  const emit = (e: Omit<StackEvent, 'at'>) => {
    try {
      opts.onEvent?.({ ...e, at: at() });
    } catch {
      // a listener's bug must not break the run
    }
  };
  const outcomes = new Map<string, StepOutcome>();
  const result = (error?: StackError, alreadyUp = false, network?: string): StackResult => {
    const r: StackResult = {
      ok: !error,
      service,
      alreadyUp,
      runId,
      network,
      steps: [...outcomes.values()],
      totalMs: at(),
      error,
    };
    emit(
      error
        ? {
            type: 'stack',
            phase: error.kind === 'cancelled' ? 'cancelled' : 'failed',
            ms: r.totalMs,
            detail: error.message,
          }
        : { type: 'stack', phase: 'done', ms: r.totalMs, detail: alreadyUp ? 'already up' : undefined },
    );
    return r;
  };

  // ---- definition ----
  let stack: ResolvedStack;
  try {
    stack = await resolveStack(opts.root, opts.config, service);
  } catch (e) {
    return result({ kind: 'config', message: (e as Error).message });
  }
  for (const s of stack.steps) {
    outcomes.set(s.name, {
      step: s.name,
      state: 'skipped',
      hostPorts: s.ports.map((p) => ({ role: p.role, hostPort: p.hostPort, containerPort: p.containerPort })),
    });
    emit({ type: 'step', step: s.name, phase: 'planned', detail: describeProbe(s, s.def.ready) });
  }

  const internal = new AbortController();
  const onUserAbort = () => internal.abort(new Error('cancelled'));
  if (opts.signal?.aborted) return result({ kind: 'cancelled', message: 'cancelled before start' });
  opts.signal?.addEventListener('abort', onUserAbort, { once: true });
  const signal = internal.signal;
  const created: { id: string; name: string; step: string }[] = [];
  const net = networkName(service);

  try {
    // ---- preflight: nothing is created before all of it passed ----
    emit({ type: 'stack', phase: 'preflight' });
    let existing: Existing[];
    try {
      existing = (await listStackContainers(engine, service)).map((info) => ({
        info,
        step: info.Labels?.[LABEL_STEP],
      }));
    } catch (e) {
      return result({
        kind: 'engine',
        message: `${engine.kind} at ${engine.socket} did not answer: ${(e as Error).message}`,
      });
    }
    const reuse = await findReusable(engine, stack, existing, !!opts.rebuild);
    if (reuse.size === stack.steps.length) {
      for (const s of stack.steps) {
        const o = outcomes.get(s.name)!;
        o.state = 'reused';
        o.containerId = reuse.get(s.name)!.Id;
        o.container = reuse.get(s.name)!.Names?.[0]?.replace(/^\//, '');
        emit({ type: 'step', step: s.name, phase: 'reused', ms: 0, detail: 'already up' });
      }
      return result(undefined, true, net);
    }
    const problems: string[] = [];
    const images = new Map<string, string>();
    const toBuild: ResolvedStep[] = [];
    for (const s of stack.steps) {
      const present = !!s.def.image && !(opts.rebuild && s.def.build) && (await imagePresent(engine, s.def.image));
      if (s.def.build && !present) {
        const built = opts.rebuild ? undefined : await findBuiltImage(engine, service, s);
        if (built) images.set(s.name, built);
        else toBuild.push(s);
      } else if (s.def.image) {
        if (present) images.set(s.name, s.def.image);
        else
          problems.push(
            `step "${s.name}": image ${s.def.image} is not present on ${engine.kind} and the step has no build (pull or build it first)`,
          );
      }
    }
    // Host ports: free, or published by this stack's own containers (reused, or removed below).
    const ownPorts = new Set(existing.flatMap((e) => (e.info.Ports ?? []).map((p) => p.PublicPort).filter(Boolean)));
    const wanted = stack.steps.flatMap((s) => s.ports.map((p) => ({ step: s.name, ...p })));
    const holders = await scanHolders(wanted.map((w) => w.hostPort)).catch(() => new Map<number, PortHolder[]>());
    for (const w of wanted) {
      if (ownPorts.has(w.hostPort)) continue;
      const hs = holders.get(w.hostPort) ?? [];
      if (hs.length) {
        problems.push(
          `step "${w.step}": host port ${w.hostPort}${w.role ? ` (${w.role})` : ''} is held by ${describeHolders(hs)}. Run "Berth: Clean Stale Ports" (berth clean ${service}) or stop it.`,
        );
      }
    }
    // A fixed container_name taken by a container Berth did not start would make create fail midway.
    const ourIds = new Set(existing.map((e) => e.info.Id));
    for (const s of stack.steps) {
      if (!s.def.containerName) continue;
      const clash = await engine.docker
        .getContainer(s.def.containerName)
        .inspect()
        .catch(() => undefined);
      if (clash && !ourIds.has(clash.Id))
        problems.push(
          `step "${s.name}": container name ${s.def.containerName} is taken by a container Berth did not start (${clash.Id.slice(0, 12)})`,
        );
    }
    if (problems.length) return result({ kind: 'preflight', message: problems.join('\n') });

    // ---- replace what is not reusable ----
    for (const e of existing) {
      if (e.step && reuse.get(e.step)?.Id === e.info.Id) continue;
      await engine.docker
        .getContainer(e.info.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    }
    for (const [step, info] of reuse) {
      const o = outcomes.get(step)!;
      o.state = 'reused';
      o.containerId = info.Id;
      o.container = info.Names?.[0]?.replace(/^\//, '');
      emit({ type: 'step', step, phase: 'reused', ms: 0, detail: 'already up' });
    }

    // ---- network ----
    const netInfo = await engine.docker
      .getNetwork(net)
      .inspect()
      .catch(() => undefined);
    if (!netInfo) {
      await engine.docker.createNetwork({
        Name: net,
        Labels: berthLabels(service, '', runId),
        CheckDuplicate: true,
      } as Dockerode.NetworkCreateOptions);
      emit({ type: 'stack', phase: 'network', detail: `created network ${net}` });
    }

    // ---- run the graph ----
    // Podman with CNI and no dnsname plugin (Debian's default) has no DNS on the network: steps also
    // find the ones started before them through /etc/hosts entries.
    const addresses = new Map<string, string>();
    const noteAddress = async (step: string, id: string) => {
      const ip = (
        await engine.docker
          .getContainer(id)
          .inspect()
          .catch(() => undefined)
      )?.NetworkSettings?.Networks?.[net]?.IPAddress;
      if (ip) addresses.set(step, ip);
    };
    for (const [step, info] of reuse) await noteAddress(step, info.Id);
    const started = new Map(stack.steps.map((s) => [s.name, new Gate()]));
    const ready = new Map(stack.steps.map((s) => [s.name, new Gate()]));
    for (const name of reuse.keys()) {
      started.get(name)!.resolve();
      ready.get(name)!.resolve();
    }
    let firstFailure: StepFailure | undefined;
    const runStep = async (s: ResolvedStep): Promise<void> => {
      try {
        await Promise.all(
          s.def.dependsOn.map((d) => (d.condition === 'started' ? started : ready).get(d.step)!.promise),
        );
        signal.throwIfAborted();
        const stepT0 = at();
        let image = images.get(s.name);
        if (!image) {
          emit({ type: 'step', step: s.name, phase: 'building', detail: s.def.build?.context });
          try {
            image = await buildImage(engine, service, s, signal);
          } catch (e) {
            throw new StepFailure(`step "${s.name}": build failed: ${(e as Error).message}`, s.name);
          }
        }
        const name = containerName(service, s);
        emit({ type: 'step', step: s.name, phase: 'creating', detail: `${name} (${image})` });
        const extraHosts = [...addresses].map(([step, ip]) => `${step}:${ip}`);
        const container = await createContainer(engine, service, runId, net, s, name, image, extraHosts);
        created.push({ id: container.id, name, step: s.name });
        const o = outcomes.get(s.name)!;
        o.container = name;
        o.containerId = container.id;
        try {
          await container.start();
        } catch (e) {
          throw new StepFailure(
            `step "${s.name}": container did not start: ${(e as Error).message}`,
            s.name,
            await tailLogs(container),
          );
        }
        o.startedAt = at();
        await noteAddress(s.name, container.id);
        started.get(s.name)!.resolve();
        emit({ type: 'step', step: s.name, phase: 'started', detail: describeProbe(s, s.def.ready) });
        await waitReady(engine, container, s, s.def.timeoutMs ?? opts.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS, signal);
        o.readyAt = at();
        o.state = 'ready';
        ready.get(s.name)!.resolve();
        emit({ type: 'step', step: s.name, phase: 'ready', ms: o.readyAt - stepT0 });
      } catch (e) {
        started.get(s.name)!.reject(e);
        ready.get(s.name)!.reject(e);
        // A consequence of another step's failure (the abort reason) or of Cancel: not this step's fault.
        if (signal.aborted && (e === signal.reason || !(e instanceof StepFailure))) return;
        const failure =
          e instanceof StepFailure ? e : new StepFailure(`step "${s.name}": ${(e as Error).message}`, s.name);
        outcomes.get(s.name)!.state = 'failed';
        emit({ type: 'step', step: s.name, phase: 'failed', detail: failure.message });
        if (!firstFailure) {
          firstFailure = failure;
          internal.abort(failure); // fail fast: the others stop waiting and polling
        }
      }
    };
    await Promise.all(stack.steps.filter((s) => !reuse.has(s.name)).map(runStep));
    if (opts.signal?.aborted) throw new Error('cancelled');
    if (firstFailure) {
      await cleanup();
      return result(
        { kind: 'step', step: firstFailure.step, message: firstFailure.message, logs: firstFailure.logs },
        false,
        net,
      );
    }
    return result(undefined, false, net);
  } catch (e) {
    await cleanup();
    if (opts.signal?.aborted) return result({ kind: 'cancelled', message: 'cancelled' }, false, net);
    return result({ kind: 'engine', message: (e as Error).message }, false, net);
  } finally {
    opts.signal?.removeEventListener('abort', onUserAbort);
  }

  async function cleanup(): Promise<void> {
    if (opts.keepOnFailure) return;
    emit({ type: 'stack', phase: 'cleanup', detail: `removing ${created.length} container(s) this run created` });
    for (const c of [...created].reverse()) {
      await engine.docker
        .getContainer(c.id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
      const o = outcomes.get(c.step);
      if (o && o.state !== 'failed') o.state = 'removed';
      emit({ type: 'step', step: c.step, phase: 'removed', detail: c.name });
    }
    // The stack's own network goes too once nothing is attached (also one an earlier kept run left).
    await removeNetworkIfUnused(engine, net);
  }
}

/** Running (or, for one-shots, exited 0) containers of the same spec whose probe passes now, in dependency order. */
async function findReusable(
  engine: Engine,
  stack: ResolvedStack,
  existing: Existing[],
  rebuild: boolean,
): Promise<Map<string, Dockerode.ContainerInfo>> {
  const reuse = new Map<string, Dockerode.ContainerInfo>();
  for (const name of stack.waves.flat()) {
    const s = stack.steps.find((x) => x.name === name)!;
    if (!s.def.dependsOn.every((d) => reuse.has(d.step))) continue;
    if (rebuild && s.def.build) continue; // asked for a fresh image: a fresh container too
    const candidates = existing.filter((e) => e.step === name && e.info.Labels?.[LABEL_SPEC] === s.specHash);
    if (candidates.length !== 1) continue;
    const info = candidates[0].info;
    const container = engine.docker.getContainer(info.Id);
    const inspect = await container.inspect().catch(() => undefined);
    if (!inspect) continue;
    if (s.def.runOnce) {
      if (!inspect.State.Running && inspect.State.ExitCode === 0 && inspect.State.Status === 'exited')
        reuse.set(name, info);
      continue;
    }
    if (!inspect.State.Running) continue;
    const probe = await attemptProbe(engine, container, s, s.def.ready, inspect).catch(() => ({ ok: false }));
    if (probe.ok) reuse.set(name, info);
  }
  return reuse;
}

async function createContainer(
  engine: Engine,
  service: string,
  runId: string,
  net: string,
  s: ResolvedStep,
  name: string,
  image: string,
  extraHosts: string[],
): Promise<Dockerode.Container> {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp?: string; HostPort: string }[]> = {};
  for (const p of s.ports) {
    const key = `${p.containerPort}/tcp`;
    exposed[key] = {};
    (bindings[key] ??= []).push(
      p.hostIp ? { HostIp: p.hostIp, HostPort: String(p.hostPort) } : { HostPort: String(p.hostPort) },
    );
  }
  for (const v of s.namedVolumes) {
    const exists = await engine.docker
      .getVolume(v)
      .inspect()
      .catch(() => undefined);
    if (!exists) await engine.docker.createVolume({ Name: v, Labels: berthLabels(service, s.name, runId) });
  }
  const volumes: Record<string, object> = {};
  for (const v of s.anonymousVolumes) volumes[v] = {};
  return engine.docker.createContainer({
    name,
    Image: image,
    Env: s.env,
    Cmd: s.def.command,
    Entrypoint: s.def.entrypoint,
    Labels: { ...s.def.labels, ...berthLabels(service, s.name, runId), [LABEL_SPEC]: s.specHash },
    ExposedPorts: exposed,
    Volumes: volumes,
    HostConfig: {
      PortBindings: bindings,
      Binds: s.binds,
      NetworkMode: net,
      ExtraHosts: engine.kind === 'podman' ? extraHosts : [],
    },
    NetworkingConfig: { EndpointsConfig: { [net]: { Aliases: [s.name] } } },
  });
}

/** Polls the step's probe from 100 ms with backoff; fails at once on exit or unhealthy, or at the deadline. */
async function waitReady(
  engine: Engine,
  container: Dockerode.Container,
  s: ResolvedStep,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const probe = s.def.ready;
  const deadline = performance.now() + timeoutMs;
  let delay = 100;
  let last = 'not tried yet';
  for (;;) {
    signal.throwIfAborted();
    const info = await container.inspect();
    if (probe?.kind !== 'once') {
      if (!info.State.Running) {
        throw new StepFailure(
          `step "${s.name}": container exited with code ${info.State.ExitCode} before it was ready${info.State.Error ? ` (${info.State.Error})` : ''}`,
          s.name,
          await tailLogs(container),
        );
      }
      // Only when the engine's health is what gates this step: an image HEALTHCHECK without a start
      // period can call a slow-starting database unhealthy while the step's own probe is still patient.
      if ((!probe || probe.kind === 'health') && info.State.Health?.Status === 'unhealthy') {
        throw new StepFailure(`step "${s.name}": container turned unhealthy`, s.name, await tailLogs(container));
      }
    }
    let attempt;
    try {
      attempt = await attemptProbe(engine, container, s, probe, info);
    } catch (e) {
      attempt = { ok: false, detail: (e as Error).message };
    }
    if (attempt.ok) return;
    last = attempt.detail ?? last;
    if (attempt.fatal)
      throw new StepFailure(
        `step "${s.name}": ${describeProbe(s, probe)} failed: ${last}`,
        s.name,
        await tailLogs(container),
      );
    const left = deadline - performance.now();
    if (left <= 0) {
      throw new StepFailure(
        `step "${s.name}": probe "${describeProbe(s, probe)}" did not pass within ${Math.round(timeoutMs / 100) / 10} s (last: ${last})`,
        s.name,
        await tailLogs(container),
      );
    }
    await abortableSleep(Math.min(delay, left), signal);
    delay = Math.min(Math.round(delay * 1.5), 1000);
  }
}

async function removeNetworkIfUnused(engine: Engine, name: string): Promise<boolean> {
  const n = await engine.docker
    .getNetwork(name)
    .inspect()
    .catch(() => undefined);
  if (!n) return false;
  if (n.Containers && Object.keys(n.Containers).length > 0) return false;
  await engine.docker
    .getNetwork(name)
    .remove()
    .catch(() => undefined);
  return true;
}

/** Stops and removes the stack's containers (dependents first) and its network; named volumes only if asked. */
async function runStop(opts: StopOptions): Promise<StopResult> {
  const t0 = performance.now();
  const at = () => Math.round(performance.now() - t0);
  const emit = (e: Omit<StackEvent, 'at'>) => {
    try {
      opts.onEvent?.({ ...e, at: at() });
    } catch {
      // listener bugs do not stop the stop
    }
  };
  const { engine, service } = opts;
  const res: StopResult = { ok: true, service, removed: [], errors: [] };
  let list: Dockerode.ContainerInfo[];
  try {
    list = await listStackContainers(engine, service);
  } catch (e) {
    return {
      ok: false,
      service,
      removed: [],
      errors: [`${engine.kind} at ${engine.socket} did not answer: ${(e as Error).message}`],
    };
  }
  const steps = opts.config?.services.find((s) => s.name === service)?.stack?.steps ?? [];
  // Reverse waves: rank 0 is the last wave. Unknown steps (an older definition) go first.
  const waves = planWaves(steps).waves;
  const rank = (c: Dockerode.ContainerInfo) => {
    const w = waves.findIndex((names) => names.includes(c.Labels?.[LABEL_STEP] ?? ''));
    return w === -1 ? -1 : waves.length - 1 - w;
  };
  const ports = list.flatMap((c) => (c.Ports ?? []).map((p) => p.PublicPort).filter((p): p is number => !!p));
  const stopOne = async (c: Dockerode.ContainerInfo) => {
    const step = c.Labels?.[LABEL_STEP] ?? '?';
    const name = c.Names?.[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12);
    const s0 = at();
    emit({ type: 'step', step, phase: 'stopping', detail: name });
    try {
      const container = engine.docker.getContainer(c.Id);
      if (c.State === 'running')
        await container.stop({ t: opts.stopTimeoutS ?? 5 }).catch((e: { statusCode?: number }) => {
          if (e.statusCode !== 304) throw e; // 304: already stopped
        });
      await container.remove({ force: true, v: true });
      res.removed.push({ kind: 'container', name });
      emit({ type: 'step', step, phase: 'removed', ms: at() - s0, detail: name });
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return;
      res.ok = false;
      res.errors.push(`${name}: ${(e as Error).message}`);
      emit({ type: 'step', step, phase: 'failed', detail: `${name}: ${(e as Error).message}` });
    }
  };
  // Same rank = same wave: those stop together; dependents' waves first.
  for (const r of [...new Set(list.map(rank))].sort((a, b) => a - b)) {
    await Promise.all(list.filter((c) => rank(c) === r).map(stopOne));
  }
  const nets = await engine.docker
    .listNetworks({ filters: JSON.stringify({ label: [`${LABEL_SERVICE}=${service}`] }) })
    .catch(() => []);
  const names = new Set([networkName(service), ...nets.map((n) => n.Name)]);
  for (const n of names) {
    if (await removeNetworkIfUnused(engine, n)) res.removed.push({ kind: 'network', name: n });
  }
  if (opts.removeVolumes) {
    const vols = await engine.docker
      .listVolumes({ filters: JSON.stringify({ label: [`${LABEL_SERVICE}=${service}`] }) })
      .catch(() => ({ Volumes: [] }));
    for (const v of vols.Volumes ?? []) {
      try {
        await engine.docker.getVolume(v.Name).remove();
        res.removed.push({ kind: 'volume', name: v.Name });
      } catch (e) {
        res.errors.push(`volume ${v.Name}: ${(e as Error).message}`);
      }
    }
  }
  await waitPortsReleased(ports);
  emit({ type: 'stack', phase: 'done', ms: at(), detail: `removed ${res.removed.length}` });
  return res;
}

/** Forwarders (docker-proxy, conmon) exit a moment after their container; bounded wait so Stop means free. */
async function waitPortsReleased(ports: number[]): Promise<void> {
  if (ports.length === 0) return;
  const until = performance.now() + 5000;
  let delay = 50;
  while (performance.now() < until) {
    const holders = await scanHolders(ports).catch(() => undefined);
    if (!holders || [...holders.values()].every((h) => h.every((x) => x.kind === 'process'))) return;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
}

export { LABEL_RUN, StackConfigError };
