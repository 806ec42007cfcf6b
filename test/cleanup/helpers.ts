// Real processes and real containers for the cleanup tests: listeners we spawn (and end), containers
// created directly with dockerode (labels berth.service=…), the gvproxy stand-in, and a workspace on disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import type { Engine } from '../../src/engine/connection';
import { parseBerthYaml } from '../../src/core/berthYaml';
import type { BerthConfig } from '../../src/core/types';
import { isAlive } from '../../src/host/terminate';
import { run as clean } from '../../src/cli/clean';
import { runCommand } from '../support/cli';
import { publish } from '../support/engines';
import { rawDocker } from '../support/rawDocker';

export const TEST_LABEL = 'berth.test';

/** A berth.yaml on disk plus its parsed config. */
export async function workspace(yaml: string): Promise<{ root: string; config: BerthConfig }> {
  const root = await mkdtemp(join(tmpdir(), 'berth-clean-'));
  await writeFile(join(root, 'berth.yaml'), yaml);
  const parsed = parseBerthYaml(yaml);
  if (!parsed.config) throw new Error(`fixture berth.yaml does not parse: ${JSON.stringify(parsed.findings)}`);
  return { root, config: parsed.config };
}

const LISTENER = `
const net = require('node:net');
if (process.argv[2] === 'stubborn') process.on('SIGTERM', () => { process.stdout.write('ignored SIGTERM\\n'); });
const server = net.createServer((s) => s.end());
server.listen(Number(process.argv[1]), () => process.stdout.write('listening\\n'));
`;

/** A node TCP listener on `port` (a "dev server"); resolves once it listens. `stubborn` ignores SIGTERM. */
export async function spawnListener(port: number, stubborn = false): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', LISTENER, String(port), stubborn ? 'stubborn' : ''], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitLine(child, /listening/);
  return child;
}

export function waitLine(child: ChildProcess, re: RegExp, timeoutMs = 15000): Promise<RegExpExecArray> {
  // Listens without consuming the stream to its end: the child keeps a readable stdout (no EPIPE later).
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (err?: Error, m?: RegExpExecArray) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      child.stdout!.resume();
      if (err) reject(err);
      else resolve(m!);
    };
    const onData = (chunk: Buffer) => {
      buf += chunk;
      const m = re.exec(buf);
      if (m) done(undefined, m);
    };
    const onExit = () =>
      done(new Error(`process ${child.pid} ended before printing ${re} (output: ${buf.trim() || 'none'})`));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(new Error(`process ${child.pid} did not print ${re} within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout!.on('data', onData);
    child.on('exit', onExit);
  });
}

/** Ends a child we started (only ours, by pid) and waits for it. */
export async function endChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

export interface ContainerSpec {
  name: string;
  image: string;
  service: string;
  testTag: string;
  /** [hostPort, containerPort] */
  ports?: [number, number][];
  cmd?: string[];
  /** Switch the image's HEALTHCHECK off (health flips under load when others trigger checks). */
  noHealthcheck?: boolean;
  /** Start it; with exit: wait until it has exited (a leftover of an earlier run). */
  start?: 'run' | 'exit' | 'no';
}

export async function createContainer(engine: Engine, spec: ContainerSpec): Promise<string> {
  const { ExposedPorts, PortBindings } = publish(spec.ports);
  const c = await rawDocker(engine).createContainer({
    name: spec.name,
    Image: spec.image,
    Cmd: spec.cmd,
    Labels: { 'berth.service': spec.service, 'berth.step': spec.name, [TEST_LABEL]: spec.testTag },
    ExposedPorts,
    ...(spec.noHealthcheck ? { Healthcheck: { Test: ['NONE'] } } : {}),
    HostConfig: { PortBindings },
  });
  if (spec.start !== 'no') await c.start();
  if (spec.start === 'exit') await c.wait();
  return c.id;
}

/** Starts the gvproxy stand-in under a symlink named gvproxy (so comm and argv[0] read gvproxy). */
export async function startGvproxyStandin(args: string[]): Promise<{ child: ChildProcess; apiPort: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-gvproxy-'));
  const exe = join(dir, 'gvproxy');
  await symlink(process.execPath, exe);
  const script = resolve(__dirname, 'fixtures', 'gvproxy-standin.ts');
  const child = spawn(exe, ['--import', 'tsx', script, '--api', '127.0.0.1:0', ...args], {
    cwd: resolve(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const m = await waitLine(child, /ready (\d+)/);
  const comm = (await readFile(`/proc/${child.pid}/comm`, 'utf8')).trim();
  if (comm !== 'gvproxy') throw new Error(`stand-in comm is "${comm}", not gvproxy`);
  return { child, apiPort: Number(m[1]) };
}

export async function alive(child: ChildProcess): Promise<boolean> {
  return child.pid !== undefined && (await isAlive(child.pid));
}

/** Runs `berth clean` in-process with captured streams and a stdin that is not a terminal. */
export async function runClean(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, out, err } = await runCommand(clean, args, cwd);
  return { code, stdout: out, stderr: err };
}
