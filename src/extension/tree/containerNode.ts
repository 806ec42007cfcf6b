// One container of a service: state, health, uptime, image.
import type { ContainerInfo } from '../../engine/containers';
import { colors, IconSpec, leaf, TreeNode } from './node';

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

export function uptime(c: Pick<ContainerInfo, 'state' | 'startedAt'>, now: number): string | undefined {
  if (c.state !== 'running' || !c.startedAt) return undefined;
  const t = Date.parse(c.startedAt);
  // Engines report "0001-01-01T00:00:00Z" for never-started containers.
  if (!Number.isFinite(t) || t <= 0) return undefined;
  return `up ${formatUptime(now - t)}`;
}

export function containerIcon(c: Pick<ContainerInfo, 'state' | 'health'>, oneShot = false): IconSpec {
  if (oneShot && c.state === 'exited') return { id: 'check', color: colors.off };
  if (c.state === 'running') {
    if (c.health === 'unhealthy') return { id: 'error', color: colors.error };
    if (c.health === 'starting') return { id: 'sync~spin', color: colors.pending };
    return { id: 'pass', color: colors.ok };
  }
  switch (c.state) {
    case 'restarting':
      return { id: 'sync~spin', color: colors.pending };
    case 'paused':
      return { id: 'debug-pause', color: colors.pending };
    case 'dead':
    case 'removing':
      return { id: 'trash', color: colors.error };
    case 'exited':
      return { id: 'circle-slash', color: colors.off };
    default:
      return { id: 'circle-large-outline', color: colors.off };
  }
}

/**
 * "running · healthy · up 3m · localhost/test-postgres". Health only while running: an exited container
 * keeps the engine's last verdict ("unhealthy"), which says nothing any more.
 */
export function containerDescription(c: ContainerInfo, now: number, oneShot = false): string {
  return [c.state, c.state === 'running' ? c.health : undefined, oneShot ? 'one-shot' : undefined, uptime(c, now), c.image].filter(Boolean).join(' · ');
}

export function containerNode(service: string, c: ContainerInfo, now: number, oneShot = false): TreeNode {
  const ports = c.ports.map((p) => `${p.hostIp && p.hostIp !== '0.0.0.0' ? `${p.hostIp}:` : ''}${p.hostPort}→${p.containerPort}`);
  return leaf({
    id: `service:${service}/container:${c.id}`,
    kind: 'container',
    label: c.step ?? c.name,
    description: containerDescription(c, now, oneShot),
    tooltip: [
      c.name,
      `id ${c.id.slice(0, 12)}`,
      `image ${c.image}`,
      `state ${c.state}${c.health ? ` (${c.health})` : ''}`,
      ports.length ? `ports ${ports.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
    icon: containerIcon(c, oneShot),
    contextValue: `container.${c.state}`,
    ref: { service, containerId: c.id, containerName: c.name },
  });
}
