// `berth check --format json` run in this process, timed: wall and CPU per run. The CPU time is what the
// load of a shared machine cannot inflate, so the benches print it beside the wall time.
import { PassThrough } from 'node:stream';
import { run as runCheck } from '../src/cli/check';

export async function timeCheckInProcess(root: string, runs: number): Promise<{ wall: number; cpu: number }[]> {
  const out: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const sink = new PassThrough();
    sink.resume();
    const t = performance.now();
    const c = process.cpuUsage();
    await runCheck(['--root', root, '--format', 'json'], { stdout: sink, stderr: sink, stdin: sink, cwd: root });
    const used = process.cpuUsage(c);
    out.push({ wall: performance.now() - t, cpu: (used.user + used.system) / 1000 });
  }
  return out;
}
