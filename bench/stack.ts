// Bench: time to ready of the demo stack (examples/demo, service workflowexecution: postgres → migrations
// one-shot → datastorage, with redis beside them) on each engine, three ways in ONE run:
//   berth       startStack: dependency graph, Berth's own probes polled from 100 ms with backoff
//   sequential  the seeds' setup-infrastructure.sh pattern (DD-TEST-002): one step after the other through
//               the engine CLI, readiness polled every 1 s (`exec pg_isready`, `redis-cli ping`, GET /health),
//               a fixed 2 s buffer after each dependency is ready (seed 001: "pg_isready + 2s buffer")
//   compose     Debian's docker-compose / podman-compose `up -d` with depends_on conditions and healthchecks at
//               Docker's default interval (30 s, what images without a tuned HEALTHCHECK get), then waiting
//               until the last service is healthy (capped)
// Run: node --import tsx bench/stack.ts [--engines docker,podman] [--no-compose] [--cap SECONDS] [--rounds N]
// Installs docker-compose / podman-compose with apt when missing (root only); says so when unavailable.
// Ports 22900–22909 (STACK block); the demo's own ports are left alone.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BerthConfig } from '../src/core/types';
import { connectEngine, type Engine } from '../src/engine/connection';
import { startStack, stopStack } from '../src/stack/runner';
import { composeRun, composeTool } from './composeTools';
import { median } from './measure';
import { benchArgs, DEMO, demoStackConfig, httpStatus, SOCKETS, type Kind } from './stackBench';

const SERVICE = 'workflowexecution';
const BENCH_SERVICE = 'benchstack';
const PORTS = { postgres: 22901, redis: 22902, http: 22903 };
const { opt, flag, engines } = benchArgs();
const withCompose = !flag('--no-compose');
const capS = Number(opt('--cap') ?? 100);
const rounds = Number(opt('--rounds') ?? 3);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function berthRun(engine: Engine, config: BerthConfig): Promise<number> {
  await stopStack({ engine, service: BENCH_SERVICE, config, stopTimeoutS: 1 });
  const t0 = performance.now();
  const r = await startStack({ engine, root: DEMO, config, service: BENCH_SERVICE });
  const ms = performance.now() - t0;
  await stopStack({ engine, service: BENCH_SERVICE, config, stopTimeoutS: 1 });
  if (!r.ok) throw new Error(`berth: ${r.error?.message}`);
  return ms;
}

