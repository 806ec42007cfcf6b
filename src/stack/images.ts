// Images of a stack: present ones are used as they are; build steps reuse an earlier Berth build of the
// same definition (found by label) unless asked to rebuild, else build and tag <service>-<uuid>.
import { createHash, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Engine } from '../engine/connection';
import { LABEL_SERVICE, LABEL_STEP } from '../engine/labels';
import type { ResolvedStep } from './resolve';

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
