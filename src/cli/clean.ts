// `berth clean <service> [--root DIR] [--dry-run] [--yes] [--include-foreign] [--json]`
// Plans the cleanup of ONE service's host ports, prints the plan, and acts on the preselected items
// (plus foreign processes with --include-foreign) after confirmation: --yes, or an answer typed on a
// terminal. It refuses to act when stdin is not a terminal and --yes is missing.
// It holds the service's lock while acting (waiting for an up/down/run of it in another process; --no-wait fails
// at once). Ctrl-C / SIGTERM while acting: the action under way finishes, the rest is skipped, and the report
// says what was done (a second one exits at once).
// Exit 0: every port of the service ends free (or served by its own running container);
// 1: some port stays held, or the service is busy (--no-wait); 2: bad usage, no berth.yaml, unknown service;
// 128+N: stopped by signal N after reporting what was done.
import { createInterface } from 'node:readline';
import { executeCleanup } from '../cleanup/execute';
import type { CleanupItem, CleanupPlan, CleanupReport } from '../cleanup/model';
import { defaultSelection, planCleanup, UnknownServiceError } from '../cleanup/plan';
import { connectEngine, EngineUnreachableError, namedHost, type Engine } from '../engine/connection';
import { gvproxyOptionsFromEnv, type GvproxyApiOptions } from '../host/gvproxy';
import { LockBusyError } from '../host/locks';
import { describeHolder } from '../model/holderText';
import { describeInterrupted } from '../model/interrupted';
import { parseCommandArgs, resolveRoot, usageFailure, UsageError } from './args';
import type { CliIo } from './io';
import { SignalRelay } from './signals';
import { openConfig } from './workspace';
import { errorText } from '../core/errorText';

export const USAGE =
  'usage: berth clean <service> [--root DIR] [--dry-run] [--yes] [--include-foreign] [--json] [--no-wait] [--host URL] [--grace-ms N] [--podman-machine NAME]';

const VERB: Record<CleanupItem['action'], string> = {
  'remove-container': 'remove container',
  'terminate-process': 'end process',
  'unexpose-forward': 'unexpose gvproxy forward',
  'kill-gvproxy': 'END GVPROXY (last resort)',
  none: 'leave',
};

function subject(i: CleanupItem): string {
  if (i.container)
    return `${i.container.name} (${i.container.state}${i.container.health ? `, ${i.container.health}` : ''})`;
  if (i.forward) return `${i.forward.protocol}/${i.forward.local} → ${i.forward.remote}`;
  if (i.holder) return describeHolder(i.holder);
  return '';
}

function portsText(i: CleanupItem, plan: CleanupPlan): string {
  return i.ports
    .map((p) => {
      const role = plan.ports.find((x) => x.port === p)?.role;
      return role ? `${role} ${p}` : String(p);
    })
    .join(', ');
}

function formatPlan(plan: CleanupPlan, selected: Set<string>): string {
  const out: string[] = [];
  out.push(
    `Cleanup plan for service ${plan.service}${plan.engine ? ` (${plan.engine.kind} at ${plan.engine.socket})` : ' (no engine)'}`,
  );
  if (plan.engineError) out.push(`  engine: ${plan.engineError}`);
  if (plan.interrupted) out.push(`  interrupted: ${describeInterrupted(plan.interrupted)} died mid-way`);
  out.push(
    `  ports: ${plan.ports.map((p) => `${p.role ? `${p.role} ` : ''}${p.port} ${p.state ?? ''}`.trim()).join(', ') || 'none'}`,
  );
  for (const w of plan.warnings) out.push(`  warning: ${w}`);
  const act = plan.items.filter((i) => i.action !== 'none');
  if (act.length) {
    out.push('', 'To clean ([x] = selected):');
    act.forEach((i, n) => {
      out.push(
        `  ${String(n + 1).padStart(2)} [${selected.has(i.id) ? 'x' : ' '}] ${VERB[i.action]} ${subject(i)}${i.ports.length ? ` — ports ${portsText(i, plan)}` : ''}${i.foreign ? ' (foreign)' : ''}`,
      );
      out.push(`        why: ${i.why}`);
      if (i.risk) out.push(`        risk: ${i.risk}`);
      out.push(`        id: ${i.id}`);
    });
  }
  const left = plan.items.filter((i) => i.action === 'none');
  if (left.length) {
    out.push('', 'Left alone:');
    for (const i of left) out.push(`  ${i.ports.length ? `${portsText(i, plan)}: ` : ''}${i.why}`);
  }
  return out.join('\n') + '\n';
}

