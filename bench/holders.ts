// Holder scan speed (not a test): run with `node --import tsx bench/holders.ts`.
// 20 allocated ports, some held (a node process listening on 6, a Docker container publishing 2,
// a Podman container publishing 2), the rest free. Compared in one run:
//   A. scanHolders(20 ports), Linux method: one pass over /proc/net/tcp{,6} + /proc/*/fd
//   B. scanHolders(20 ports), lsof method: one `lsof -nP -iTCP -F` call (the macOS path)
//   C. the seeds' method: one `lsof -ti:PORT` process per port (20 spawns)
//   D. scanAttributed(20 ports): A plus the cgroup read that attributes host-network container processes
//      (what status, the tree and cleanup scan since issue 10)
//   E. one `ss -tanpH` process (spawned, run, output read): the floor a native tool sets for the same work
// Rounds are interleaved (A B C D E, A B C D E, ...) so each method sees the same load. Prints medians and the ratios C/A, C/B, D/A, C/D and D/E.
import { spawn } from 'node:child_process';
import { scanHolders } from '../src/host/holders';
import { scanAttributed } from '../src/host/portScan';
import { connectTestEngine, removeLabelled, runContainer } from '../test/support/engines';
import os from 'node:os';
import { median } from './measure';

const BASE = 21500;
const PORTS = Array.from({ length: 20 }, (_, i) => BASE + i);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/** Median ms of each function, the rounds interleaved so that every method sees the same load. */
async function timeAll(fns: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  const ts: Record<string, number[]> = {};
  for (const [k, fn] of Object.entries(fns)) {
    await fn(); // warm-up
    ts[k] = [];
  }
  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, fn] of Object.entries(fns)) {
      const t = performance.now();
      await fn();
      ts[k].push(performance.now() - t);
    }
  }
  return Object.fromEntries(Object.entries(ts).map(([k, xs]) => [k, median(xs)]));
}

async function main(): Promise<void> {
  const { execa } = await import('execa');
  const listener = spawn(
    process.execPath,
    [
      '-e',
      `const h=require('http');let n=0;for(const p of ${JSON.stringify(PORTS.slice(0, 6))})h.createServer().listen(p,()=>++n===6&&console.log('up'))`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((r) => listener.stdout!.on('data', (d: Buffer) => d.toString().includes('up') && r()));
  const engines = await Promise.all((['docker', 'podman'] as const).map((k) => connectTestEngine(k)));
  try {
    for (const [i, e] of engines.entries()) {
      await removeLabelled(e, 'berth.test', 'bench-holders');
      const p = BASE + 6 + i * 2;
      await runContainer(e, {
        name: `berth-bench-holders-${e.kind}`,
        image: 'busybox:stable',
        labels: { 'berth.test': 'bench-holders' },
        ports: [
          [p, 8080],
          [p + 1, 8081],
        ],
      });
    }
    const found = await scanHolders(PORTS);
    const held = [...found.values()].filter((h) => h.length > 0).length;
    const kinds = [...new Set([...found.values()].flat().map((h) => h.kind))].sort();

    const { a, b, c, d, e } = await timeAll({
      a: () => scanHolders(PORTS, { method: 'proc' }),
      b: () => scanHolders(PORTS, { method: 'lsof' }),
      c: async () => {
        for (const p of PORTS) await execa('lsof', [`-ti:${p}`], { reject: false });
      },
      d: () => scanAttributed(PORTS, (ports) => scanHolders(ports, { method: 'proc' })),
      e: () => execa('ss', ['-tanpH'], { reject: false }),
    });
    const result = {
      loadavg: os.loadavg().map((x) => +x.toFixed(2)),
      ports: PORTS.length,
      held,
      holderKinds: kinds,
      rounds: ROUNDS,
      scanProcMs: +a.toFixed(1),
      scanLsofOnceMs: +b.toFixed(1),
      lsofPerPortMs: +c.toFixed(1),
      ratioPerPortVsProc: +(c / a).toFixed(1),
      ratioPerPortVsLsofOnce: +(c / b).toFixed(1),
      scanAttributedMs: +d.toFixed(1),
      ratioAttributedVsProc: +(d / a).toFixed(2),
      ssProcessMs: +e.toFixed(1),
      ratioPerPortVsAttributed: +(c / d).toFixed(1),
      ratioAttributedVsSs: +(d / e).toFixed(2),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    listener.kill();
    for (const e of engines) {
      await removeLabelled(e, 'berth.test', 'bench-holders');
      e.close();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
