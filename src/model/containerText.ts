// A container's state in words, the same in the tree and `berth status`: one-shot outcomes and uptime.
import type { ServiceDef } from '../core/types';
import type { Container } from './container';
import { kindNodeOf, kindNodeText } from './kindNode';

/** A `run: once` step's container (migrations). */
export function isOneShot(def: ServiceDef | undefined, c: Pick<Container, 'step'>): boolean {
  if (!c.step) return false;
  return def?.stack?.steps.some((s) => s.name === c.step && (s.runOnce || s.ready?.kind === 'once')) ?? false;
}

/** An exited one-shot with a non-zero exit code. An unknown code is given the benefit of the doubt. */
export function failedOneShot(c: Pick<Container, 'state' | 'exitCode'>, oneShot: boolean): boolean {
  return oneShot && c.state === 'exited' && c.exitCode !== undefined && c.exitCode !== 0;
}

export function completedOneShot(c: Pick<Container, 'state' | 'exitCode'>, oneShot: boolean): boolean {
  return oneShot && c.state === 'exited' && !failedOneShot(c, oneShot);
}

/**
 * The container's state in words. Health only while running: an exited container keeps the engine's last
 * verdict (an exited one-shot whose image has a HEALTHCHECK reads "unhealthy"), which says nothing any more.
 */
export function containerSummary(
  c: Pick<Container, 'state' | 'health' | 'exitCode'> & Partial<Pick<Container, 'labels'>>,
  oneShot: boolean,
): string {
  if (oneShot && c.state === 'exited') {
    const outcome =
      c.exitCode === undefined ? 'exited' : c.exitCode === 0 ? 'completed' : `failed (exit ${c.exitCode})`;
    return `${outcome} · one-shot`;
  }
  const node = c.labels && kindNodeOf({ labels: c.labels });
  return [
    c.state,
    c.state === 'running' ? c.health : undefined,
    oneShot ? 'one-shot' : undefined,
    node ? kindNodeText(node) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "45s", "3m", "2h 5m", "4d 3h". */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** "up 3m" for a running container whose start time is known. */
export function uptimeText(c: Pick<Container, 'state' | 'startedAt'>, now: number): string | undefined {
  if (c.state !== 'running' || !c.startedAt) return undefined;
  const t = Date.parse(c.startedAt);
  // Engines report "0001-01-01T00:00:00Z" for never-started containers.
  if (!Number.isFinite(t) || t <= 0) return undefined;
  return `up ${formatUptime(now - t)}`;
}
