// Holder scan speed (not a test): run with `node --import tsx bench/holders.ts`.
// 20 allocated ports, some held (a node process listening on 6, a Docker container publishing 2,
// a Podman container publishing 2), the rest free. Compared in one run:
//   A. scanHolders(20 ports), Linux method: one pass over /proc/net/tcp{,6} + /proc/*/fd
//   B. scanHolders(20 ports), lsof method: one `lsof -nP -iTCP -F` call (the macOS path)
//   C. the seeds' method: one `lsof -ti:PORT` process per port (20 spawns)
//   D. scanAttributed(20 ports): A plus the cgroup read that attributes host-network container processes
//      (what status, the tree and cleanup scan since issue 10)
// Prints medians of several rounds and the ratios C/A, C/B and D/A.
import { spawn } from 'node:child_process';
import { scanHolders } from '../src/host/holders';
import { scanAttributed } from '../src/host/portScan';
import { connectTestEngine, removeLabelled, runContainer } from '../test/support/engines';
import { median } from './measure';

const BASE = 21500;
const PORTS = Array.from({ length: 20 }, (_, i) => BASE + i);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const ts: number[] = [];
  await fn(); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
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

    const a = await timeIt(() => scanHolders(PORTS, { method: 'proc' }));
    const b = await timeIt(() => scanHolders(PORTS, { method: 'lsof' }));
    const c = await timeIt(async () => {
      for (const p of PORTS) await execa('lsof', [`-ti:${p}`], { reject: false });
    });
    const d = await timeIt(() => scanAttributed(PORTS, (ports) => scanHolders(ports, { method: 'proc' })));
    const result = {
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
