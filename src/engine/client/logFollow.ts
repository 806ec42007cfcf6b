// Following a container's logs: the engine's follow stream (Docker's 8-byte frames, or raw for a TTY container)
// split into lines per stream with the engine's timestamps, from the last `tail` lines on. The stream ends by itself
// when the container stops or is removed; stop() ends it from our side.
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';

export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** The engine's RFC 3339 timestamp of the line, when it sent one. */
  time?: string;
  text: string;
}

/** Why following ended: the engine closed the stream (container stopped or gone), stop() was called, or an error. */
export type FollowEnd = { reason: 'ended' } | { reason: 'stopped' } | { reason: 'error'; error: string };

export interface LogFollow {
  /** Resolves once, when no more lines will come. */
  readonly done: Promise<FollowEnd>;
  stop(): void;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;

/** Splits one stream's chunks into lines, keeping the unfinished tail for the next chunk. */
export class LineSplitter {
  private rest = '';
  constructor(private readonly emit: (line: string) => void) {}
  push(chunk: string): void {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.emit(p.endsWith('\r') ? p.slice(0, -1) : p);
  }
  /** The last line, when the stream ended without a newline. */
  flush(): void {
    if (this.rest) this.emit(this.rest);
    this.rest = '';
  }
}

/** "2026-12-01T11:45:24.123456789Z text" → its time and text; a line without a stamp keeps its text. */
export function splitStamp(line: string): { time?: string; text: string } {
  const m = STAMP.exec(line);
  return m ? { time: m[1], text: line.slice(m[0].length) } : { text: line };
}

export async function followContainerLogs(
  docker: Dockerode,
  id: string,
  opts: { tail: number; onLine: (l: LogLine) => void },
): Promise<LogFollow> {
  const container = docker.getContainer(id);
  const tty = !!(await container.inspect()).Config?.Tty;
  const stream = (await container.logs({
    follow: true,
    stdout: true,
    stderr: true,
    timestamps: true,
    tail: opts.tail,
  })) as unknown as NodeJS.ReadableStream & { destroy(): void };
  const splitter = (which: LogLine['stream']) =>
    new LineSplitter((line) => opts.onLine({ stream: which, ...splitStamp(line) }));
  const out = splitter('stdout');
  const err = splitter('stderr');
  // demuxStream writes into these; their 'data' can lag the source's 'end' by a tick, so the end waits for them.
  const sinks: PassThrough[] = [];
  const sink = (s: LineSplitter) => {
    const p = new PassThrough();
    p.setEncoding('utf8');
    p.on('data', (c: string) => s.push(c));
    sinks.push(p);
    return p;
  };
  if (tty) {
    stream.setEncoding('utf8');
    stream.on('data', (c: string) => out.push(c));
  } else docker.modem.demuxStream(stream, sink(out), sink(err));

  let stopped = false;
  const done = new Promise<FollowEnd>((resolve) => {
    let ended = false;
    const finish = (end: FollowEnd) => {
      if (ended) return;
      ended = true;
      const drained = sinks.map((p) => new Promise((r) => (p.once('end', r), p.end())));
      void Promise.all(drained).then(() => {
        out.flush();
        err.flush();
        resolve(stopped ? { reason: 'stopped' } : end);
      });
    };
    stream.once('end', () => finish({ reason: 'ended' }));
    stream.once('close', () => finish({ reason: 'ended' }));
    stream.once('error', (e: Error) => finish({ reason: 'error', error: e.message }));
  });
  return {
    done,
    stop() {
      stopped = true;
      stream.destroy();
    },
  };
}
