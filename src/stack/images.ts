// Images of a stack: present ones are used as they are, missing ones pulled (per the step's pull policy); build
// steps reuse an earlier Berth build of the same definition (found by label) unless asked to rebuild, else build
// and tag <service>-<uuid>.
import { createHash, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { errorText } from '../core/errorText';
import type { Engine } from '../engine/connection';
import { LABEL_SERVICE, LABEL_STEP } from '../engine/labels';
import { registryAuth } from '../engine/registryAuth';
import { PullTally, pullLine, type PullSnapshot } from '../model/pull';
import type { ResolvedStep } from './resolve';
import type { StartRun } from './startRun';

export const LABEL_BUILD = 'berth.build';

export function buildHash(step: ResolvedStep): string {
  const b = step.def.build!;
  return createHash('sha256')
    .update(JSON.stringify({ dir: resolve(step.baseDir, b.context), f: b.dockerfile, a: b.args }))
    .digest('hex')
    .slice(0, 16);
}

/** Tag of an earlier build of this step's definition, if one is still there. */
export async function findBuiltImage(engine: Engine, service: string, step: ResolvedStep): Promise<string | undefined> {
  for (const img of await engine.images(`${LABEL_BUILD}=${buildHash(step)}`)) {
    if (img.labels[LABEL_SERVICE] !== service || img.labels[LABEL_STEP] !== step.name) continue;
    if (img.tags[0]) return img.tags[0];
  }
  return undefined;
}

/** Builds the step's image; resolves with its tag, rejects with the builder's error text. */
export async function buildImage(
  engine: Engine,
  service: string,
  step: ResolvedStep,
  signal: AbortSignal,
): Promise<string> {
  const b = step.def.build!;
  const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
  const tag = `berth-${safe(step.name)}:${safe(service)}-${randomUUID()}`;
  await engine.build({
    context: resolve(step.baseDir, b.context),
    dockerfile: b.dockerfile ?? 'Dockerfile',
    tag,
    args: b.args ?? {},
    labels: { [LABEL_SERVICE]: service, [LABEL_STEP]: step.name, [LABEL_BUILD]: buildHash(step) },
    signal,
  });
  if (!(await engine.imageExists(tag)))
    throw new Error(`build of step "${step.name}" finished but image ${tag} is not there`);
  return tag;
}

/** Byte progress is told at most this often; a finished layer or pull always. */
const PULL_EVENT_EVERY_MS = 100;

/**
 * Pulls an image for the steps that use it, with the registry credentials the user's tools keep, telling the
 * layers as 'pulling' events of the first of those steps. Rejects with the image and the registry's message (and
 * why no credentials were sent, when that may be the reason).
 */
export async function pullStepImage(run: StartRun, ref: string, step: string): Promise<void> {
  const { engine } = run;
  const { auth, notes } = registryAuth(ref, engine.kind);
  const tally = new PullTally(ref);
  let told = -Infinity;
  const tell = (pull: PullSnapshot) => {
    if (!pull.milestone && run.at() - told < PULL_EVENT_EVERY_MS) return;
    told = run.at();
    run.emit({ type: 'step', step, phase: 'pulling', detail: pullLine(pull), pull });
  };
  tell(tally.apply({ text: `pulling ${ref}` }));
  try {
    await engine.pull(ref, { auth, signal: run.opts.signal, onProgress: (e) => tell(tally.apply(e)) });
  } catch (e) {
    if (run.opts.signal?.aborted) throw e;
    throw new Error([errorText(e), ...notes].join('; '), { cause: e });
  }
  if (!(await engine.imageExists(ref)))
    throw new Error(`pulling ${ref} finished but ${engine.kind} has no image ${ref}`);
  tell(tally.finish());
}
