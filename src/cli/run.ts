// `berth run <service> [--worker N] [--keep] [--timeout S] [--no-wait] [--root DIR] [--host URL] -- <command…>`
// Brings the service's stack up (a stack already up is reused and left up), runs the command with the worker's
// BERTH_* variables (argv as given, no shell) streaming its output, then takes the stack down unless --keep or it
// was up before. Berth's own lines go to stderr, so the command's stdout stays its own.
// Exit: the command's code; 2 bad usage or an unusable berth.yaml; 125 Berth could not run it (held with
// --no-wait, a port busy, no engine, the stack failed, or teardown failed after the command succeeded);
// 126 not executable; 127 not found; 128+N the command was killed by signal N (130 after Ctrl-C).
import { constants } from 'node:os';
import { connectEngine, type Engine } from '../engine/connection';
import { randomUUID } from 'node:crypto';
import { LockBusyError } from '../host/locks';
import type { PortLease } from '../host/leases';
import { serviceLockName, withServiceLock } from '../host/serviceLock';
import { startStack, stopStack } from '../stack/runner';
import { instanceText } from '../engine/labels';
import { parseCommandArgs, usageFailure, UsageError } from './args';
import { leaseWorkerPorts, openServiceWorker, type ServiceWorker } from './env';
import type { CliIo } from './io';
import { SignalRelay } from './signals';
import { seconds, stepLine } from './up';
import { errorText } from '../core/errorText';
import { ENV_HOST } from '../core/envNames';
import { hostAddress } from '../model/engineHost';

export const USAGE =
  'usage: berth run <service> [--worker N] [--keep] [--timeout SECONDS] [--no-wait] [--root DIR] [--host URL] -- <command> [args…]';

/** Berth's own failures, chosen outside what test commands usually return (docker run uses the same). */
export const EXIT = { usage: 2, berth: 125, notExecutable: 126, notFound: 127 } as const;

function splitCommand(args: string[]): { own: string[]; command: string[] } {
  const i = args.indexOf('--');
  return i < 0 ? { own: args, command: [] } : { own: args.slice(0, i), command: args.slice(i + 1) };
}

