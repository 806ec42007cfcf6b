// `berth up <service> [--worker N] [--root DIR] [--timeout S] [--json] [--keep] [--rebuild] [--pull POLICY] [--no-wait] [--host URL]`
// Starts the service's stack (dependency order, readiness-gated) and prints one line per step with its
// timing; worker K's instance (--worker, else the test runner's variables) has its own names and ports; an image
// pull is a live line on a terminal, one line per finished layer on a pipe. Another process working on the same
// instance (a second terminal, the editor) is waited for, with a line naming it; --no-wait fails at once instead.
// Ctrl-C / SIGTERM cancel as the editor's Cancel does (what this run created is removed unless --keep); a second
// one exits at once. Exit 0: ready (or already up); 1: a step failed, preflight refused, the service is busy
// (--no-wait), or no engine (error and the failing container's last log lines on stderr); 2: bad usage or an
// unusable berth.yaml; 128+N: cancelled by signal N (130 after Ctrl-C).
import { connectEngine, type Engine } from '../engine/connection';
import type { BerthConfig } from '../core/types';
import { startStack, type StackEvent } from '../stack/runner';
import { instanceText } from '../engine/labels';
import { parseCommandArgs, resolveRoot, usageFailure, UsageError, type OptionSpec } from './args';
import type { CliIo } from './io';
import { SignalRelay } from './signals';
import { openConfig, reportUnusable } from './workspace';
import { errorText } from '../core/errorText';
import { chooseWorker, workerProblem } from '../core/envNames';
import { PULL_POLICIES, type PullPolicy } from '../core/types';
import { pullLine } from '../model/pull';
import { LiveLine } from './liveLine';

export const USAGE =
  'usage: berth up <service> [--worker N] [--root DIR] [--timeout SECONDS] [--json] [--keep] [--rebuild] [--pull missing|always|never] [--no-wait] [--host URL]';

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Lines for the stack events both `up` and `down` print: waiting for another holder, an interrupted run found. */
export function lockLine(command: 'up' | 'down', e: StackEvent): string | undefined {
  if (e.type !== 'stack') return undefined;
  if (e.phase === 'waiting') return `berth ${command}: ${e.detail}; waiting…`;
  if (e.phase === 'interrupted') return `berth ${command}: ${e.detail}`;
  return undefined;
}

/** Argument parsing, berth.yaml loading and engine connection shared by `up` and `down`. */
export async function prepareStackCommand<T extends Record<string, OptionSpec>>(
  command: 'up' | 'down',
  usage: string,
  args: string[],
  io: CliIo,
  extra: T,
  /** A usage problem with the option values (told before berth.yaml or the engine is read), if any. */
  check: (values: Record<string, string | boolean | undefined>) => string | undefined = () => undefined,
): Promise<
  | { code: number }
  | {
      service: string;
      /** The worker whose instance of the stack to act on. */
      worker: number;
      root: string;
      config: BerthConfig;
      engine: Engine;
      values: Record<string, string | boolean | undefined>;
    }
> {
  let values: Record<string, string | boolean | undefined>;
  let service: string;
  try {
    const parsed = parseCommandArgs(
      args,
      {
        root: { type: 'string' },
        json: { type: 'boolean' },
        host: { type: 'string' },
        worker: { type: 'string' },
        'no-wait': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...extra,
      },
      { maxPositionals: 1 },
    );
    values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      io.stdout.write(usage + '\n');
      return { code: 0 };
    }
    if (!parsed.positionals[0]) throw new UsageError('which service? name one from berth.yaml');
    const bad = check(values);
    if (bad) throw new UsageError(bad);
    service = parsed.positionals[0];
  } catch (e) {
    return { code: usageFailure(command, usage, e, io) };
  }
  const root = resolveRoot(values.root as string | undefined, [], io.cwd);
  const loaded = await openConfig(command, root, io);
  if (!loaded) return { code: 2 };
  const { ws, config } = loaded;
  const svc = config.services.find((s) => s.name === service);
  // Only the findings of this service's stack make it unusable; other services' problems do not.
  const blocking = ws.parse.findings.filter(
    (f) => f.severity === 'error' && f.service === service && (f.code === 'stack' || f.code === 'schema'),
  );
  if (command === 'up' && blocking.length) {
    reportUnusable(command, ws.configPath, blocking, io);
    return { code: 2 };
  }
  if (!svc) {
    io.stderr.write(
      `berth ${command}: no service "${service}" in ${config.file} (services: ${config.services.map((s) => s.name).join(', ') || 'none'})\n`,
    );
    return { code: 2 };
  }
  if (command === 'up' && !svc.stack) {
    io.stderr.write(`berth up: service "${service}" has no stack in ${config.file}\n`);
    return { code: 2 };
  }
  const choice = chooseWorker(values.worker as string | undefined, process.env);
  const workerError = 'error' in choice ? choice.error : workerProblem(svc, choice.worker);
  if (workerError || 'error' in choice) {
    io.stderr.write(`berth ${command}: ${workerError}\n`);
    return { code: 2 };
  }
  let engine: Engine;
  try {
    engine = await connectEngine({ host: values.host as string | undefined, env: process.env });
  } catch (e) {
    io.stderr.write(`berth ${command}: ${errorText(e)}\n`);
    return { code: 1 };
  }
  return { service, worker: choice.worker, root, config, engine, values };
}

