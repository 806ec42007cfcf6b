// The environment a service's tests read: one BERTH_<ROLE>_PORT per role plus BERTH_SERVICE and BERTH_WORKER,
// every port shifted for the parallel worker. `berth env`, `berth run`, the tasks and the terminals all ask here,
// so a test never carries a second copy of a port. Pure.
import type { ServiceDef } from './types';

export const ENV_SERVICE = 'BERTH_SERVICE';
export const ENV_WORKER = 'BERTH_WORKER';
/** `berth run` with a stack: the machine its ports are published on (127.0.0.1, or a remote engine's address). */
export const ENV_HOST = 'BERTH_HOST';

/** `datastorage-http` → `BERTH_DATASTORAGE_HTTP_PORT`: upper-cased, every non-alphanumeric run becomes `_`. */
export function portVarName(role: string): string {
  return `BERTH_${role.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_PORT`;
}

/** Worker K (1-based) of a block uses the allocated port + K-1. */
export function workerPort(port: number, worker: number): number {
  return port + worker - 1;
}

/** The number of workers a service reserves ports for (`workers: N`, default 1). */
export function workerCount(service: Pick<ServiceDef, 'workers'>): number {
  return service.workers ?? 1;
}

/**
 * Where a test runner says which parallel worker this process is, in the order they are asked. Each maps its
 * own numbering onto Berth's 1-based one: pytest-xdist counts gw0, gw1, …; the others already start at 1.
 */
const WORKER_SOURCES: { name: string; parse: (v: string) => number | undefined }[] = [
  { name: ENV_WORKER, parse: positive },
  { name: 'GINKGO_PARALLEL_PROCESS', parse: positive },
  { name: 'PYTEST_XDIST_WORKER', parse: (v) => (/^gw(\d+)$/.test(v) ? Number(v.slice(2)) + 1 : undefined) },
  { name: 'JEST_WORKER_ID', parse: positive },
  { name: 'VITEST_POOL_ID', parse: positive },
];

function positive(v: string): number | undefined {
  return /^[1-9]\d{0,5}$/.test(v) ? Number(v) : undefined;
}

export type WorkerChoice = { worker: number; source: string } | { error: string };

/**
 * The worker from `--worker` (when given), else from the first of BERTH_WORKER, GINKGO_PARALLEL_PROCESS,
 * PYTEST_XDIST_WORKER, JEST_WORKER_ID, VITEST_POOL_ID that is set; worker 1 when none is. A value that is not a
 * worker number is an error naming the variable, never silently worker 1.
 */
export function chooseWorker(flag: string | undefined, env: Record<string, string | undefined>): WorkerChoice {
  if (flag !== undefined) {
    const w = positive(flag);
    return w
      ? { worker: w, source: '--worker' }
      : { error: `--worker must be a worker number 1, 2, … (got '${flag}')` };
  }
  for (const s of WORKER_SOURCES) {
    const v = env[s.name];
    if (v === undefined || v === '') continue;
    const w = s.parse(v);
    return w ? { worker: w, source: s.name } : { error: `${s.name}=${v} does not name a worker` };
  }
  return { worker: 1, source: 'default' };
}

/** Why worker K cannot be used for this service, or undefined when it can. */
export function workerProblem(service: Pick<ServiceDef, 'name' | 'workers'>, worker: number): string | undefined {
  const n = workerCount(service);
  if (worker <= n) return undefined;
  return n === 1
    ? `'${service.name}' has one set of ports; worker ${worker} needs 'workers: ${worker}' (or more) on it in berth.yaml`
    : `worker ${worker} is beyond the ${n} workers of '${service.name}' in berth.yaml`;
}

export type EnvResult = { vars: Record<string, string> } | { error: string };

/** The variables of one worker of a service, in berth.yaml's role order; roles whose names collide are an error. */
export function serviceEnv(service: Pick<ServiceDef, 'name' | 'ports' | 'workers'>, worker: number): EnvResult {
  const problem = workerProblem(service, worker);
  if (problem) return { error: problem };
  const vars: Record<string, string> = { [ENV_SERVICE]: service.name, [ENV_WORKER]: String(worker) };
  const roleOf = new Map<string, string>();
  for (const a of service.ports) {
    const name = portVarName(a.role);
    const other = roleOf.get(name);
    if (other !== undefined)
      return { error: `roles '${other}' and '${a.role}' of '${service.name}' both become ${name}; rename one` };
    roleOf.set(name, a.role);
    vars[name] = String(workerPort(a.port, worker));
  }
  return { vars };
}

export type EnvFormat = 'dotenv' | 'shell' | 'json';
export const ENV_FORMATS = ['dotenv', 'shell', 'json', 'github'] as const;

/** The variables as text. Values are ports and service names; a name berth.yaml already flags is still quoted safely. */
export function formatEnv(vars: Record<string, string>, format: EnvFormat): string {
  if (format === 'json') return JSON.stringify(vars, null, 2) + '\n';
  const prefix = format === 'shell' ? 'export ' : '';
  return Object.entries(vars)
    .map(([k, v]) => `${prefix}${k}=${/^[\w.-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`}\n`)
    .join('');
}
