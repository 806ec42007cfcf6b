// Runs a berth command in-process, as src/cli/main.ts would, with captured output and a stdin that is not a terminal.
import { PassThrough } from 'node:stream';
import type { CommandRun } from '../../src/cli/io';

export async function runCommand(
  cmd: CommandRun,
  args: string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await cmd(args, { stdout, stderr, stdin: new PassThrough(), cwd });
  return { code, out, err };
}
