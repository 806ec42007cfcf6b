// Bench: which probe schedule gets a fresh postgres seen ready soonest (not a test). Each exec probe costs the
// engine a process in the container, and on 2 shared cores a tight loop competes with postgres's own start-up, so
// the cap of the backoff is picked here: for each schedule, a fresh postgres:16-alpine (the demo's step) is
// started and polled with Berth's own waitReady (`exec pg_isready -h 127.0.0.1`) until it passes; rounds
// interleave the schedules (rotated) so load drift hits all alike. Prints median and p90 time from start to ready
// and the median number of execs per schedule.
// Run: node --import tsx bench/probeSchedule.ts [--engines docker,podman] [--rounds N] [--variants 50,250,50w,250w]
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { connectEngine } from '../src/engine/connection';
import { resolveStack } from '../src/stack/resolve';
import { waitReady, type ProbeSchedule } from '../src/stack/readiness';
import { rawDocker } from '../test/support/rawDocker';
import { median, percentile } from './measure';
import { benchArgs, DEMO, demoStackConfig, SOCKETS } from './stackBench';

const { opt, engines } = benchArgs();
const rounds = Number(opt('--rounds') ?? 5);
// A cap, with "w" when the probe is also woken by the container's output (Berth's default).
const variants = (opt('--variants') ?? '50,250,50w,250w').split(',');
const NAME = 'benchprobe_postgres';
const PORT = 22921;

async function main(): Promise<void> {
  const out = [
    `load average at the start: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (2 cores)`,
  ];
  const config = demoStackConfig('benchprobe', { postgres: PORT });
  const stack = await resolveStack(DEMO, config, 'benchprobe', 1);
  const step = stack.steps.find((s) => s.name === 'postgres')!;
  for (const kind of engines) {
    const engine = await connectEngine({ host: SOCKETS[kind], timeoutMs: 5000 });
    const docker = rawDocker(engine);
    const remove = () =>
      docker
        .getContainer(NAME)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    const times = new Map(variants.map((v) => [v, [] as number[]]));
    const execs = new Map(variants.map((v) => [v, [] as number[]]));
    try {
      for (let r = 0; r < rounds; r++) {
        for (let i = 0; i < variants.length; i++) {
          const v = variants[(r + i) % variants.length];
          const cap = parseInt(v, 10);
          const schedule: ProbeSchedule = { firstDelayMs: Math.min(20, cap), factor: 1.5, maxDelayMs: cap };
          await remove();
          const c = await docker.createContainer({
            name: NAME,
            Image: 'postgres:16-alpine',
            Env: step.env,
            ExposedPorts: { '5432/tcp': {} },
            HostConfig: { PortBindings: { '5432/tcp': [{ HostPort: String(PORT) }] } },
          });
          const t0 = performance.now();
          await c.start();
          const { attempts } = await waitReady(engine, c.id, step, 60_000, new AbortController().signal, {
            schedule,
            wakeOnOutput: v.endsWith('w'),
          });
          times.get(v)!.push(performance.now() - t0);
          execs.get(v)!.push(attempts);
        }
      }
    } finally {
      await remove();
      engine.close();
    }
    out.push(`${kind} ${engine.version}, ${rounds} rounds, postgres start → pg_isready passes:`);
    for (const v of variants) {
      const t = times.get(v)!;
      const cap = parseInt(v, 10);
      out.push(
        `  backoff 20 ms ×1.5 capped at ${String(cap).padStart(3)} ms${v.endsWith('w') ? ', woken by output' : ''}: median ${median(t).toFixed(0)} ms, p90 ${percentile(t, 0.9).toFixed(0)} ms, execs ${median(execs.get(v)!)} (runs ${t.map((x) => x.toFixed(0)).join(', ')})`,
      );
    }
  }
  out.push(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((e) => {
  process.stderr.write(`bench/probeSchedule: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
