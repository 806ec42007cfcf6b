// Exec and logs over the engine API (same calls on Docker and Podman's compat API).
import type Dockerode from 'dockerode';

/** Splits Docker's multiplexed stream format (8-byte headers) when present; plain text otherwise. */
export function demux(buf: Buffer): string {
  if (buf.length < 8 || buf[1] !== 0 || buf[2] !== 0 || buf[3] !== 0 || buf[0] > 2) return buf.toString('utf8');
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const len = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return Buffer.concat(parts).toString('utf8');
}

export async function tailLogs(container: Dockerode.Container, lines = 30): Promise<string[]> {
  try {
    const out = (await container.logs({ stdout: true, stderr: true, follow: false, tail: lines })) as unknown as Buffer;
    const text = demux(Buffer.isBuffer(out) ? out : Buffer.from(String(out)));
    return text
      .split('\n')
      .map((l) => l.replace(/\r$/, ''))
      .filter((l, i, a) => l !== '' || i < a.length - 1)
      .slice(-lines);
  } catch (e) {
    return [`(logs unavailable: ${(e as Error).message})`];
  }
}

export async function allLogs(container: Dockerode.Container): Promise<string> {
  const out = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  return demux(Buffer.isBuffer(out) ? out : Buffer.from(String(out)));
}

/** Runs a command in a running container; resolves with its exit code and combined output. */
export async function execIn(
  container: Dockerode.Container,
  cmd: string[],
  timeoutMs: number,
): Promise<{ exitCode: number | null; output: string }> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream & { destroy?: () => void };
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy?.();
      reject(new Error(`exec ${cmd[0]} gave no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
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
