// Bench: Berth's time to ready against two floors, side by side in ONE run, rounds interleaved and rotated so the
// shared machine's load hits all alike. The floors: bench/stackFloor.ts straight on the engine API (no CLI process
// per call) and bench/stack-floor.sh, the bash script on the engine's CLI a team hand-writes (both: parallel
// branches, 50 ms polls, the same images and steps). Per engine: both floors, Berth on the inline stack (the
// demo's workflowexecution), Berth on the same stack as a compose file (`stack: { compose }`), and docker-compose /
// podman-compose on that file (healthchecks every --interval s) beside them. Prints median and p90 of each, the
// ratios to both floors, and each one's per-step timeline (median ms from t0; Berth's from its own events).
// Run: node --import tsx bench/stackVsFloor.ts [--engines docker,podman] [--rounds N] [--no-tools] [--interval S]
// Ports 22911–22913; run it under the engine lock.
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseBerthYaml } from '../src/core/berthYaml';
import type { BerthConfig } from '../src/core/types';
import { connectEngine, type Engine } from '../src/engine/connection';
import { startStack, stopStack, type StackEvent } from '../src/stack/runner';
import { rawDocker } from '../test/support/rawDocker';
import { composeRun, composeTool, writeComposeDir } from './composeTools';
import { median, percentile } from './measure';
import { floorCleanup, floorRun } from './stackFloor';
import { floorScriptRun } from './stackFloorScript';
import { benchArgs, DEMO, demoStackConfig, SOCKETS, type Kind } from './stackBench';

const SERVICE = 'benchfloor';
const PORTS = { postgres: 22911, redis: 22912, http: 22913 };
const { opt, flag, engines } = benchArgs();
const rounds = Number(opt('--rounds') ?? 5);
const intervalS = Number(opt('--interval') ?? 1);
const withTools = !flag('--no-tools');

/** The same stack as a compose file in its own folder (the root of a one-service berth.yaml). */
function composeConfig(): BerthConfig {
  const text = `version: 1
services:
  ${SERVICE}:
    ports: { postgres: ${PORTS.postgres}, redis: ${PORTS.redis}, http: ${PORTS.http} }
    stack: { compose: docker-compose.yml }
`;
  const parsed = parseBerthYaml(text);
  if (!parsed.config) throw new Error(`compose berth.yaml: ${parsed.findings.map((f) => f.message).join('; ')}`);
  return parsed.config;
}

type Timeline = Record<string, number>;

