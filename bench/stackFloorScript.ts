// One run of bench/stack-floor.sh, the floor as a team hand-writes it on the engine's CLI: time to ready is from
// the spawn of bash to its `mark ds ready` line (its trap's removal afterwards is not counted, as Berth's stop is
// not), and its timeline is its own marks moved onto the bench's clock.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FloorPorts } from './stackFloor';
import { SOCKETS, type Kind } from './stackBench';

const SCRIPT = join(__dirname, 'stack-floor.sh');

export async function floorScriptRun(
  kind: Kind,
  ports: FloorPorts,
  demoDir: string,
): Promise<{ ms: number; timeline: Record<string, number> }> {
  const { execa } = await import('execa');
  const args = [SCRIPT, kind, String(ports.postgres), String(ports.redis), String(ports.http), demoDir];
  const marks: { step: string; at: number; seen: number }[] = [];
  let buffered = '';
  const t0 = performance.now();
  // The docker CLI is pointed at the bench's engine; the podman CLI runs libpod on the service's storage.
  const child = execa('bash', args, {
    reject: false,
    timeout: 120_000,
    env: kind === 'docker' ? { DOCKER_HOST: SOCKETS.docker } : {},
  });
  child.stdout?.on('data', (d: Buffer) => {
    const seen = performance.now() - t0;
    const lines = (buffered + d.toString('utf8')).split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^mark (.+) (\d+)$/.exec(line);
      if (m) marks.push({ step: m[1], at: Number(m[2]), seen });
    }
  });
  const r = await child;
  const ready = marks.find((m) => m.step === 'ds ready');
  if (r.exitCode !== 0 || !ready)
    throw new Error(`stack-floor.sh ${kind}: exit ${r.exitCode}${r.timedOut ? ' (timed out)' : ''}: ${r.stderr}`);
  // A line is read no earlier than it was written: the smallest lag is the script's start on the bench's clock.
  const start = Math.min(...marks.map((m) => m.seen - m.at));
  const timeline: Record<string, number> = { 'bash started': Math.round(start) };
  for (const m of marks) timeline[m.step] = Math.round(start + m.at);
  return { ms: ready.seen, timeline };
}
