// Images of a stack: present ones are used as they are; build steps reuse an earlier Berth build of the
// same definition (found by label) unless asked to rebuild, else build and tag <service>-<uuid>.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
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

export async function imagePresent(engine: Engine, ref: string): Promise<boolean> {
  try {
    await engine.docker.getImage(ref).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Tag of an earlier build of this step's definition, if one is still there. */
export async function findBuiltImage(engine: Engine, service: string, step: ResolvedStep): Promise<string | undefined> {
  // One label server-side: Podman 4.3's compat API matches nothing when given several label filters.
  const list: { RepoTags?: string[] | null; Labels?: Record<string, string> | null }[] = await engine.docker.listImages(
    {
      filters: JSON.stringify({ label: [`${LABEL_BUILD}=${buildHash(step)}`] }),
    },
  );
  for (const img of list) {
    if (img.Labels?.[LABEL_SERVICE] !== service || img.Labels?.[LABEL_STEP] !== step.name) continue;
    const tag = (img.RepoTags ?? []).find((t: string) => t && t !== '<none>:<none>');
    if (tag) return tag;
  }
  return undefined;
}

/** Files of a build context minus .dockerignore matches (paths relative to the context, forward slashes). */
function contextFiles(dir: string): string[] {
  const ignoreFile = join(dir, '.dockerignore');
  const patterns = existsSync(ignoreFile)
    ? readFileSync(ignoreFile, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    : [];
  const ignored = patterns.length
    ? picomatch(
        patterns.flatMap((p) => [p.replace(/^\/+/, ''), `${p.replace(/^\/+|\/+$/g, '')}/**`]),
        { dot: true },
      )
    : () => false;
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const abs = join(d, e);
      const rel = relative(dir, abs).split('\\').join('/');
      if (ignored(rel)) continue;
      if (statSync(abs).isDirectory()) walk(abs);
      else out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** Builds the step's image; resolves with its tag, rejects with the builder's error text. */
export async function buildImage(
  engine: Engine,
  service: string,
  step: ResolvedStep,
  signal: AbortSignal,
): Promise<string> {
  const b = step.def.build!;
  const context = resolve(step.baseDir, b.context);
  if (!existsSync(context)) throw new Error(`build context ${context} does not exist`);
  const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
  const tag = `berth-${safe(step.name)}:${safe(service)}-${randomUUID()}`;
  const stream: NodeJS.ReadableStream = await engine.docker.buildImage({ context, src: contextFiles(context) }, {
    t: tag,
    dockerfile: b.dockerfile ?? 'Dockerfile',
    buildargs: b.args ?? {},
    labels: { [LABEL_SERVICE]: service, [LABEL_STEP]: step.name, [LABEL_BUILD]: buildHash(step) },
    rm: true,
    abortSignal: signal,
  } as Record<string, unknown>);
  await new Promise<void>((ok, fail) => {
    engine.docker.modem.followProgress(
      stream,
      (err: Error | null, res: { error?: string; errorDetail?: { message?: string } }[]) => {
        const bad = err?.message ?? res?.find((r) => r.error || r.errorDetail)?.error;
        if (bad) fail(new Error(bad.trim()));
        else ok();
      },
    );
  });
  if (!(await imagePresent(engine, tag)))
    throw new Error(`build of step "${step.name}" finished but image ${tag} is not there`);
  return tag;
}