function formatReport(report: CleanupReport): string {
  const out: string[] = ['', 'Result:'];
  for (const a of report.actions) out.push(`  ${a.outcome.padEnd(12)} ${a.id}: ${a.detail}`);
  for (const i of report.ignored) out.push(`  ${'ignored'.padEnd(12)} ${i.id}: ${i.reason}`);
  out.push('Ports now:');
  for (const p of report.ports) out.push(`  ${p.role ? `${p.role} ` : ''}${p.port}: ${p.detail}`);
  if (report.interrupted) {
    const done = report.actions.filter((a) => a.outcome !== 'skipped').length;
    out.push(`Interrupted: ${done} of ${report.actions.length} action(s) done, the rest skipped.`);
  }
  return out.join('\n') + '\n';
}

/** Reads one line from a terminal. */
function ask(io: CliIo, question: string): Promise<string> {
  return new Promise((res) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    rl.question(question, (answer) => {
      res(answer.trim()); // before close(): its handler answers '' (stdin ended) otherwise
      rl.close();
    });
    rl.on('close', () => res(''));
  });
}

/** "y" keeps the selection; numbers pick items by their number in the printed plan; anything else aborts. */
export function selectionFromAnswer(answer: string, plan: CleanupPlan, preselected: string[]): string[] | string {
  const a = answer.toLowerCase();
  if (a === 'y' || a === 'yes') return preselected;
  if (a === '' || a === 'n' || a === 'no') return [];
  const act = plan.items.filter((i) => i.action !== 'none');
  const picked: string[] = [];
  for (const tok of a.split(/[\s,]+/).filter(Boolean)) {
    const n = Number(tok);
    if (!Number.isInteger(n) || n < 1 || n > act.length) return `"${tok}" is not an item number (1–${act.length})`;
    picked.push(act[n - 1].id);
  }
  return picked;
}

