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
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseBerthYaml } from '../src/core/berthYaml';
import type { BerthConfig } from '../src/core/types';
import { connectEngine, type Engine } from '../src/engine/connection';
import { startStack, stopStack } from '../src/stack/runner';
import { rawDocker } from '../test/support/rawDocker';

const DEMO = resolve(__dirname, '../examples/demo');
const SERVICE = 'workflowexecution';
const BENCH_SERVICE = 'benchstack';
const PORTS = { postgres: 22901, redis: 22902, http: 22903 };
const SOCKETS = { docker: 'unix:///var/run/docker.sock', podman: 'unix:///run/podman/podman.sock' } as const;
type Kind = keyof typeof SOCKETS;

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const engines = (opt('--engines') ?? 'docker,podman').split(',').filter(Boolean) as Kind[];
const withCompose = !args.includes('--no-compose');
const capS = Number(opt('--cap') ?? 100);
const rounds = Number(opt('--rounds') ?? 3);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The demo's workflowexecution stack as-is, renamed and moved to bench ports so nothing real is touched. */
function benchConfig(): BerthConfig {
  const parsed = parseBerthYaml(readFileSync(join(DEMO, 'berth.yaml'), 'utf8'));
  const svc = parsed.config?.services.find((s) => s.name === SERVICE);
  if (!parsed.config || !svc?.stack) throw new Error(`examples/demo/berth.yaml has no stack for ${SERVICE}`);
  const ports = svc.ports.map((p) => ({
    ...p,
    service: BENCH_SERVICE,
    port: PORTS[p.role as keyof typeof PORTS] ?? p.port,
  }));
  return { ...parsed.config, services: [{ ...svc, name: BENCH_SERVICE, ports }] };
}

function httpStatus(port: number, path: string): Promise<number> {
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 2000, agent: false }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => res(0));
    req.end();
  });
}

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

function composeFile(): string {
  const hc = (test: string[]) =>
    `    healthcheck:\n      test: [${test.map((t) => JSON.stringify(t)).join(', ')}]\n      interval: 30s   # Docker's default\n      timeout: 30s\n      retries: 3\n`;
  return `services:
  postgres:
    image: postgres:16-alpine
    ports: ["${PORTS.postgres}:5432"]
    environment: { POSTGRES_USER: slm_user, POSTGRES_PASSWORD: test_password, POSTGRES_DB: action_history }
${hc(['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', 'slm_user'])}  migrations:
    image: postgres:16-alpine
    environment: { PGPASSWORD: test_password }
    volumes: ["./migrations.sql:/migrations.sql:ro"]
    entrypoint: [psql, -h, postgres, -U, slm_user, -d, action_history, -v, ON_ERROR_STOP=1, -f, /migrations.sql]
    depends_on: { postgres: { condition: service_healthy } }
  redis:
    image: redis:7-alpine
    ports: ["${PORTS.redis}:6379"]
${hc(['CMD', 'redis-cli', 'ping'])}  datastorage:
    image: busybox:stable
    ports: ["${PORTS.http}:8080"]
    depends_on:
      migrations: { condition: service_completed_successfully }
      redis: { condition: service_healthy }
${hc(['CMD', 'wget', '-q', '-O-', 'http://127.0.0.1:8080/health'])}`;
}

async function ensureTool(tool: string): Promise<string | undefined> {
  const { execa } = await import('execa');
  const has = async () => (await execa('sh', ['-c', 'command -v "$1"', 'sh', tool], { reject: false })).exitCode === 0;
  if (await has()) return undefined;
  if (process.getuid?.() !== 0) return `${tool} is not installed (and installing needs root)`;
  const r = await execa(
    'apt-get',
    ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=600', tool],
    { reject: false },
  );
  return r.exitCode === 0 && (await has())
    ? undefined
    : `${tool} could not be installed: ${r.stderr.split('\n').slice(-2).join(' ')}`;
}

/** `<tool> up -d`, then until the last service (datastorage) is healthy; undefined when it never is. */
async function composeRun(kind: Kind, engine: Engine): Promise<{ ms?: number; note: string }> {
  const { execa } = await import('execa');
  const tool = kind === 'docker' ? 'docker-compose' : 'podman-compose';
  const missing = await ensureTool(tool);
  if (missing) return { note: missing };
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-compose-'));
  writeFileSync(join(dir, 'docker-compose.yml'), composeFile());
  copyFileSync(join(DEMO, 'stack/migrations.sql'), join(dir, 'migrations.sql'));
  const env = kind === 'docker' ? { ...process.env, DOCKER_HOST: SOCKETS.docker } : process.env;
  const project = 'benchcompose';
  const compose = (a: string[]) =>
    execa(tool, ['-p', project, '-f', join(dir, 'docker-compose.yml'), ...a], {
      env,
      reject: false,
      cwd: dir,
      timeout: (capS + 30) * 1000,
    });
  const down = async () => {
    await compose(['down', '-v']);
    const left = await rawDocker(engine).listContainers({
      all: true,
      filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
    });
    await Promise.all(
      left.map((c) =>
        rawDocker(engine)
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  };
  try {
    await down();
    const t0 = performance.now();
    const up = await compose(['up', '-d']);
    const upMs = performance.now() - t0;
    const deadline = t0 + capS * 1000;
    let state = 'not created';
    while (performance.now() < deadline) {
      const list = await rawDocker(engine).listContainers({
        all: true,
        filters: JSON.stringify({
          label: [`com.docker.compose.project=${project}`, 'com.docker.compose.service=datastorage'],
        }),
      });
      if (list[0]) {
        const info = await rawDocker(engine).getContainer(list[0].Id).inspect();
        state = info.State.Health?.Status ?? info.State.Status;
        if (state === 'healthy')
          return { ms: performance.now() - t0, note: `up -d returned after ${(upMs / 1000).toFixed(1)} s` };
      } else if (up.exitCode !== null && up.exitCode !== 0 && performance.now() - t0 > upMs + 1000) {
        break;
      }
      await sleep(250);
    }
    const migrations = await rawDocker(engine).listContainers({
      all: true,
      filters: JSON.stringify({
        label: [`com.docker.compose.project=${project}`, 'com.docker.compose.service=migrations'],
      }),
    });
    const migState = migrations[0] ? `${migrations[0].State} (${migrations[0].Status})` : 'not created';
    return {
      note: `datastorage not healthy within ${capS} s (last: ${state}; migrations: ${migState}; up exit ${up.exitCode}${up.exitCode ? `: ${up.stderr.split('\n').filter(Boolean).slice(-1)[0] ?? ''}` : ''})`,
    };
  } finally {
    await down();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const config = benchConfig();
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
        const c = await composeRun(kind, engine);
        const tool = kind === 'docker' ? 'docker-compose' : 'podman-compose';
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
