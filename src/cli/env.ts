// `berth env <service> [--worker N] [--format dotenv|shell|json|github] [--lease [--no-wait]] [--root DIR]`
// Prints the service's ports as BERTH_<ROLE>_PORT variables (plus BERTH_SERVICE and BERTH_WORKER) for one
// worker, so tests read them instead of hard-coding a second copy. github appends them to $GITHUB_ENV.
// --lease first checks the ports free and leases them to the process that ran berth env, until it exits.
// Exit 0: printed; 1: a port is busy or leased (--no-wait); 2: bad usage, an unknown service, a worker beyond
// `workers:`, or an unusable berth.yaml.
import { appendFile } from 'node:fs/promises';
import { chooseWorker, formatEnv, portVarName, serviceEnv, ENV_FORMATS, type EnvFormat } from '../core/envNames';
import type { BerthConfig, ServiceDef } from '../core/types';
import { describeLockHolder, LockBusyError } from '../host/locks';
import { leasePorts, PortBusyError, type PortLease } from '../host/leases';
import { parseCommandArgs, resolveRoot, usageFailure, UsageError } from './args';
import type { CliIo } from './io';
import { openConfig } from './workspace';
import { errorText } from '../core/errorText';

export const USAGE = `usage: berth env <service> [--worker N] [--format ${ENV_FORMATS.join('|')}] [--lease [--no-wait]] [--root DIR]`;

export interface ServiceWorker {
  root: string;
  config: BerthConfig;
  service: ServiceDef;
  worker: number;
  /** Where the worker number came from: '--worker', 'default' or the variable that named it. */
  workerSource: string;
  vars: Record<string, string>;
}

/**
 * berth.yaml, the service and its worker's variables, for `env` and `run`; or undefined after saying why on
 * stderr (the command then exits 2). The worker comes from --worker, else the test runner's variables.
 */
export async function openServiceWorker(
  command: string,
  opts: { service: string; worker?: string; root?: string },
  io: CliIo,
  env: Record<string, string | undefined>,
): Promise<ServiceWorker | undefined> {
  const root = resolveRoot(opts.root, [], io.cwd);
  const loaded = await openConfig(command, root, io);
  if (!loaded) return undefined;
  const { config } = loaded;
  const service = config.services.find((s) => s.name === opts.service);
  if (!service) {
    io.stderr.write(
      `berth ${command}: no service "${opts.service}" in ${config.file} (services: ${config.services.map((s) => s.name).join(', ') || 'none'})\n`,
    );
    return undefined;
  }
  const choice = chooseWorker(opts.worker, env);
  if ('error' in choice) {
    io.stderr.write(`berth ${command}: ${choice.error}\n`);
    return undefined;
  }
  const res = serviceEnv(service, choice.worker);
  if ('error' in res) {
    const from = choice.source === '--worker' ? '' : ` (worker ${choice.worker} from ${choice.source})`;
    io.stderr.write(`berth ${command}: ${res.error}${from}\n`);
    return undefined;
  }
  return { root, config, service, worker: choice.worker, workerSource: choice.source, vars: res.vars };
}

export async function run(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseCommandArgs(
      args,
      {
        root: { type: 'string' },
        worker: { type: 'string' },
        format: { type: 'string', choices: ENV_FORMATS },
        lease: { type: 'boolean' },
        'no-wait': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      { maxPositionals: 1 },
    ));
    if (values.help) {
      io.stdout.write(USAGE + '\n');
      return 0;
    }
    if (!positionals[0]) throw new UsageError('which service? name one from berth.yaml');
  } catch (e) {
    return usageFailure('env', USAGE, e, io);
  }
  const format = (values.format ?? 'dotenv') as (typeof ENV_FORMATS)[number];
  const githubEnv = env.GITHUB_ENV;
  if (format === 'github' && !githubEnv) {
    io.stderr.write('berth env: --format github appends to the file named by $GITHUB_ENV, which is not set\n');
    return 2;
  }
  const sw = await openServiceWorker(
    'env',
    { service: positionals[0], worker: values.worker, root: values.root },
    io,
    env,
  );
  if (!sw) return 2;
  if (values.lease) {
    const got = await leaseWorkerPorts('env', sw, { wait: !values['no-wait'], forPid: process.ppid }, io);
    if (!got) return 1;
  }
  if (format !== 'github') {
    io.stdout.write(formatEnv(sw.vars, format as EnvFormat));
    return 0;
  }
  try {
    await appendFile(githubEnv!, formatEnv(sw.vars, 'dotenv'));
  } catch (e) {
    io.stderr.write(`berth env: cannot append to $GITHUB_ENV (${githubEnv}): ${errorText(e)}\n`);
    return 2;
  }
  io.stdout.write(`wrote ${Object.keys(sw.vars).length} variables of ${sw.service.name} to $GITHUB_ENV\n`);
  return 0;
}

/** The ports of the worker, leased (and checked free unless checkFree is false); undefined after saying why. */
export async function leaseWorkerPorts(
  command: string,
  sw: ServiceWorker,
  opts: { wait: boolean; forPid?: number; checkFree?: boolean; signal?: AbortSignal },
  io: CliIo,
): Promise<PortLease | undefined> {
  const ports = sw.service.ports.map((a) => Number(sw.vars[portVarName(a.role)]));
  const what = `berth ${command} ${sw.service.name} worker ${sw.worker}`;
  try {
    return await leasePorts(ports, {
      what,
      ...opts,
      onWait: (port, h) => io.stderr.write(`berth ${command}: ${describeLockHolder(`port ${port}`, h)}; waiting…\n`),
    });
  } catch (e) {
    if (!(e instanceof LockBusyError) && !(e instanceof PortBusyError)) throw e;
    io.stderr.write(`berth ${command}: ${e.message}\n`);
    return undefined;
  }
}
