// The real engines the engine suites run against. Shared by test/engine, test/host, test/stack, test/cleanup.
// A test that needs an engine FAILS with the reason when it is unreachable: never a silent skip.
import { connectEngine, Engine, EngineUnreachableError } from '../../src/engine/connection';
import { rawDocker } from './rawDocker';

export type EngineKind = 'docker' | 'podman';

export interface TestEngine {
  kind: EngineKind;
  /** Docker host URL of the engine's socket. */
  host: string;
}

const DEFAULT_HOSTS: Record<EngineKind, string> = {
  docker: 'unix:///var/run/docker.sock',
  podman: 'unix:///run/podman/podman.sock',
};

/** Engines to test: BERTH_TEST_ENGINES (default "docker,podman"); BERTH_TEST_DOCKER_HOST / BERTH_TEST_PODMAN_HOST override the sockets. */
export function testEngines(env: NodeJS.ProcessEnv = process.env): TestEngine[] {
  const kinds = (env.BERTH_TEST_ENGINES ?? 'docker,podman')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return kinds.map((k) => {
    if (k !== 'docker' && k !== 'podman')
      throw new Error(`BERTH_TEST_ENGINES: unknown engine "${k}" (docker or podman)`);
    return { kind: k, host: env[`BERTH_TEST_${k.toUpperCase()}_HOST`] || DEFAULT_HOSTS[k] };
  });
}

/** Connects to the test engine of this kind, or throws why not (and how to start it). */
export async function connectTestEngine(kind: EngineKind): Promise<Engine> {
  const te = testEngines({ ...process.env, BERTH_TEST_ENGINES: kind })[0];
  let engine: Engine;
  try {
    engine = await connectEngine({ host: te.host, timeoutMs: 5000 });
  } catch (e) {
    const why =
      e instanceof EngineUnreachableError ? e.tried.map((t) => `${t.target}: ${t.error}`).join('; ') : String(e);
    throw new Error(`${kind} engine unreachable at ${te.host} (${why}); run scripts/provision.sh to start it`, {
      cause: e,
    });
  }
  if (engine.kind !== kind) throw new Error(`${te.host} answers as ${engine.kind}, expected ${kind}`);
  return engine;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after timeoutMs saying what was awaited. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message ?? last})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Removes (forcefully) every container carrying label=value; for after() hooks. */
export async function removeLabelled(engine: Engine, label: string, value: string): Promise<void> {
  const list = await rawDocker(engine).listContainers({ all: true, filters: { label: [`${label}=${value}`] } });
  await Promise.all(
    list.map((c) =>
      rawDocker(engine)
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
}

/** For before() hooks: the test engine of this kind, rid of the containers labelled label=value an earlier run left. */
export async function connectClean(kind: EngineKind, label: string, value: string): Promise<Engine> {
  const engine = await connectTestEngine(kind);
  await removeLabelled(engine, label, value);
  return engine;
}

/** For after() hooks: removes the containers labelled label=value and closes the engine (unset when before() failed). */
export async function closeClean(engine: Engine | undefined, label: string, value: string): Promise<void> {
  if (!engine) return;
  await removeLabelled(engine, label, value);
  engine.close();
}

export interface RunSpec {
  name: string;
  image: string;
  labels?: Record<string, string>;
  /** [hostPort, containerPort] pairs, TCP. */
  ports?: [number, number][];
  cmd?: string[];
  /** A shell health check run by the engine (Docker) or on demand (Podman): `test ! -f /tmp/bad` etc. */
  healthcheck?: { shell: string; intervalMs?: number; retries?: number };
}

/** The create options that publish [hostPort, containerPort] TCP pairs. */
export function publish(ports: [number, number][] = []): {
  ExposedPorts: Record<string, object>;
  PortBindings: Record<string, { HostPort: string }[]>;
} {
  const ExposedPorts: Record<string, object> = {};
  const PortBindings: Record<string, { HostPort: string }[]> = {};
  for (const [host, ctr] of ports) {
    ExposedPorts[`${ctr}/tcp`] = {};
    PortBindings[`${ctr}/tcp`] = [{ HostPort: String(host) }];
  }
  return { ExposedPorts, PortBindings };
}

/** Creates and starts a container (removing a leftover of the same name first); returns its id. */
export async function runContainer(engine: Engine, spec: RunSpec): Promise<string> {
  await rawDocker(engine)
    .getContainer(spec.name)
    .remove({ force: true })
    .catch(() => undefined);
  const { ExposedPorts, PortBindings } = publish(spec.ports);
  const c = await rawDocker(engine).createContainer({
    name: spec.name,
    Image: spec.image,
    Labels: spec.labels ?? {},
    Cmd: spec.cmd,
    ExposedPorts,
    HostConfig: { PortBindings },
    Healthcheck: spec.healthcheck
      ? {
          Test: ['CMD-SHELL', spec.healthcheck.shell],
          Interval: (spec.healthcheck.intervalMs ?? 500) * 1e6,
          Timeout: 5e9,
          Retries: spec.healthcheck.retries ?? 1,
          StartPeriod: 0,
        }
      : undefined,
  });
  await c.start();
  return c.id;
}

/** Runs a command in a container and returns its exit code. */
export async function execIn(engine: Engine, id: string, cmd: string[]): Promise<number> {
  const exec = await rawDocker(engine).getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
    stream.resume();
  });
  for (let i = 0; i < 100; i++) {
    const info = await exec.inspect();
    if (!info.Running) return info.ExitCode ?? -1;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`exec ${cmd.join(' ')} did not finish`);
}
