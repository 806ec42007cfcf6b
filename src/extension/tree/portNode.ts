// One allocated host port of a service: who holds it right now (judged by src/model/verdict.ts).
import type { PortStatus } from '../../model/portStatus';
import type { PortAllocation } from '../../core/types';
import { holderLong, holderShort } from '../../model/holderText';
import { isHttpRole } from '../../model/portUrl';
import { colors, IconSpec, leaf, TreeNode } from './node';

function firstHolder(row: PortStatus): string | undefined {
  return row.holders[0] ? holderShort(row.holders[0]) : undefined;
}

/** "served by x", "stale docker-proxy", "held by 1234 node server.js", "shared with notification", "free". */
export function portDescription(row: PortStatus, alloc?: Pick<PortAllocation, 'sharedWith'>): string {
  const shared = alloc?.sharedWith.length ? `shared with ${alloc.sharedWith.join(', ')}` : undefined;
  switch (row.state) {
    case 'free':
      return shared ? `free · ${shared}` : 'free';
    case 'served':
      return `served by ${row.container?.name ?? firstHolder(row) ?? 'this service'}`;
    case 'stale':
      return `stale ${firstHolder(row) ?? 'forward'}`;
    case 'foreign':
      return row.container && !row.holders.length
        ? `held by container ${row.container.name}`
        : `held by ${firstHolder(row) ?? row.container?.name ?? 'another process'}`;
    case 'other-service':
      return row.container
        ? `held by ${row.container.service ?? 'another service'} (${row.container.name})`
        : `held by another service${firstHolder(row) ? ` (${firstHolder(row)})` : ''}`;
    case 'shared':
      return row.container
        ? `shared with ${row.container.service ?? 'another service'} (${row.container.name})`
        : (shared ?? 'shared');
    case 'unknown':
      return row.holders.length ? `held by ${firstHolder(row)}` : 'free';
  }
}

export function portIcon(row: PortStatus): IconSpec {
  switch (row.state) {
    case 'free':
      return { id: 'circle-large-outline', color: colors.off };
    case 'served':
      return { id: 'plug', color: colors.ok };
    case 'shared':
      return { id: 'link', color: colors.info };
    case 'stale':
      return { id: 'warning', color: colors.pending };
    case 'foreign':
    case 'other-service':
      return { id: 'error', color: colors.error };
    case 'unknown':
      return row.holders.length ? { id: 'plug' } : { id: 'circle-large-outline', color: colors.off };
  }
}

export function portNode(service: string, row: PortStatus, alloc?: Pick<PortAllocation, 'sharedWith'>): TreeNode {
  const tooltip = [
    `${row.role} ${row.port} (${service})`,
    row.detail,
    ...row.holders.map((h) => `• ${holderLong(h)}`),
  ].filter(Boolean);
  return leaf({
    id: `service:${service}/port:${row.role}`,
    kind: 'port',
    label: `${row.role} ${row.port}`,
    description: portDescription(row, alloc),
    tooltip: tooltip.join('\n'),
    icon: portIcon(row),
    // port.<state>[.http]: package.json offers Open in Browser / Copy URL on .http rows.
    contextValue: `port.${row.state}${isHttpRole(row.role) ? '.http' : ''}`,
    ref: {
      service,
      role: row.role,
      port: row.port,
      containerId: row.container?.id,
      containerName: row.container?.name,
    },
  });
}