export async function run(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { own, command } = splitCommand(args);
  let values;
  let service: string;
  let timeoutMs: number | undefined;
  try {
    let positionals;
    ({ values, positionals } = parseCommandArgs(
      own,
      {
        root: { type: 'string' },
        worker: { type: 'string' },
        keep: { type: 'boolean' },
        timeout: { type: 'string' },
        'no-wait': { type: 'boolean' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      { maxPositionals: 1 },
    ));
    if (values.help) {
      io.stdout.write(USAGE + '\n');
      return 0;
    }
    if (!positionals[0]) throw new UsageError('which service? name one from berth.yaml');
    service = positionals[0];
    if (command.length === 0 || command[0] === '')
      throw new UsageError('which command? give it after --, e.g. berth run we -- go test ./...');
    if (values.timeout !== undefined) {
      timeoutMs = Number(values.timeout) * 1000;
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
        throw new UsageError(`--timeout must be a positive number of seconds (got '${values.timeout}')`);
    }
  } catch (e) {
    return usageFailure('run', USAGE, e, io);
  }
  const sw = await openServiceWorker('run', { service, worker: values.worker, root: values.root }, io, env);
  if (!sw) return EXIT.usage;
  const signals = new SignalRelay();
  const label = `${sw.service.name} worker ${sw.worker}`;
  // The run's id goes into the lock: a run killed mid-up leaves a stack the next up or clean recognises.
  const runId = randomUUID();
  try {
    return await withServiceLock(
      {
        service: sw.service.name,
        worker: sw.worker,
        action: 'run',
        label,
        what: `berth run ${label}`,
        run: runId,
        wait: !values['no-wait'],
        signal: signals.signal,
        onWait: (message) => io.stderr.write(`berth run: ${message}; waiting…\n`),
      },
      () =>
        runLocked(
          sw,
          command,
          { keep: !!values.keep, wait: !values['no-wait'], host: values.host, timeoutMs, runId },
          signals,
          io,
          env,
        ),
    );
  } catch (e) {
    if (signals.signal.aborted) return signals.exitCode();
    if (!(e instanceof LockBusyError && e.lockName === serviceLockName(sw.service.name, sw.worker))) throw e;
    io.stderr.write(`berth run: ${e.message}\n`);
    return EXIT.berth;
  } finally {
    signals.dispose();
  }
}

interface RunFlags {
  keep: boolean;
  wait: boolean;
  host: string | undefined;
  timeoutMs: number | undefined;
  runId: string;
}

/** Everything a run does while it holds the worker's lock: lease, up, command, down. */
async function runLocked(
  sw: ServiceWorker,
  command: string[],
  flags: RunFlags,
  signals: SignalRelay,
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  let lease: PortLease | undefined;
  let engine: Engine | undefined;
  try {
    const what = instanceText(sw.service.name, sw.worker);
    // A stack publishes its ports itself: its preflight checks them (allowing its own containers).
    const hasStack = !!sw.service.stack;
    lease = await leaseWorkerPorts('run', sw, { wait: flags.wait, checkFree: !hasStack }, io);
    if (!lease) return EXIT.berth;
    let upBefore = false;
    if (hasStack) {
      try {
        engine = await connectEngine({ host: flags.host, env });
      } catch (e) {
        io.stderr.write(`berth run: ${errorText(e)}\n`);
        return EXIT.berth;
      }
      const up = await bringUp(sw, engine, flags, signals, io);
      if (up === 'cancelled') return signals.exitCode();
      if (up === 'failed') return EXIT.berth;
      upBefore = up === 'was-up';
    }
    // The stack's ports are on the engine's machine: a remote engine's are not on this one's loopback.
    const host = engine ? { [ENV_HOST]: hostAddress(engine.host) } : {};
    const code = await runCommand(command, { ...env, ...sw.vars, ...host }, signals, io);
    if (!engine || upBefore || flags.keep) {
      if (engine && !upBefore) io.stderr.write(`berth run: stack of ${what} left up (--keep)\n`);
      return code;
    }
    const down = await stopStack({
      engine,
      config: sw.config,
      service: sw.service.name,
      worker: sw.worker,
      caller: 'berth run',
    });
    for (const e of down.errors) io.stderr.write(`berth run: taking the stack down: ${e}\n`);
    if (down.ok) io.stderr.write(`berth run: stack of ${what} taken down\n`);
    return !down.ok && code === 0 ? EXIT.berth : code;
  } finally {
    engine?.close();
    await lease?.release();
  }
}

async function bringUp(
  sw: ServiceWorker,
  engine: Engine,
  flags: RunFlags,
  signals: SignalRelay,
  io: CliIo,
): Promise<'up' | 'was-up' | 'failed' | 'cancelled'> {
  const width = Math.max(8, ...(sw.service.stack?.steps ?? []).map((s) => s.name.length));
  const what = instanceText(sw.service.name, sw.worker);
  io.stderr.write(`Starting stack of ${what} on ${engine.kind} ${engine.version}\n`);
  const result = await startStack({
    engine,
    root: sw.root,
    config: sw.config,
    service: sw.service.name,
    worker: sw.worker,
    timeoutMs: flags.timeoutMs,
    runId: flags.runId,
    caller: 'berth run',
    signal: signals.signal,
    onEvent: (e) => {
      const line = stepLine(e, width);
      if (line) io.stderr.write(line + '\n');
    },
  });
  if (result.ok) {
    io.stderr.write(
      result.alreadyUp
        ? `Stack of ${what} is already up: reused, and left up afterwards.\n`
        : `Stack of ${what} ready in ${seconds(result.totalMs)}.\n`,
    );
    return result.alreadyUp ? 'was-up' : 'up';
  }
  if (result.error?.kind === 'cancelled') {
    io.stderr.write(`berth run: cancelled while starting the stack; what this run created was removed\n`);
    return 'cancelled';
  }
  const err = result.error!;
  io.stderr.write(`berth run: the stack of ${what} did not come up: ${err.message}\n`);
  if (err.logs?.length)
    io.stderr.write(
      `last ${err.logs.length} log line(s) of ${err.step}:\n${err.logs.map((l) => `  | ${l}`).join('\n')}\n`,
    );
  return 'failed';
}

/** Runs argv as given (no shell) with the variables, streaming to our streams; its exit code, or Berth's. */
async function runCommand(argv: string[], env: NodeJS.ProcessEnv, signals: SignalRelay, io: CliIo): Promise<number> {
  const { execa } = await import('execa');
  const ours = io.stdout === process.stdout && io.stderr === process.stderr;
  const child = execa(argv[0], argv.slice(1), {
    env,
    extendEnv: false,
    cwd: io.cwd,
    reject: false,
    stdin: ours ? 'inherit' : 'ignore',
    stdout: ours ? 'inherit' : 'pipe',
    stderr: ours ? 'inherit' : 'pipe',
  });
  if (!ours) {
    child.stdout?.pipe(io.stdout, { end: false });
    child.stderr?.pipe(io.stderr, { end: false });
  }
  signals.forwardTo(child);
  const r = await child;
  signals.forwardTo(undefined);
  const code = (r as { code?: string }).code;
  if (code === 'ENOENT') {
    io.stderr.write(`berth run: command not found: ${argv[0]}\n`);
    return EXIT.notFound;
  }
  if (code === 'EACCES') {
    io.stderr.write(`berth run: not executable: ${argv[0]}\n`);
    return EXIT.notExecutable;
  }
  if (r.signal) return 128 + (constants.signals[r.signal] ?? 0);
  return r.exitCode ?? EXIT.berth;
}