function dryRunCode(plan: CleanupPlan): number {
  return plan.ports.every((p) => p.state !== 'held') ? 0 : 1;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let values;
  let service: string;
  let graceMs: number | undefined;
  try {
    const parsed = parseCommandArgs(
      args,
      {
        root: { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        'include-foreign': { type: 'boolean' },
        json: { type: 'boolean' },
        host: { type: 'string' },
        'grace-ms': { type: 'string' },
        'podman-machine': { type: 'string' },
        'no-wait': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      { maxPositionals: 1 },
    );
    values = parsed.values;
    if (values.help) {
      io.stdout.write(USAGE + '\n');
      return 0;
    }
    if (!parsed.positionals[0]) throw new UsageError('which service? name one from berth.yaml');
    service = parsed.positionals[0];
    if (values['grace-ms'] !== undefined) {
      graceMs = Number(values['grace-ms']);
      if (!Number.isInteger(graceMs) || graceMs < 0)
        throw new UsageError(`--grace-ms must be a whole number of milliseconds (got '${values['grace-ms']}')`);
    }
    if (values['dry-run'] && values.yes) throw new UsageError('--dry-run and --yes contradict each other');
  } catch (e) {
    return usageFailure('clean', USAGE, e, io);
  }

  const loaded = await openConfig('clean', resolveRoot(values.root, [], io.cwd), io);
  if (!loaded) return 2;
  const { config } = loaded;
  if (!config.services.some((s) => s.name === service)) {
    io.stderr.write(`berth clean: ${new UnknownServiceError(service, config).message}\n`);
    return 2;
  }

  let engine: Engine | undefined;
  let engineError: string | undefined;
  try {
    // A slow engine is waited for (10 s): planning without it would leave its forwarders unjudged.
    engine = await connectEngine({ host: values.host, env: process.env, timeoutMs: 10_000 });
  } catch (e) {
    engineError = e instanceof EngineUnreachableError ? e.message : `engine: ${errorText(e)}`;
  }
  // The ports of a named remote engine are on its machine: without it, this machine's holders are not the plan.
  const named = namedHost({ host: values.host, env: process.env });
  if (!engine && named && named.kind !== 'local') {
    io.stderr.write(`berth clean: ${engineError}; nothing is cleaned on this machine for an engine on ${named.name}\n`);
    return 1;
  }
  let gvproxy: GvproxyApiOptions;
  try {
    gvproxy = gvproxyOptionsFromEnv(process.env, values['podman-machine']);
  } catch (e) {
    io.stderr.write(`berth clean: ${errorText(e)}\n`);
    engine?.close();
    return 2;
  }

  let signals: SignalRelay | undefined;
  try {
    const plan = await planCleanup({ engine, engineError, config, service, gvproxy });
    const preselected = defaultSelection(plan, { includeForeign: values['include-foreign'] });
    const json = (extra: object) =>
      io.stdout.write(JSON.stringify({ plan, selected: preselected, ...extra }, null, 2) + '\n');
    if (!values.json) io.stdout.write(formatPlan(plan, new Set(preselected)));
    const actionable = plan.items.some((i) => i.action !== 'none');

    if (values['dry-run'] || !actionable) {
      if (values.json) json({ dryRun: !!values['dry-run'] });
      else io.stdout.write(values['dry-run'] ? '\nDry run: nothing changed.\n' : '\nNothing to clean.\n');
      return dryRunCode(plan);
    }

    let selection = preselected;
    const tty = (io.stdin as { isTTY?: boolean }).isTTY === true;
    if (preselected.length === 0 && (values.yes || !tty)) {
      const hint = plan.items.some((i) => i.foreign) ? ' (foreign processes are selected with --include-foreign)' : '';
      if (values.json) json({ nothingSelected: true });
      else io.stdout.write(`\nNothing is selected${hint}: nothing changed.\n`);
      return dryRunCode(plan);
    }
    if (!values.yes) {
      if (!tty) {
        if (values.json) json({ refused: 'stdin is not a terminal; pass --yes to act' });
        io.stderr.write(
          'berth clean: stdin is not a terminal: refusing to act without --yes (see the plan above, or use --dry-run)\n',
        );
        return 2;
      }
      const answer = await ask(
        io,
        `\nClean the ${preselected.length} selected item(s)? [y/N, or item numbers such as "1 3"] `,
      );
      const picked = selectionFromAnswer(answer, plan, preselected);
      if (typeof picked === 'string') {
        io.stderr.write(`berth clean: ${picked}; nothing changed\n`);
        return 2;
      }
      selection = picked;
    }
    if (selection.length === 0) {
      if (values.json) json({ aborted: true });
      else io.stdout.write('Nothing selected: nothing changed.\n');
      return dryRunCode(plan);
    }

    signals = new SignalRelay((sig) =>
      io.stderr.write(
        `berth clean: ${sig}: finishing the action under way, skipping the rest (again to exit at once)\n`,
      ),
    );
    let report;
    try {
      report = await executeCleanup(plan, selection, {
        engine,
        config,
        graceMs,
        gvproxy,
        signal: signals.signal,
        lock: {
          caller: 'berth clean',
          wait: !values['no-wait'],
          onWait: (message) => io.stderr.write(`berth clean: ${message}; waiting…\n`),
        },
        onProgress: values.json
          ? undefined
          : (r, n, total) => io.stderr.write(`  [${n}/${total}] ${r.outcome} ${r.id}\n`),
      });
    } catch (e) {
      if (e instanceof LockBusyError) {
        io.stderr.write(`berth clean: ${e.message}; nothing changed\n`);
        return 1;
      }
      if (signals.interrupted) {
        io.stderr.write('berth clean: interrupted while waiting for the service; nothing changed\n');
        return signals.exitCode();
      }
      throw e;
    }
    if (values.json) json({ selected: selection, report });
    else io.stdout.write(formatReport(report));
    if (report.interrupted) return signals.exitCode();
    return report.allFree ? 0 : 1;
  } finally {
    signals?.dispose();
    engine?.close();
  }
}
