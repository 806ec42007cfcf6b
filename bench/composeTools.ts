// The demo stack as a compose file, and a run of Debian's docker-compose / podman-compose on it (`up -d`, then
// until the last service is healthy, capped): the figures bench/stack.ts and bench/stackVsFloor.ts print beside
// Berth's. The same file is what Berth starts as a compose-file stack (`stack: { compose }`).
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Engine } from '../src/engine/connection';
import { rawDocker } from '../test/support/rawDocker';

export interface StackPorts {
  postgres: number;
  redis: number;
  http: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The demo's workflowexecution stack as compose; healthchecks every `intervalS` (30: Docker's default). */
export function benchComposeFile(ports: StackPorts, intervalS = 30): string {
  const hc = (test: string[]) =>
    `    healthcheck:\n      test: [${test.map((t) => JSON.stringify(t)).join(', ')}]\n      interval: ${intervalS}s\n      timeout: 30s\n      retries: 3\n`;
  return `services:
  postgres:
    image: postgres:16-alpine
    ports: ["${ports.postgres}:5432"]
    environment: { POSTGRES_USER: slm_user, POSTGRES_PASSWORD: test_password, POSTGRES_DB: action_history }
${hc(['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', 'slm_user'])}  migrations:
    image: postgres:16-alpine
    environment: { PGPASSWORD: test_password }
    volumes: ["./migrations.sql:/migrations.sql:ro"]
    entrypoint: [psql, -h, postgres, -U, slm_user, -d, action_history, -v, ON_ERROR_STOP=1, -f, /migrations.sql]
    depends_on: { postgres: { condition: service_healthy } }
  redis:
    image: redis:7-alpine
    ports: ["${ports.redis}:6379"]
${hc(['CMD', 'redis-cli', 'ping'])}  datastorage:
    image: busybox:stable
    command: [sh, -c, "mkdir -p /www && echo ok > /www/health && exec httpd -f -v -p 8080 -h /www"]
    ports: ["${ports.http}:8080"]
    depends_on:
      migrations: { condition: service_completed_successfully }
      redis: { condition: service_healthy }
${hc(['CMD', 'wget', '-q', '-O-', 'http://127.0.0.1:8080/health'])}`;
}

/** A temp folder with the compose file and the migration it mounts; the caller removes it. */
export function writeComposeDir(ports: StackPorts, demoDir: string, intervalS?: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-compose-'));
  writeFileSync(join(dir, 'docker-compose.yml'), benchComposeFile(ports, intervalS));
  copyFileSync(join(demoDir, 'stack/migrations.sql'), join(dir, 'migrations.sql'));
  return dir;
}

/** undefined when the tool is there (installed with apt when missing and root); else why not. */
export async function ensureTool(tool: string): Promise<string | undefined> {
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

export const composeTool = (kind: 'docker' | 'podman') => (kind === 'docker' ? 'docker-compose' : 'podman-compose');

/** `<tool> up -d`, then until the last service (datastorage) is healthy; no ms when it never is within capS. */
export async function composeRun(
  kind: 'docker' | 'podman',
  engine: Engine,
  opts: { ports: StackPorts; demoDir: string; capS: number; intervalS?: number },
): Promise<{ ms?: number; note: string }> {
  const { execa } = await import('execa');
  const tool = composeTool(kind);
  const missing = await ensureTool(tool);
  if (missing) return { note: missing };
  const dir = writeComposeDir(opts.ports, opts.demoDir, opts.intervalS);
  const env = kind === 'docker' ? { ...process.env, DOCKER_HOST: engine.socket } : process.env;
  const project = 'benchcompose';
  const compose = (a: string[]) =>
    execa(tool, ['-p', project, '-f', join(dir, 'docker-compose.yml'), ...a], {
      env,
      reject: false,
      cwd: dir,
      timeout: (opts.capS + 30) * 1000,
    });
  const docker = rawDocker(engine);
  const ofService = (service: string) =>
    docker.listContainers({
      all: true,
      filters: JSON.stringify({
        label: [`com.docker.compose.project=${project}`, ...(service ? [`com.docker.compose.service=${service}`] : [])],
      }),
    });
  const down = async () => {
    await compose(['down', '-v']);
    const left = await ofService('');
    await Promise.all(
      left.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
    // podman-compose 1.0.3's down leaves the project network behind.
    await docker
      .getNetwork(`${project}_default`)
      .remove()
      .catch(() => undefined);
  };
  try {
    await down();
    const t0 = performance.now();
    const up = await compose(['up', '-d']);
    const upMs = performance.now() - t0;
    const deadline = t0 + opts.capS * 1000;
    let state = 'not created';
    while (performance.now() < deadline) {
      const [ds] = await ofService('datastorage');
      if (ds) {
        const info = await docker.getContainer(ds.Id).inspect();
        state = info.State.Health?.Status ?? info.State.Status;
        if (state === 'healthy')
          return { ms: performance.now() - t0, note: `up -d returned after ${(upMs / 1000).toFixed(1)} s` };
      } else if (up.exitCode !== null && up.exitCode !== 0 && performance.now() - t0 > upMs + 1000) {
        break;
      }
      await sleep(250);
    }
    const [mig] = await ofService('migrations');
    const migState = mig ? `${mig.State} (${mig.Status})` : 'not created';
    const upText = up.exitCode ? `: ${up.stderr.split('\n').filter(Boolean).slice(-1)[0] ?? ''}` : '';
    return {
      note: `datastorage not healthy within ${opts.capS} s (last: ${state}; migrations: ${migState}; up exit ${up.exitCode}${upText})`,
    };
  } finally {
    await down();
    rmSync(dir, { recursive: true, force: true });
  }
}
