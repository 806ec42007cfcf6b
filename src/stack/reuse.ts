// Idempotent start: containers of the same spec that are up and pass their probe now are kept; the stack's other
// containers are replaced.
import type { Container } from '../model/container';
import type { Engine } from '../engine/connection';
import { LABEL_STEP } from '../engine/labels';
import { attemptProbe } from './probes';
import type { ResolvedStack } from './resolve';
import type { StartRun } from './startRun';

export const LABEL_SPEC = 'berth.spec';

export const stepOf = (c: Container) => c.labels[LABEL_STEP];

/** Running (or, for one-shots, exited 0) containers of the same spec whose probe passes now, in dependency order. */
export async function findReusable(
  engine: Engine,
  stack: ResolvedStack,
  existing: Container[],
  rebuild: boolean,
): Promise<Map<string, Container>> {
  const reuse = new Map<string, Container>();
  for (const name of stack.waves.flat()) {
    const s = stack.steps.find((x) => x.name === name)!;
    if (!s.def.dependsOn.every((d) => reuse.has(d.step))) continue;
    if (rebuild && s.def.build) continue; // asked for a fresh image: a fresh container too
    const candidates = existing.filter((c) => stepOf(c) === name && c.labels[LABEL_SPEC] === s.specHash);
    if (candidates.length !== 1) continue;
    const c = candidates[0];
    // Unreadable now (gone, or the engine hiccuped): not reusable, it is replaced.
    const details = await engine.inspect(c.id).catch(() => undefined);
    if (!details) continue;
    if (s.def.runOnce) {
      if (!details.running && details.exitCode === 0 && details.state === 'exited') reuse.set(name, c);
      continue;
    }
    if (!details.running) continue;
    const probe = await attemptProbe(engine, details, s, s.def.ready).catch(() => ({ ok: false }));
    if (probe.ok) reuse.set(name, c);
  }
  return reuse;
}

/** Removes the stack's containers that are not reused; one that cannot be removed is a warning of the run. */
export async function replaceStale(run: StartRun, existing: Container[], reuse: Map<string, Container>): Promise<void> {
  for (const c of existing) {
    const step = stepOf(c);
    if (step && reuse.get(step)?.id === c.id) continue;
    await run.engine
      .remove(c.id, { force: true })
      .catch((e) => run.warn(`could not remove old container ${c.name}`, e));
  }
  for (const [step, c] of reuse) run.reused(step, c);
}
