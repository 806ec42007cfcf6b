// Preflight: nothing is created before all of it passed. Images present, pulled (per the step's pull policy or
// --pull) or buildable, host ports free or published by this stack's own containers (anything else named by the
// model's port verdict), fixed container names not taken by someone else.
import { errorText } from '../core/errorText';
import { withServices } from '../engine/containers';
import { scanAttributed } from '../host/portScan';
import { holderScanOn } from '../host/remoteHost';
import type { Container } from '../model/container';
import type { PortHolder } from '../model/holder';
import { declaredShared } from '../model/portStatus';
import { judgePort, type Evidence } from '../model/verdict';
import { findBuiltImage, pullStepImage } from './images';
import type { ResolvedStack, ResolvedStep } from './resolve';
import type { StartRun } from './startRun';
import { containerName } from './stepGraph';

export interface Preflight {
  /** Image of each step that needs no build now. */
  images: Map<string, string>;
  /** Why the run must not start, one line each. */
  problems: string[];
}

/** Images to pull: each once, told as progress of the first step that uses it. */
type Pulls = Map<string, string[]>;

/** Decides each step's image: present, built earlier, to be pulled (per its pull policy), or a problem. */
async function checkImages(
  run: StartRun,
  steps: ResolvedStep[],
  images: Map<string, string>,
  pulls: Pulls,
): Promise<string[]> {
  const { engine, service } = run;
  const rebuild = !!run.opts.rebuild;
  const problems: string[] = [];
  for (const s of steps) {
    const present = !!s.def.image && !(rebuild && s.def.build) && (await engine.imageExists(s.def.image));
    if (s.def.build && !present) {
      const built = rebuild ? undefined : await findBuiltImage(engine, service, s);
      if (built) images.set(s.name, built);
      continue;
    }
    const image = s.def.image;
    if (!image) continue;
    const policy = run.opts.pull ?? s.def.pull ?? 'missing';
    if (policy === 'always' && !s.def.build) pulls.set(image, [...(pulls.get(image) ?? []), s.name]);
    else if (present) images.set(s.name, image);
    else if (policy === 'never')
      problems.push(
        `step "${s.name}": image ${image} is not present on ${engine.kind} and the step has pull: never${run.opts.pull ? ' (--pull never)' : ''} and no build (pull or build it first)`,
      );
    else pulls.set(image, [...(pulls.get(image) ?? []), s.name]);
  }
  return problems;
}

/** Pulls one image after the other (the progress line follows one pull); a cancel ends the run. */
async function pullImages(run: StartRun, pulls: Pulls, images: Map<string, string>): Promise<string[]> {
  const problems: string[] = [];
  for (const [image, steps] of pulls) {
    try {
      await pullStepImage(run, image, steps[0]);
      for (const s of steps) images.set(s, image);
    } catch (e) {
      if (run.opts.signal?.aborted) throw e;
      problems.push(`step "${steps[0]}": ${errorText(e)}`);
    }
  }
  return problems;
}

/** Every container of the engine with its service, for the verdicts; only this stack's if the list fails. */
async function evidenceOf(run: StartRun, existing: Container[]): Promise<Evidence> {
  try {
    return { containers: withServices(await run.engine.containers(), run.opts.config), engine: run.engine.kind };
  } catch (e) {
    run.warn("could not list the engine's containers to tell whose a held port is", e);
    return { containers: existing.map((c) => ({ ...c, service: run.service })), engine: run.engine.kind };
  }
}

/** Every wanted host port must be free: the model's verdict on one that is not says who holds it and why. */
async function checkPorts(run: StartRun, steps: ResolvedStep[], existing: Container[]): Promise<string[]> {
  // What this stack's own containers publish is released when they are reused or replaced.
  const ownPorts = new Set(existing.flatMap((c) => c.ports.map((p) => p.hostPort)));
  const wanted = steps
    .flatMap((s) => s.ports.map((p) => ({ step: s.name, ...p })))
    .filter((w) => !ownPorts.has(w.hostPort));
  if (wanted.length === 0) return [];
  let holders: Map<number, PortHolder[]>;
  try {
    holders = await scanAttributed(
      wanted.map((w) => w.hostPort),
      holderScanOn(run.engine.host, run.engine.shell),
    );
  } catch (e) {
    // The engine still refuses a port that is taken; the run goes on without this check, and says so.
    run.warn('could not check who holds the host ports', e);
    return [];
  }
  const evidence = await evidenceOf(run, existing);
  const { config, service } = run.opts;
  const problems: string[] = [];
  for (const w of wanted) {
    const port = w.hostPort;
    const sharedWith = (other: string) => declaredShared(config, service, port, other);
    const v = judgePort({ port, service, holders: holders.get(port) ?? [], sharedWith }, evidence);
    if (v.state !== 'free')
      problems.push(
        `step "${w.step}": host port ${port}${w.role ? ` (${w.role})` : ''}: ${v.detail}. Run "Berth: Clean Stale Ports" (berth clean ${service}) or stop it.`,
      );
  }
  return problems;
}

/** A fixed container_name taken by a container Berth did not start would make create fail midway. */
async function checkNames(run: StartRun, steps: ResolvedStep[], existing: Container[]): Promise<string[]> {
  const ours = new Set(existing.map((c) => c.id));
  const problems: string[] = [];
  for (const s of steps) {
    if (!s.def.containerName) continue;
    const name = containerName(run.service, s, run.worker);
    const clash = await run.engine.inspect(name);
    if (clash && !ours.has(clash.id))
      problems.push(
        `step "${s.name}": container name ${name} is taken by a container Berth did not start (${clash.id.slice(0, 12)})`,
      );
  }
  return problems;
}

/** Pulls come last: only when nothing else stands in the way, so a held port is told without waiting on one. */
export async function preflight(run: StartRun, stack: ResolvedStack, existing: Container[]): Promise<Preflight> {
  const images = new Map<string, string>();
  const pulls: Pulls = new Map();
  const problems = [
    ...(await checkImages(run, stack.steps, images, pulls)),
    ...(await checkPorts(run, stack.steps, existing)),
    ...(await checkNames(run, stack.steps, existing)),
  ];
  if (!problems.length && pulls.size) problems.push(...(await pullImages(run, pulls, images)));
  return { images, problems };
}
