// Dependency waves of a stack: wave 0 has no dependencies, wave n depends only on earlier waves.
// Pure. The runner starts each step as soon as its own conditions hold (no wave barrier); waves are
// the plan it reports, and Stop takes them in reverse (each wave's containers together).

export interface PlannableStep {
  name: string;
  dependsOn: { step: string }[];
}

export interface WavePlan {
  /** Step names per wave, in definition order inside a wave. */
  waves: string[][];
  /** One dependency cycle (each step depends on the next, the last on the first), when there is one. */
  cycle?: string[];
}

/** Dependencies on unknown steps are ignored here (the parser reports them). */
export function planWaves(steps: readonly PlannableStep[]): WavePlan {
  const names = new Set(steps.map((s) => s.name));
  const deps = new Map(
    steps.map((s) => [
      s.name,
      [...new Set(s.dependsOn.map((d) => d.step))].filter((d) => names.has(d) && d !== s.name),
    ]),
  );
  const placed = new Set<string>();
  const waves: string[][] = [];
  for (;;) {
    const wave = steps
      .filter((s) => !placed.has(s.name) && deps.get(s.name)!.every((d) => placed.has(d)))
      .map((s) => s.name);
    if (wave.length === 0) break;
    for (const n of wave) placed.add(n);
    waves.push(wave);
  }
  if (placed.size === names.size) return { waves };
  return {
    waves,
    cycle: findCycle(
      steps.filter((s) => !placed.has(s.name)).map((s) => s.name),
      deps,
    ),
  };
}

/** Walks unplaced steps (each has an unplaced dependency, so the walk must revisit a step). */
function findCycle(unplaced: string[], deps: Map<string, string[]>): string[] {
  const left = new Set(unplaced);
  const path: string[] = [];
  const seen = new Map<string, number>();
  let cur = unplaced[0];
  while (!seen.has(cur)) {
    seen.set(cur, path.length);
    path.push(cur);
    cur = deps.get(cur)!.find((d) => left.has(d))!;
  }
  return path.slice(seen.get(cur));
}