export function stepLine(e: StackEvent, width: number): string | undefined {
  if (e.type !== 'step' || !e.step) return undefined;
  const name = e.step.padEnd(width);
  switch (e.phase) {
    case 'ready':
      return `  ✓ ${name}  ready in ${seconds(e.ms ?? 0)}  (at ${seconds(e.at)})`;
    case 'reused':
      return `  ✓ ${name}  already up`;
    case 'failed':
      return `  ✗ ${name}  failed at ${seconds(e.at)}`;
    case 'building':
      return `  … ${name}  building image`;
    case 'pulling':
      return e.pull && `  ${e.pull.complete ? '✓' : '↓'} ${name}  ${pullLine(e.pull)}`;
    default:
      return undefined;
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const prep = await prepareStackCommand(
    'up',
    USAGE,
    args,
    io,
    {
      timeout: { type: 'string' },
      keep: { type: 'boolean' },
      rebuild: { type: 'boolean' },
      pull: { type: 'string' },
    } as const,
    (v) =>
      v.pull === undefined || PULL_POLICIES.includes(v.pull as PullPolicy)
        ? undefined
        : `--pull must be ${PULL_POLICIES.join(', ')} (got '${String(v.pull)}')`,
  );
  if ('code' in prep) return prep.code;
  const { service, worker, root, config, engine, values } = prep;
  const what = instanceText(service, worker);
  const pull = values.pull as PullPolicy | undefined;
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout) * 1000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      engine.close();
      io.stderr.write(`berth up: --timeout must be a positive number of seconds (got '${values.timeout}')\n${USAGE}\n`);
      return 2;
    }
  }
  const json = !!values.json;
  const steps = config.services.find((s) => s.name === service)!.stack?.steps ?? [];
  const width = Math.max(8, ...steps.map((s) => s.name.length));
  if (!json) io.stdout.write(`Starting stack of ${what} on ${engine.kind} ${engine.version} (${engine.socket})\n`);
  const live = new LiveLine(io.stdout);
  const signals = new SignalRelay((sig) =>
    io.stderr.write(
      `berth up: ${sig}: cancelling; ${values.keep ? 'what this run created is kept (--keep)' : 'removing what this run created'} (again to exit at once)\n`,
    ),
  );
  try {
    const result = await startStack({
      engine,
      root,
      config,
      service,
      worker,
      timeoutMs,
      signal: signals.signal,
      keepOnFailure: !!values.keep,
      rebuild: !!values.rebuild,
      pull,
      caller: 'berth up',
      wait: !values['no-wait'],
      onEvent: (e) => {
        const told = lockLine('up', e);
        if (told) io.stderr.write(told + '\n');
        const line = json ? undefined : stepLine(e, width);
        if (!line) return;
        if (e.pull) live.update(line, e.pull.milestone, e.pull.complete);
        else live.line(line);
      },
    });
    live.end();
    if (json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    for (const w of result.warnings) io.stderr.write(`berth up: warning: ${w}\n`);
    if (result.ok) {
      if (!json)
        io.stdout.write(
          result.alreadyUp
            ? `Stack of ${what} is already up.\n`
            : `Stack of ${what} ready in ${seconds(result.totalMs)}.\n`,
        );
      return 0;
    }
    const err = result.error!;
    if (err.kind === 'cancelled') {
      io.stderr.write(
        `berth up: cancelled; ${values.keep ? 'what this run created was kept (--keep)' : 'what this run created was removed'}\n`,
      );
      return signals.exitCode();
    }
    io.stderr.write(
      `berth up: ${err.kind === 'preflight' ? 'refused before creating anything:\n  ' + err.message.split('\n').join('\n  ') : err.message}\n`,
    );
    if (err.logs?.length)
      io.stderr.write(
        `last ${err.logs.length} log line(s) of ${err.step}:\n${err.logs.map((l) => `  | ${l}`).join('\n')}\n`,
      );
    if (err.kind === 'config') return 2;
    return 1;
  } finally {
    signals.dispose();
    engine.close();
  }
}
