// A service row with its Ports and Containers groups. The roll-up (health, summary, counts) is the
// model's (src/model/status.ts); this file only picks icons, context values and layout.
import type { ServiceDef } from '../../core/types';
import { containersUnknown, type ServiceHealth, type ServiceStatus, type WorkerStatus } from '../../model/status';
import { isConflict } from '../../model/verdict';
import { containerNode } from './containerNode';
import { colors, IconSpec, leaf, TreeNode } from './node';
import { portNode } from './portNode';

export interface ServiceInput {
  def: ServiceDef;
  status: ServiceStatus;
}

const icons: Record<ServiceHealth, IconSpec> = {
  healthy: { id: 'pass', color: colors.ok },
  starting: { id: 'sync~spin', color: colors.pending },
  unhealthy: { id: 'error', color: colors.error },
  conflict: { id: 'warning', color: colors.warning },
  stopped: { id: 'circle-slash', color: colors.off },
  idle: { id: 'circle-large-outline', color: colors.off },
  unknown: { id: 'question', color: colors.off },
};

export function healthIcon(h: ServiceHealth): IconSpec {
  return icons[h];
}

/** service.<running|stopped|idle|unknown>[.stack][.conflict]: package.json menus match these with regexes. */
export function serviceContext({ def, status }: ServiceInput): string {
  const cs = status.containers;
  const state = cs === undefined ? 'unknown' : status.running > 0 ? 'running' : cs.length > 0 ? 'stopped' : 'idle';
  return ['service', state, def.stack ? 'stack' : undefined, status.conflicts ? 'conflict' : undefined]
    .filter(Boolean)
    .join('.');
}

/** A parallel worker's own stack under its service: "worker 2 · 3/3 ready · 15442, 18098", its containers below. */
export function workerNode(service: string, w: WorkerStatus, now: number): TreeNode {
  const ports = w.ports.join(', ');
  return {
    id: `service:${service}/worker:${w.worker}`,
    kind: 'worker',
    label: `worker ${w.worker}`,
    description: [w.summary, ports].filter(Boolean).join(' · '),
    tooltip: [
      `${service} worker ${w.worker}: ${w.health}`,
      w.summary,
      ports ? `ports ${ports}` : undefined,
      `its own stack (berth run ${service} --worker ${w.worker})`,
    ]
      .filter(Boolean)
      .join('\n'),
    icon: healthIcon(w.health),
    contextValue: 'worker',
    health: w.health,
    collapsible: 'collapsed',
    children: w.containers.map((c) => containerNode(service, c, now)),
    ref: { service, worker: w.worker },
  };
}

export function serviceNode(
  input: ServiceInput,
  now: number,
  engine: 'connecting' | 'connected' | 'unreachable',
): TreeNode {
  const { def, status } = input;
  const { ports, containers } = status;
  const name = def.name;
  const allocs = new Map(def.ports.map((a) => [a.role, a]));

  const conflicts = ports.filter(isConflict).length;
  const portsGroup: TreeNode = {
    id: `service:${name}/ports`,
    kind: 'ports',
    label: 'Ports',
    description: `${ports.length}${conflicts ? ` · ${conflicts} conflict${conflicts === 1 ? '' : 's'}` : ''}`,
    icon: conflicts ? { id: 'warning', color: colors.warning } : { id: 'plug' },
    contextValue: conflicts ? 'ports.conflict' : 'ports',
    collapsible: ports.length ? 'expanded' : 'none',
    children: ports.map((p) => portNode(name, p, allocs.get(p.role))),
    ref: { service: name },
  };

  const containerChildren =
    containers === undefined
      ? [
          leaf({
            id: `service:${name}/containers/unknown`,
            kind: 'message',
            label: containersUnknown(engine),
            icon: { id: 'debug-disconnect', color: colors.off },
            contextValue: 'message',
            ref: { service: name },
          }),
        ]
      : containers.map((c) => containerNode(name, c, now));
  const containersGroup: TreeNode = {
    id: `service:${name}/containers`,
    kind: 'containers',
    label: 'Containers',
    description:
      containers === undefined
        ? 'unknown'
        : containers.length
          ? `${status.running} running of ${containers.length}`
          : 'none',
    icon: { id: 'package' },
    contextValue: 'containers',
    collapsible: containerChildren.length ? 'expanded' : 'none',
    children: containerChildren,
    ref: { service: name },
  };

  const interesting = conflicts > 0 || (containers?.length ?? 0) > 0 || status.workers.length > 0;
  return {
    id: `service:${name}`,
    kind: 'service',
    label: name,
    description: status.summary,
    tooltip: [
      // "name: <health>" first: host suites read the word from here (or from node.health).
      `${name}: ${status.health}`,
      status.summary,
      def.stack
        ? `stack: ${def.stack.compose ? `compose ${def.stack.compose}` : `${def.stack.steps.length} step${def.stack.steps.length === 1 ? '' : 's'}`}`
        : 'no stack in berth.yaml',
      `ports: ${def.ports.map((a) => `${a.role} ${a.port}`).join(', ') || 'none'}`,
    ].join('\n'),
    icon: healthIcon(status.health),
    contextValue: serviceContext(input),
    health: status.health,
    collapsible: interesting ? 'expanded' : 'collapsed',
    children: [portsGroup, containersGroup, ...status.workers.map((w) => workerNode(name, w, now))],
    ref: { service: name },
  };
}
