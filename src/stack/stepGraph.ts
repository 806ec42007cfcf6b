// The step graph: every step's container is created up front, in parallel (its image built first if needed);
// each starts as soon as its own depends_on conditions hold (started / ready) and waits for its probe. The first
// step that fails aborts the others (fail fast); what each step did is in the run's outcomes.
import { hostAddress } from '../model/engineHost';
import { errorText } from '../core/errorText';
import type { Container } from '../model/container';
import { berthLabels, instanceName } from '../engine/labels';
import { tailLogs } from './failureLogs';
import { buildImage } from './images';
import { DEFAULT_STEP_TIMEOUT_MS } from './options';
import { describeProbe } from './probes';
import { StepFailure, waitReady } from './readiness';
import type { ResolvedStack, ResolvedStep } from './resolve';
import { LABEL_SPEC } from './reuse';
import { planAddresses } from './addressPlan';
import { ExitWatch } from './exitWatch';
import type { StartRun } from './startRun';

/** `berth-<service>-<step>` (or its container_name); worker 2's instance appends `-w2`. */
export function containerName(service: string, step: ResolvedStep, worker = 1): string {
  const base = step.def.containerName ?? `berth-${service}-${step.name}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
  return instanceName(base, worker);
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

export class StepGraph {
  private readonly started: Map<string, Gate>;
  private readonly ready: Map<string, Gate>;
  /** Podman with CNI and no dnsname plugin has no DNS on the network: steps get their peers' addresses. */
  private readonly addresses = new Map<string, string>();
  /** Podman: the fixed address of each step to create, planned before any is created (./addressPlan). */
  private planned: Map<string, string> | undefined;
  private exits: ExitWatch | undefined;
  firstFailure: StepFailure | undefined;

  constructor(
    private readonly run: StartRun,
    private readonly stack: ResolvedStack,
    private readonly images: Map<string, string>,
    private readonly reuse: Map<string, Container>,
    /** Aborted by the user's Cancel or by the first failure: every step stops waiting and polling. */
    private readonly internal: AbortController,
  ) {
    this.started = new Map(stack.steps.map((s) => [s.name, new Gate()]));
    this.ready = new Map(stack.steps.map((s) => [s.name, new Gate()]));
    for (const name of reuse.keys()) {
      this.started.get(name)!.resolve();
      this.ready.get(name)!.resolve();
    }
  }

  /**
   * Runs every step that is not reused; resolves when all settled. Every container is created at once, in
   * parallel, and each is started when its own dependencies hold, so no create is on the path to ready.
   */
  async runAll(): Promise<void> {
    const { engine } = this.run;
    const todo = this.stack.steps.filter((s) => !this.reuse.has(s.name));
    if (todo.some((s) => s.def.ready?.kind === 'once')) this.exits = new ExitWatch(engine);
    try {
      if (engine.kind === 'podman') {
        for (const [step, c] of this.reuse) await this.noteAddress(step, c.id);
        this.planned = await this.planAddresses(todo);
      }
      const ahead = new Map<string, Promise<string>>();
      for (const s of todo) {
        // Without planned addresses (Podman, an odd subnet) a dependent is created once its peers run.
        if (engine.kind === 'podman' && !this.planned && s.def.dependsOn.length) continue;
        const p = this.createContainer(s);
        p.catch(() => undefined); // awaited by its step, which may have stopped waiting
        ahead.set(s.name, p);
      }
      await Promise.all(todo.map((s) => this.runStep(s, ahead.get(s.name))));
      // A create still in flight when the run failed or was cancelled must be listed before the cleanup.
      await Promise.allSettled(ahead.values());
    } finally {
      this.exits?.close();
    }
  }

  private async planAddresses(todo: ResolvedStep[]): Promise<Map<string, string> | undefined> {
    const n = await this.run.engine
      .network(this.run.net)
      .catch((e) => void this.run.warn(`could not read network ${this.run.net}`, e));
    return n?.subnet
      ? planAddresses(
          n.subnet,
          [...n.used, ...this.addresses.values()],
          todo.map((s) => s.name),
        )
      : undefined;
  }

  private async noteAddress(step: string, id: string): Promise<void> {
    // Without it a later step on Podman cannot resolve this one by name: worth a warning, not a failure.
    const details = await this.run.engine
      .inspect(id)
      .catch((e) => this.run.warn(`could not read ${step}'s address`, e));
    const ip = details?.ips[this.run.net];
    if (ip) this.addresses.set(step, ip);
  }

  /** Builds the image if needed and creates the step's container (labelled, listed for the cleanup); its id. */
  private async createContainer(s: ResolvedStep): Promise<string> {
    const { run } = this;
    const image = this.images.get(s.name) ?? (await this.build(s, this.internal.signal));
    const name = containerName(run.service, s, run.worker);
    for (const v of s.namedVolumes)
      if (!(await run.engine.volumeExists(v)))
        await run.engine.createVolume(v, berthLabels(run.service, s.name, run.runId, run.worker));
    const ip = this.planned?.get(s.name);
    const peers = new Map([...this.addresses, ...(this.planned ?? [])].filter(([step]) => step !== s.name));
    const id = await run.engine.create({
      name,
      image,
      env: s.env,
      cmd: s.def.command,
      entrypoint: s.def.entrypoint,
      labels: {
        ...s.def.labels,
        ...berthLabels(run.service, s.name, run.runId, run.worker),
        [LABEL_SPEC]: s.specHash,
      },
      ports: s.ports,
      volumes: s.anonymousVolumes,
      binds: s.binds,
      network: run.net,
      aliases: [s.name],
      peers,
      ip,
    });
    run.created.push({ id, name, step: s.name });
    const o = run.outcome(s.name);
    o.container = name;
    o.containerId = id;
    o.createdAt = run.at();
    return id;
  }

  private async runStep(s: ResolvedStep, ahead: Promise<string> | undefined): Promise<void> {
    const { run } = this;
    const signal = this.internal.signal;
    try {
      const deps = s.def.dependsOn.map(
        (d) => (d.condition === 'started' ? this.started : this.ready).get(d.step)!.promise,
      );
      // A container that could not be created fails the run now, not when its dependencies are ready.
      await Promise.all([...deps, ahead]);
      signal.throwIfAborted();
      const stepT0 = run.at();
      const o = run.outcome(s.name);
      const name = containerName(run.service, s, run.worker);
      const image = this.images.get(s.name);
      run.emit({ type: 'step', step: s.name, phase: 'creating', detail: image ? `${name} (${image})` : name });
      const id = (await ahead) ?? (await this.createContainer(s));
      signal.throwIfAborted();
      try {
        await run.engine.start(id);
      } catch (e) {
        const logs = await tailLogs(run.engine, id);
        throw new StepFailure(`step "${s.name}": container did not start: ${errorText(e)}`, s.name, logs);
      }
      o.startedAt = run.at();
      // Only Podman without planned addresses passes peers by address, and only to containers created later.
      if (run.engine.kind === 'podman' && !this.planned) await this.noteAddress(s.name, id);
      this.started.get(s.name)!.resolve();
      run.emit({
        type: 'step',
        step: s.name,
        phase: 'started',
        detail: describeProbe(s, s.def.ready, hostAddress(run.engine.host)),
      });
      const timeoutMs = s.def.timeoutMs ?? run.opts.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
      const waited = await waitReady(run.engine, id, s, timeoutMs, signal, { exits: this.exits });
      o.probes = waited.attempts;
      if (waited.onEvent) o.readyOnEvent = true;
      o.readyAt = run.at();
      o.state = 'ready';
      this.ready.get(s.name)!.resolve();
      run.emit({ type: 'step', step: s.name, phase: 'ready', ms: o.readyAt - stepT0 });
    } catch (e) {
      this.started.get(s.name)!.reject(e);
      this.ready.get(s.name)!.reject(e);
      // A consequence of another step's failure (the abort reason) or of Cancel: not this step's fault.
      if (signal.aborted && (e === signal.reason || !(e instanceof StepFailure))) return;
      const failure = e instanceof StepFailure ? e : new StepFailure(`step "${s.name}": ${errorText(e)}`, s.name);
      run.outcome(s.name).state = 'failed';
      run.emit({ type: 'step', step: s.name, phase: 'failed', detail: failure.message });
      if (!this.firstFailure) {
        this.firstFailure = failure;
        this.internal.abort(failure); // fail fast: the others stop waiting and polling
      }
    }
  }

  private async build(s: ResolvedStep, signal: AbortSignal): Promise<string> {
    this.run.emit({ type: 'step', step: s.name, phase: 'building', detail: s.def.build?.context });
    try {
      return await buildImage(this.run.engine, this.run.service, s, signal);
    } catch (e) {
      throw new StepFailure(`step "${s.name}": build failed: ${errorText(e)}`, s.name);
    }
  }
}
