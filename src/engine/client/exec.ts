// An exec's attached output and exit code (same calls on Docker and Podman's compat API).
import type Dockerode from 'dockerode';
import { demux } from './decode';

export async function collectExec(
  exec: Dockerode.Exec,
  cmd: string[],
  timeoutMs: number,
): Promise<{ exitCode: number | null; output: string }> {
  const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream & { destroy?: () => void };
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy?.();
      reject(new Error(`exec ${cmd[0]} gave no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (e?: Error) => {
      clearTimeout(timer);
      if (e) reject(e);
      else resolve();
    };
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => done());
    stream.on('close', () => done());
    stream.on('error', (e: Error) => done(e));
  });
  // The exit code may land a moment after the stream ends.
  for (let i = 0; i < 20; i++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined)
      return { exitCode: info.ExitCode, output: demux(Buffer.concat(chunks)) };
    await new Promise((r) => setTimeout(r, 25));
  }
  return { exitCode: null, output: demux(Buffer.concat(chunks)) };
}
