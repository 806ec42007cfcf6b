// `berth down <service> [--worker N] [--root DIR] [--volumes] [--json] [--no-wait] [--host URL]`
// Stops the service's stack (worker N's instance; other workers' are left alone) in reverse dependency order
// and removes its containers and network (named volumes only with --volumes). Another process starting or
// cleaning the same instance is waited for (--no-wait: fail at once). Exit 0: all removed; 1: something could not
// be removed, no engine, or busy with --no-wait; 2: bad usage or an unusable berth.yaml.
import { instanceText } from '../engine/labels';
import { stopStack } from '../stack/runner';
import type { CliIo } from './io';
import { SignalRelay } from './signals';
import { lockLine, prepareStackCommand, seconds } from './up';

export const USAGE =
  'usage: berth down <service> [--worker N] [--root DIR] [--volumes] [--json] [--no-wait] [--host URL]';

export async function run(args: string[], io: CliIo): Promise<number> {
  const prep = await prepareStackCommand('down', USAGE, args, io, { volumes: { type: 'boolean' } } as const);
  if ('code' in prep) return prep.code;
  const { service, worker, config, engine, values } = prep;
  const what = instanceText(service, worker);
  const json = !!values.json;
  // Ctrl-C while waiting for another holder gives up; a stop that began finishes (a second one exits at once).
  const signals = new SignalRelay();
  try {
    const result = await stopStack({
      engine,
      config,
      service,
      worker,
      removeVolumes: !!values.volumes,
      caller: 'berth down',
      wait: !values['no-wait'],
      signal: signals.signal,
      onEvent: (e) => {
        const told = lockLine('down', e);
        if (told) io.stderr.write(told + '\n');
        if (json || e.type !== 'step') return;
        if (e.phase === 'removed')
          io.stdout.write(`  ✓ ${(e.step ?? '?').padEnd(12)}  removed in ${seconds(e.ms ?? 0)}  (${e.detail})\n`);
      },
    });
    if (result.notStarted) {
      for (const e of result.errors) io.stderr.write(`berth down: ${e}\n`);
      return result.notStarted === 'cancelled' ? signals.exitCode() : 1;
    }
    if (json) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else {
      const nets = result.removed.filter((r) => r.kind !== 'container');
      for (const r of nets) io.stdout.write(`  ✓ ${r.kind} ${r.name} removed\n`);
      if (result.removed.length === 0) io.stdout.write(`Nothing of ${what}'s stack was running.\n`);
      else io.stdout.write(`Stack of ${what} stopped.\n`);
    }
    for (const e of result.errors) io.stderr.write(`berth down: ${e}\n`);
    for (const w of result.warnings) io.stderr.write(`berth down: warning: ${w}\n`);
    return result.ok ? 0 : 1;
  } finally {
    signals.dispose();
    engine.close();
  }
}
