// A real image registry on loopback for the pull tests: Debian's docker-registry (unpacked by
// scripts/provision/registry.sh into Berth's cache), on a free port of 127.0.0.1, with its config and storage in a
// temp dir. Started and stopped by pid; stop() also removes the temp dir. Beside it: an image that exists only in
// the registry (built here, pushed, removed locally) and a slow front for it, so a pull lasts long enough to watch.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../src/engine/connection';
import { rawDocker } from './rawDocker';

export function registryBinary(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.BERTH_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'berth');
  return join(cache, 'debs-registry', 'root', 'usr', 'bin', 'docker-registry');
}

/** A loopback port nobody listens on right now. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function answers(port: number): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(1000) });
    return r.status === 200;
  } catch {
    return false;
  }
}

export class LoopbackRegistry {
  private proc: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /** host:port, the registry part of image references. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts it and waits (bounded) until /v2/ answers; fails saying how to provision the binary when it is missing. */
  static async start(timeoutMs = 15_000): Promise<LoopbackRegistry> {
    const bin = registryBinary();
    if (!existsSync(bin))
      throw new Error(`docker-registry is not at ${bin}: run scripts/provision.sh (its registry step unpacks it)`);
    const port = await freeLoopbackPort();
    const dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
    const reg = new LoopbackRegistry(port, dir);
    const config = join(dir, 'config.yml');
    writeFileSync(
      config,
      [
        'version: 0.1',
        'log: { level: warn }',
        `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
        `http: { addr: "127.0.0.1:${port}", secret: berth-test }`,
        '',
      ].join('\n'),
    );
    const log = openSync(join(dir, 'registry.log'), 'a');
    let exited: string | undefined;
    try {
      const proc = spawn(bin, ['serve', config], { stdio: ['ignore', log, log] });
      reg.proc = proc;
      proc.on('exit', (code, sig) => (exited = `exited with ${code ?? sig}`));
      proc.on('error', (e) => (exited = e.message));
    } finally {
      closeSync(log);
    }
    const deadline = Date.now() + timeoutMs;
    while (!(await answers(port))) {
      if (exited || Date.now() > deadline) {
        await reg.stop();
        throw new Error(`registry on ${reg.address} ${exited ?? `did not answer within ${timeoutMs} ms`}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return reg;
  }

  /** Stops the process it started (by its pid; SIGKILL after 5 s) and removes its storage. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Follows dockerode's progress stream of a push; rejects with the first error in it. */
function pushed(engine: Engine, ref: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`push of ${ref} did not finish in 30 s`)), 30_000);
    // Without a callback dockerode returns the stream's promise (its typings say void).
    void (
      rawDocker(engine)
        .getImage(ref)
        .push({
          authconfig: { serveraddress: ref.split('/')[0] },
        } as never) as unknown as Promise<NodeJS.ReadableStream>
    )
      .then((stream: NodeJS.ReadableStream) =>
        rawDocker(engine).modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
          clearTimeout(timer);
          const bad = err?.message ?? out.find((o) => o.error)?.error;
          if (bad) reject(new Error(`push of ${ref}: ${bad}`));
          else resolve();
        }),
      )
      .catch((e: unknown) => {
        clearTimeout(timer);
        reject(e as Error);
      });
  });
}

export const removeImage = (engine: Engine, ref: string) =>
  rawDocker(engine)
    .getImage(ref)
    .remove({ force: true })
    .catch(() => undefined);

/**
 * Builds `ref` on the engine from the offline test image plus `bytes` of random data (a layer no engine has),
 * pushes it to the registry it names and removes the local copy: from then on only a pull brings it back.
 */
export async function pushOnly(engine: Engine, ref: string, bytes: number): Promise<void> {
  const ctx = mkdtempSync(join(tmpdir(), 'berth-pull-ctx-'));
  try {
    writeFileSync(join(ctx, 'Dockerfile'), 'FROM localhost/test-http\nCOPY blob /blob\n');
    writeFileSync(join(ctx, 'blob'), randomBytes(bytes));
    await engine.build({
      context: ctx,
      dockerfile: 'Dockerfile',
      tag: ref,
      args: {},
      labels: {},
      signal: AbortSignal.timeout(60_000),
    });
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
  await pushed(engine, ref);
  await removeImage(engine, ref);
}

/**
 * A TCP front on a loopback port that passes what the target sends back at about `bytesPerSecond` (a slow network
 * between the engine and the registry). close() ends it and every connection through it.
 */
export async function slowFront(
  targetPort: number,
  bytesPerSecond: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      upstream.pause();
      client.write(chunk);
      setTimeout(() => upstream.resume(), Math.ceil((chunk.length / bytesPerSecond) * 1000));
    });
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
