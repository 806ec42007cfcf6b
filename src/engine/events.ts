// Engine events in one vocabulary. Docker and Podman name them differently (Docker: kill/stop/die,
// destroy, "health_status: healthy"; Podman: die/cleanup, remove, "health_status" without the status).
import type { ContainerHealth } from './containers';

export type ContainerEventKind =
  'create' | 'start' | 'stop' | 'remove' | 'health' | 'pause' | 'unpause' | 'rename' | 'update';

export interface ContainerEvent {
  kind: ContainerEventKind;
  id: string;
  name?: string;
  /** Docker puts the new health in the action; Podman does not (inspect tells). */
  health?: ContainerHealth;
  /** Nanoseconds since the epoch, as the engine stamped it. */
  timeNano?: number;
}

const KINDS: Record<string, ContainerEventKind> = {
  create: 'create',
  init: 'start',
  start: 'start',
  restart: 'start',
  kill: 'stop',
  die: 'stop',
  stop: 'stop',
  cleanup: 'stop',
  oom: 'stop',
  destroy: 'remove',
  remove: 'remove',
  health_status: 'health',
  pause: 'pause',
  unpause: 'unpause',
  rename: 'rename',
  update: 'update',
};

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
  time?: number;
}

/**
 * A container event that can change what Berth shows, or undefined (exec_*, attach, top, other types).
 * Exec events are dropped on purpose: health checks and readiness probes fire them many times a second.
 */
export function normalizeEvent(raw: RawEvent): ContainerEvent | undefined {
  if ((raw.Type ?? 'container') !== 'container') return undefined;
  const action = (raw.Action ?? raw.status ?? '').trim();
  const [verb, rest] = action.split(/:\s*/, 2);
  const kind = KINDS[verb];
  const id = raw.Actor?.ID ?? raw.id;
  if (!kind || !id) return undefined;
  const ev: ContainerEvent = { kind, id, name: raw.Actor?.Attributes?.name };
  if (kind === 'health') {
    const h = (rest ?? raw.Actor?.Attributes?.health_status ?? '').trim();
    if (h === 'healthy' || h === 'unhealthy' || h === 'starting') ev.health = h;
  }
  if (raw.timeNano) ev.timeNano = raw.timeNano;
  else if (raw.time) ev.timeNano = raw.time * 1e9;
  return ev;
}

/** Splits a chunked JSON-lines event stream; returns the parsed events and the unfinished tail. */
export function splitEventChunk(buffer: string): { events: RawEvent[]; rest: string } {
  const events: RawEvent[] = [];
  const lines = buffer.split('\n');
  const rest = lines.pop() ?? '';
  for (const line of lines) {
    const t = line.trim();
    if (!t) continue;
    try {
      events.push(JSON.parse(t));
    } catch {
      // A line that is not JSON is not an event; skip it rather than drop the stream.
    }
  }
  return { events, rest };
}

/**
 * Reads an engine's event stream: calls onEvent with each container event in Berth's vocabulary, and onBreak
 * once when the stream errs, ends or closes.
 */
export function readEventStream(
  stream: NodeJS.ReadableStream,
  onEvent: (ev: ContainerEvent) => void,
  onBreak: () => void,
): void {
  let buffer = '';
  stream.on('data', (chunk: Buffer | string) => {
    const { events, rest } = splitEventChunk(buffer + chunk.toString());
    buffer = rest;
    for (const raw of events) {
      const ev = normalizeEvent(raw);
      if (ev) onEvent(ev);
    }
  });
  let broken = false;
  const once = () => {
    if (broken) return;
    broken = true;
    onBreak();
  };
  stream.on('error', once);
  stream.on('end', once);
  stream.on('close', once);
}
