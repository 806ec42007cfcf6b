// What the CodeLens above a service (in berth.yaml, or atop the compose file that is its stack) offers: Start
// stack, Stop, Clean stale ports and the roll-up. Pure (unit-tested without VS Code); codeLenses.ts places them.
// Untrusted workspaces get the roll-up alone: the commands would refuse anyway (src/extension/trust.ts).
import type { ServiceStatus } from '../model/status';

export interface LensSpec {
  title: string;
  command: string;
  /** The service name: the commands accept it in place of a tree node. */
  args: string[];
  tooltip: string;
}

export function serviceLensSpecs(
  name: string,
  hasStack: boolean,
  status: Pick<ServiceStatus, 'summary' | 'containers'> | undefined,
  trusted: boolean,
): LensSpec[] {
  const out: LensSpec[] = [];
  const hasContainers = (status?.containers?.length ?? 0) > 0;
  if (trusted) {
    if (hasStack)
      out.push({
        title: '$(play) Start stack',
        command: 'berth.startStack',
        args: [name],
        tooltip: `Start ${name}'s stack in dependency order, each step gated on its readiness`,
      });
    if (hasContainers)
      out.push({
        title: '$(debug-stop) Stop',
        command: 'berth.stopStack',
        args: [name],
        tooltip: `Stop ${name}'s stack and remove its containers`,
      });
    out.push({
      title: 'Clean stale ports',
      command: 'berth.cleanStalePorts',
      args: [name],
      tooltip: `Plan the cleanup of ${name}'s ports: nothing is done before you confirm`,
    });
  }
  out.push({
    title: status?.summary ?? 'status unknown',
    command: 'berth.services.focus',
    args: [],
    tooltip: `${name} in the Berth view`,
  });
  return out;
}