async function berthRun(engine: Engine, root: string, config: BerthConfig): Promise<{ ms: number; tl: Timeline }> {
  await stopStack({ engine, service: SERVICE, config, stopTimeoutS: 1 });
  const tl: Timeline = {};
  const onEvent = (e: StackEvent) => {
    if (e.type === 'step' && e.step && ['creating', 'started', 'ready'].includes(e.phase))
      tl[`${e.step} ${e.phase === 'creating' ? 'turn' : e.phase}`] ??= e.at;
    if (e.type === 'stack' && e.phase === 'network') tl['network'] ??= e.at;
  };
  const t0 = performance.now();
  const r = await startStack({ engine, root, config, service: SERVICE, onEvent });
  const ms = performance.now() - t0;
  await stopStack({ engine, service: SERVICE, config, stopTimeoutS: 1 });
  if (!r.ok) throw new Error(`berth: ${r.error?.message}`);
  for (const o of r.steps) if (o.createdAt !== undefined) tl[`${o.step} created`] = o.createdAt;
  return { ms, tl };
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const stats = (xs: number[]) =>
  `median ${s(median(xs))} s, p90 ${s(percentile(xs, 0.9))} s (runs ${xs.map(s).join(', ')})`;

function medianTimeline(tls: Timeline[]): string {
  const keys = [...new Set(tls.flatMap((t) => Object.keys(t)))];
  const m = keys.map((k) => [k, median(tls.map((t) => t[k]).filter((x) => x !== undefined))] as const);
  return m
    .sort((a, b) => a[1] - b[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
}

async function benchEngine(kind: Kind, out: string[], results: Record<string, unknown>): Promise<void> {
  let engine: Engine;
  try {
    engine = await connectEngine({ host: SOCKETS[kind], timeoutMs: 5000 });
  } catch (e) {
    out.push(`${kind}: engine unreachable (${(e as Error).message})`);
    return;
  }
  const dir = writeComposeDir(PORTS, DEMO, intervalS);
  const inline = demoStackConfig(SERVICE, PORTS);
  const compose = composeConfig();
  const runs = { floor: [] as number[], script: [] as number[], inline: [] as number[], compose: [] as number[] };
  const tls = {
    floor: [] as Timeline[],
    script: [] as Timeline[],
    inline: [] as Timeline[],
    compose: [] as Timeline[],
  };
  const variants: Record<keyof typeof runs, () => Promise<{ ms: number; tl: Timeline }>> = {
    floor: async () => {
      const r = await floorRun(rawDocker(engine), kind, PORTS, DEMO);
      return { ms: r.ms, tl: r.timeline };
    },
    script: async () => {
      await floorCleanup(rawDocker(engine));
      try {
        const r = await floorScriptRun(kind, PORTS, DEMO);
        return { ms: r.ms, tl: r.timeline };
      } finally {
        await floorCleanup(rawDocker(engine));
      }
    },
    inline: () => berthRun(engine, DEMO, inline),
    compose: () => berthRun(engine, dir, compose),
  };
  const order = Object.keys(variants) as (keyof typeof runs)[];
  try {
    for (let r = 0; r < rounds; r++) {
      // Rotate which variant goes first so warm caches and load drift favour none.
      for (let i = 0; i < order.length; i++) {
        const v = order[(r + i) % order.length];
        const { ms, tl } = await variants[v]();
        runs[v].push(ms);
        tls[v].push(tl);
      }
    }
    const [f, fs] = [median(runs.floor), median(runs.script)];
    const ratios = (xs: number[]) =>
      `${(median(xs) / f).toFixed(2)}× the floor (API, no CLI) (p90 ${(percentile(xs, 0.9) / percentile(runs.floor, 0.9)).toFixed(2)}×), ` +
      `${(median(xs) / fs).toFixed(2)}× the floor script (shell, CLI) (p90 ${(percentile(xs, 0.9) / percentile(runs.script, 0.9)).toFixed(2)}×)`;
    out.push(`${kind} ${engine.version}, ${rounds} rounds:`);
    out.push(`  floor (API, no CLI)        ${stats(runs.floor)}`);
    out.push(`  floor script (shell, CLI)  ${stats(runs.script)}`);
    for (const v of ['inline', 'compose'] as const)
      out.push(`  berth ${v.padEnd(20)} ${stats(runs[v])} → ${ratios(runs[v])}`);
    out.push(`  floor (API, no CLI) timeline (median ms): ${medianTimeline(tls.floor)}`);
    out.push(`  floor script (shell, CLI) timeline (median ms): ${medianTimeline(tls.script)}`);
    out.push(`  berth inline timeline (median ms): ${medianTimeline(tls.inline)}`);
    out.push(`  berth compose timeline (median ms): ${medianTimeline(tls.compose)}`);
    const entry: Record<string, unknown> = { ...runs, loadavg: loadavg() };
    if (withTools) {
      const c = await composeRun(kind, engine, { ports: PORTS, demoDir: DEMO, capS: 60, intervalS });
      out.push(
        c.ms !== undefined
          ? `  ${composeTool(kind)} up -d + wait healthy (healthchecks every ${intervalS} s): ${s(c.ms)} s → ${(c.ms / f).toFixed(2)}× the floor (API, no CLI), ${(c.ms / fs).toFixed(2)}× the floor script (shell, CLI) (${c.note})`
          : `  ${composeTool(kind)}: ${c.note}`,
      );
      entry.toolMs = c.ms;
      entry.toolNote = c.note;
    }
    results[kind] = entry;
  } finally {
    await floorCleanup(rawDocker(engine)).catch(() => undefined);
    await stopStack({ engine, service: SERVICE, config: inline, stopTimeoutS: 1 });
    rmSync(dir, { recursive: true, force: true });
    engine.close();
  }
}

async function main(): Promise<void> {
  const out: string[] = [
    `load average at the start: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (2 cores)`,
  ];
  const results: Record<string, unknown> = {};
  for (const kind of engines) await benchEngine(kind, out, results);
  out.push(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  process.stdout.write(out.join('\n') + '\n');
  process.stdout.write(JSON.stringify({ bench: 'stackVsFloor', rounds, intervalS, results }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`bench/stackVsFloor: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
