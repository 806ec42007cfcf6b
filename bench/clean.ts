// Bench: plan + clean of a service with 4 ports held by throwaway listeners, Berth vs the seeds'
// per-port `lsof -ti:PORT | xargs kill -9` loop against equivalent listeners, in ONE run (ratio).
// Run: node --import tsx bench/clean.ts [rounds]   (ports 23900–23919; Docker engine used when reachable)
import { performance } from 'node:perf_hooks';
import { executeCleanup } from '../src/cleanup/execute';
import { defaultSelection, planCleanup } from '../src/cleanup/plan';
import { parseBerthYaml } from '../src/core/berthYaml';
import { connectEngine, type Engine } from '../src/engine/connection';
import { scanHolders } from '../src/host/holders';
import { endChild, spawnListener } from '../test/cleanup/helpers';

const BERTH_PORTS = [23901, 23902, 23903, 23904];
const SEED_PORTS = [23911, 23912, 23913, 23914];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function allFree(ports: number[]): Promise<boolean> {
  const m = await scanHolders(ports);
  return ports.every((p) => (m.get(p) ?? []).length === 0);
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const { execa } = await import('execa');
  const config = parseBerthYaml(`version: 1
services:
  bench:
    ports: { postgres: ${BERTH_PORTS[0]}, redis: ${BERTH_PORTS[1]}, http: ${BERTH_PORTS[2]}, metrics: ${BERTH_PORTS[3]} }
`).config!;
  let engine: Engine | undefined;
  try {
    engine = await connectEngine({ host: 'unix:///var/run/docker.sock', timeoutMs: 3000 });
  } catch {
    engine = undefined;
  }
  const berth: { plan: number; clean: number; total: number }[] = [];
  const seed: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Berth: plan (engine containers + one holder scan) then act on the foreign listeners (SIGTERM).
    const a = await Promise.all(BERTH_PORTS.map((p) => spawnListener(p)));
    const t0 = performance.now();
    const plan = await planCleanup({ engine, config, service: 'bench' });
    const t1 = performance.now();
    const report = await executeCleanup(plan, defaultSelection(plan, { includeForeign: true }), { engine, config });
    const t2 = performance.now();
    if (!report.allFree) throw new Error(`berth left ports held: ${JSON.stringify(report.ports.map((p) => p.detail))}`);
    berth.push({ plan: t1 - t0, clean: t2 - t1, total: t2 - t0 });
    await Promise.all(a.map(endChild));

    // The seeds' loop: one lsof per port, piped to kill -9 (the port is an argument, never interpolated).
    const b = await Promise.all(SEED_PORTS.map((p) => spawnListener(p)));
    const s0 = performance.now();
    for (const p of SEED_PORTS)
      await execa('sh', ['-c', 'lsof -ti:"$1" | xargs -r kill -9', 'sh', String(p)], { reject: false });
    const s1 = performance.now();
    seed.push(s1 - s0);
    await Promise.all(b.map(endChild));
    if (!(await allFree(SEED_PORTS))) throw new Error('seed loop left ports held');
  }
  engine?.close();
  const out = {
    rounds,
    engine: engine ? 'docker' : 'none',
    berthPlanMs: +median(berth.map((x) => x.plan)).toFixed(1),
    berthCleanMs: +median(berth.map((x) => x.clean)).toFixed(1),
    berthTotalMs: +median(berth.map((x) => x.total)).toFixed(1),
    seedLoopMs: +median(seed).toFixed(1),
  };
  const ratio = out.seedLoopMs / out.berthTotalMs;
  process.stdout.write(
    `clean bench, 4 ports, median of ${rounds} rounds (engine: ${out.engine})\n` +
      `  berth plan + clean : ${out.berthTotalMs} ms (plan ${out.berthPlanMs} ms, clean incl. re-scan ${out.berthCleanMs} ms)\n` +
      `  seeds' lsof|kill -9: ${out.seedLoopMs} ms\n` +
      `  ratio seed/berth   : ${ratio.toFixed(2)}x\n` +
      JSON.stringify({ ...out, ratio: +ratio.toFixed(2) }) +
      '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`bench/clean: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
