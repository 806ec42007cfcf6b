// A service row with its Ports and Containers groups.
import type { ContainerInfo } from '../../engine/containers';
import type { ServiceDef } from '../../core/types';
import { containerNode } from './containerNode';
import { colors, leaf, TreeNode } from './node';
import { isConflict, portNode, PortRow } from './portNode';
import { isOneShot, RollUp, rollUp } from './rollUp';

export interface ServiceInput {
  service: ServiceDef;
  ports: PortRow[];
  /** undefined when the engine is unreachable. */
  containers: ContainerInfo[] | undefined;
}

/** service.<running|stopped|idle>[.stack][.conflict]: package.json menus match these with regexes. */
export function serviceContext(input: ServiceInput, r: RollUp): string {
  const cs = input.containers;
  const state = cs === undefined ? 'unknown' : r.running > 0 ? 'running' : cs.length > 0 ? 'stopped' : 'idle';
  return ['service', state, input.service.stack ? 'stack' : undefined, r.conflicts.length ? 'conflict' : undefined].filter(Boolean).join('.');
}

export function serviceNode(input: ServiceInput, now: number): { node: TreeNode; rollUp: RollUp } {
  const { service, ports, containers } = input;
  const r = rollUp(service, ports, containers);
  const name = service.name;
  const allocs = new Map(service.ports.map((a) => [a.role, a]));

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
            label: 'engine unreachable',
            icon: { id: 'debug-disconnect', color: colors.off },
            contextValue: 'message',
            ref: { service: name },
          }),
        ]
      : containers.map((c) => containerNode(name, c, now, isOneShot(service, c)));
  const containersGroup: TreeNode = {
    id: `service:${name}/containers`,
    kind: 'containers',
    label: 'Containers',
    description: containers === undefined ? 'unknown' : containers.length ? `${r.running} running of ${containers.length}` : 'none',
    icon: { id: 'package' },
    contextValue: 'containers',
    collapsible: containerChildren.length ? 'expanded' : 'none',
    children: containerChildren,
    ref: { service: name },
  };

  const interesting = r.conflicts.length > 0 || (containers?.length ?? 0) > 0;
  const node: TreeNode = {
    id: `service:${name}`,
    kind: 'service',
    label: name,
    description: r.description,
    tooltip: [
      // "name: <health>" first: host suites read the word from here (or from node.health).
      `${name}: ${r.health}`,
      r.description,
      service.stack ? `stack: ${service.stack.compose ? `compose ${service.stack.compose}` : `${service.stack.steps.length} step${service.stack.steps.length === 1 ? '' : 's'}`}` : 'no stack in berth.yaml',
      `ports: ${service.ports.map((a) => `${a.role} ${a.port}`).join(', ') || 'none'}`,
    ].join('\n'),
    icon: r.icon,
    contextValue: serviceContext(input, r),
    health: r.health,
    collapsible: interesting ? 'expanded' : 'collapsed',
    children: [portsGroup, containersGroup],
    ref: { service: name },
  };
  return { node, rollUp: r };
}
