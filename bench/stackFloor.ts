// The floor script: the demo stack (postgres → migrations one-shot → datastorage, redis beside them) as a careful
// hand-written script would start it, straight through the engine API (no CLI process per call, no Berth code):
// the two independent branches in parallel, each container created and started when its dependencies are ready,
// every wait a 50 ms poll (exec pg_isready / redis-cli ping, inspect for the one-shot's exit, GET /health).
// Podman's CNI network here has no DNS: the one-shot gets postgres's address as an /etc/hosts entry, as the
// seeds' scripts do. bench/stackVsFloor.ts runs it beside Berth.
import type Dockerode from 'dockerode';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { httpStatus } from './stackBench';

export interface FloorPorts {
  postgres: number;
  redis: number;
  http: number;
}

const POLL_MS = 50;
const DEADLINE_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function execOutput(c: Dockerode.Container, cmd: string[]): Promise<{ code: number | null; out: string }> {
  const exec = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`exec ${cmd.join(' ')}: no end within 5 s`)), 5000);
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', () => (clearTimeout(t), res()));
    stream.on('error', (e) => (clearTimeout(t), rej(e)));
  });
  return { code: (await exec.inspect()).ExitCode, out: Buffer.concat(chunks).toString('latin1') };
}

async function poll(what: string, check: () => Promise<boolean>): Promise<void> {
  const until = performance.now() + DEADLINE_MS;
  while (performance.now() < until) {
    if (await check().catch(() => false)) return;
    await sleep(POLL_MS);
  }
  throw new Error(`floor: ${what} not ready within ${DEADLINE_MS / 1000} s`);
}

export const FLOOR_NAMES = ['benchfloor_postgres', 'benchfloor_migrations', 'benchfloor_redis', 'benchfloor_ds'];
export const FLOOR_NET = 'benchfloor_net';

/** Removes what a floor run creates (before and after each run). */
export async function floorCleanup(docker: Dockerode): Promise<void> {
  await Promise.all(
    FLOOR_NAMES.map((n) =>
      docker
        .getContainer(n)
        .remove({ force: true, v: true })
        .catch(() => 0),
    ),
  );
  await docker
    .getNetwork(FLOOR_NET)
    .remove()
    .catch(() => 0);
}

/** One run of the floor script; resolves with its time to ready and when each step was ready (ms from t0). */
export async function floorRun(
  docker: Dockerode,
  kind: 'docker' | 'podman',
  ports: FloorPorts,
  demoDir: string,
): Promise<{ ms: number; timeline: Record<string, number> }> {
  await floorCleanup(docker);
  const t0 = performance.now();
  const timeline: Record<string, number> = {};
  const mark = (k: string) => (timeline[k] = Math.round(performance.now() - t0));
  await docker.createNetwork({ Name: FLOOR_NET });
  mark('network');
  const run = async (name: string, opts: Omit<Dockerode.ContainerCreateOptions, 'name'>) => {
    const c = await docker.createContainer({
      name,
      ...opts,
      HostConfig: { NetworkMode: FLOOR_NET, ...opts.HostConfig },
    });
    const step = name.replace('benchfloor_', '');
    mark(`${step} created`);
    await c.start();
    mark(`${step} started`);
    return c;
  };
  const publish = (container: number, host: number) => ({
    ExposedPorts: { [`${container}/tcp`]: {} },
    HostConfig: { NetworkMode: FLOOR_NET, PortBindings: { [`${container}/tcp`]: [{ HostPort: String(host) }] } },
  });
  const postgresBranch = async () => {
    const pg = await run(FLOOR_NAMES[0], {
      Image: 'postgres:16-alpine',
      Env: ['POSTGRES_USER=slm_user', 'POSTGRES_PASSWORD=test_password', 'POSTGRES_DB=action_history'],
      ...publish(5432, ports.postgres),
      NetworkingConfig: { EndpointsConfig: { [FLOOR_NET]: { Aliases: ['postgres'] } } },
    });
    await poll(
      'postgres',
      async () => (await execOutput(pg, ['pg_isready', '-h', '127.0.0.1', '-U', 'slm_user'])).code === 0,
    );
    mark('postgres ready');
    const ip = (await pg.inspect()).NetworkSettings.Networks[FLOOR_NET]?.IPAddress;
    const mig = await run(FLOOR_NAMES[1], {
      Image: 'postgres:16-alpine',
      Env: ['PGPASSWORD=test_password'],
      Entrypoint: ['psql', '-h', 'postgres', '-U', 'slm_user', '-d', 'action_history', '-v', 'ON_ERROR_STOP=1'],
      Cmd: ['-f', '/migrations.sql'],
      HostConfig: {
        Binds: [`${join(demoDir, 'stack/migrations.sql')}:/migrations.sql:ro`],
        ExtraHosts: kind === 'podman' && ip ? [`postgres:${ip}`] : [],
      },
    });
    let code: number | undefined;
    await poll('migrations', async () => {
      const s = (await mig.inspect()).State;
      if (s.Running || s.Status === 'created') return false;
      code = s.ExitCode;
      return true;
    });
    if (code !== 0) throw new Error(`floor: migrations exited with ${code}`);
    mark('migrations ready');
  };
  const redisBranch = async () => {
    const redis = await run(FLOOR_NAMES[2], { Image: 'redis:7-alpine', ...publish(6379, ports.redis) });
    await poll('redis', async () => (await execOutput(redis, ['redis-cli', 'ping'])).out.includes('PONG'));
    mark('redis ready');
  };
  await Promise.all([postgresBranch(), redisBranch()]);
  await run(FLOOR_NAMES[3], {
    Image: 'busybox:stable',
    Cmd: ['sh', '-c', 'mkdir -p /www && echo ok > /www/health && exec httpd -f -v -p 8080 -h /www'],
    ...publish(8080, ports.http),
  });
  await poll('datastorage', async () => (await httpStatus(ports.http, '/health')) === 200);
  const ms = performance.now() - t0;
  mark('ds ready');
  await floorCleanup(docker);
  return { ms, timeline };
}
