// One container of a service: its state in the model's words (src/model/status.ts), uptime, image.
import { uptimeText } from '../../model/containerText';
import type { ContainerStatus } from '../../model/status';
import { colors, IconSpec, leaf, TreeNode } from './node';

export function containerIcon(c: Pick<ContainerStatus, 'state' | 'health' | 'oneShot' | 'exitCode'>): IconSpec {
  if (c.oneShot && c.state === 'exited') {
    if (c.exitCode !== undefined && c.exitCode !== 0) return { id: 'error', color: colors.error };
    return { id: 'check', color: colors.off };
  }
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

/** "running · healthy · up 3m · postgres:16-alpine", "completed · one-shot · localhost/migrate". */
export function containerDescription(c: ContainerStatus, now: number): string {
  return [c.summary, uptimeText(c, now), c.image].filter(Boolean).join(' · ');
}

export function containerNode(service: string, c: ContainerStatus, now: number): TreeNode {
  const ports = c.ports.map(
    (p) => `${p.hostIp && p.hostIp !== '0.0.0.0' ? `${p.hostIp}:` : ''}${p.hostPort}→${p.containerPort}`,
  );
  return leaf({
    id: `service:${service}/container:${c.id}`,
    kind: 'container',
    label: c.step ?? c.name,
    description: containerDescription(c, now),
    tooltip: [
      c.name,
      `id ${c.id.slice(0, 12)}`,
      `image ${c.image}`,
      `state ${c.summary}${c.exitCode !== undefined && !c.oneShot ? ` (exit ${c.exitCode})` : ''}`,
      ports.length ? `ports ${ports.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
    icon: containerIcon(c),
    contextValue: `container.${c.state}`,
    ref: { service, containerId: c.id, containerName: c.name },
  });
}