/** The seeds' shell script, step by step through the engine CLI. */
async function sequentialRun(kind: Kind): Promise<number> {
  const { execa } = await import('execa');
  const bin = kind === 'docker' ? 'docker' : 'podman';
  const env = kind === 'docker' ? { ...process.env, DOCKER_HOST: SOCKETS.docker } : process.env;
  const cli = (a: string[]) => execa(bin, a, { env, reject: false });
  const names = ['benchseq_postgres_1', 'benchseq_redis_1', 'benchseq_datastorage_1'];
  const cleanup = async () => {
    await cli(['rm', '-f', ...names]);
    await cli(['network', 'rm', 'benchseq_net']);
  };
  await cleanup();
  const t0 = performance.now();
  const must = async (a: string[]) => {
    const r = await cli(a);
    if (r.exitCode !== 0) throw new Error(`${bin} ${a.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const poll = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 60; i++) {
      if (await check()) return;
      await sleep(1000);
    }
    throw new Error(`sequential: ${what} not ready in 60 s`);
  };
  await must(['network', 'create', 'benchseq_net']);
  await must([
    'run',
    '-d',
    '--name',
    names[0],
    '--network',
    'benchseq_net',
    '-p',
    `${PORTS.postgres}:5432`,
    '-e',
    'POSTGRES_USER=slm_user',
    '-e',
    'POSTGRES_PASSWORD=test_password',
    '-e',
    'POSTGRES_DB=action_history',
    'postgres:16-alpine',
  ]);
  await poll(
    'postgres',
    async () => (await cli(['exec', names[0], 'pg_isready', '-h', '127.0.0.1', '-U', 'slm_user'])).exitCode === 0,
  );
  await sleep(2000);
  // Podman's CNI network here has no DNS: pass the address like the seeds' host.containers.internal trick.
  const ip = (
    await must(['inspect', '-f', '{{(index .NetworkSettings.Networks "benchseq_net").IPAddress}}', names[0]])
  ).trim();
  await must([
    'run',
    '--rm',
    '--network',
    'benchseq_net',
    '--add-host',
    `postgres:${ip}`,
    '-e',
    'PGPASSWORD=test_password',
    '-v',
    `${join(DEMO, 'stack/migrations.sql')}:/migrations.sql:ro`,
    '--entrypoint',
    'psql',
    'postgres:16-alpine',
    '-h',
    'postgres',
    '-U',
    'slm_user',
    '-d',
    'action_history',
    '-v',
    'ON_ERROR_STOP=1',
    '-f',
    '/migrations.sql',
  ]);
  await must([
    'run',
    '-d',
    '--name',
    names[1],
    '--network',
    'benchseq_net',
    '-p',
    `${PORTS.redis}:6379`,
    'redis:7-alpine',
  ]);
  await poll('redis', async () => (await cli(['exec', names[1], 'redis-cli', 'ping'])).stdout.includes('PONG'));
  await sleep(2000);
  await must([
    'run',
    '-d',
    '--name',
    names[2],
    '--network',
    'benchseq_net',
    '-p',
    `${PORTS.http}:8080`,
    'busybox:stable',
  ]);
  await poll('datastorage', async () => (await httpStatus(PORTS.http, '/health')) === 200);
  const ms = performance.now() - t0;
  await cleanup();
  return ms;
}

async function main(): Promise<void> {
  const config = demoStackConfig(BENCH_SERVICE, PORTS);
  const lines: string[] = [];
  const results: Record<string, unknown> = {};
  for (const kind of engines) {
    let engine: Engine;
    try {
      engine = await connectEngine({ host: SOCKETS[kind], timeoutMs: 5000 });
    } catch (e) {
      lines.push(`${kind}: engine unreachable (${(e as Error).message})`);
      continue;
    }
    try {
      const berth: number[] = [];
      const seq: number[] = [];
      // Interleaved (and alternating which goes first) so load on the shared machine hits both alike.
      for (let r = 0; r < rounds; r++) {
        if (r % 2 === 0) {
          berth.push(await berthRun(engine, config));
          seq.push(await sequentialRun(kind));
        } else {
          seq.push(await sequentialRun(kind));
          berth.push(await berthRun(engine, config));
        }
      }
      const b = median(berth);
      const s = median(seq);
      const runs = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
      lines.push(`${kind} ${engine.version}: berth median ${(b / 1000).toFixed(2)} s (runs ${runs(berth)})`);
      lines.push(
        `${kind}: sequential + 2 s buffers median ${(s / 1000).toFixed(2)} s (runs ${runs(seq)}) → ${(s / b).toFixed(1)}× berth (best vs best ${(Math.min(...seq) / Math.min(...berth)).toFixed(1)}×)`,
      );
      const entry: Record<string, unknown> = {
        berthMs: berth,
        sequentialMs: seq,
        sequentialRatio: s / b,
        loadavg: loadavg(),
      };
      if (withCompose) {
        const c = await composeRun(kind, engine, { ports: PORTS, demoDir: DEMO, capS });
        const tool = composeTool(kind);
        if (c.ms !== undefined)
          lines.push(
            `${kind}: ${tool} up + wait healthy ${(c.ms / 1000).toFixed(2)} s → ${(c.ms / b).toFixed(1)}× berth (${c.note})`,
          );
        else lines.push(`${kind}: ${tool}: ${c.note} → more than ${((capS * 1000) / b).toFixed(0)}× berth`);
        entry.composeMs = c.ms;
        entry.composeNote = c.note;
      }
      results[kind] = entry;
    } finally {
      engine.close();
    }
  }
  lines.push(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (2 cores shared)`,
  );
  process.stdout.write(lines.join('\n') + '\n');
  process.stdout.write(JSON.stringify({ bench: 'stack', service: SERVICE, rounds, capS, results }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`bench/stack: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
