// What the CodeLens above a service (in berth.yaml, or atop the compose file that is its stack) offers: Start
// stack, Stop, Clean stale ports and the roll-up. Pure (unit-tested without VS Code); codeLenses.ts places them.
// Untrusted workspaces get the roll-up alone: the commands would refuse anyway (src/extension/trust.ts).
import type { ServiceStatus } from '../model/status';

export interface LensSpec {
  title: string;
  command: string;
  /** The service and its folder: the commands accept it in place of a tree node (commands/target.ts). */
  args: { service: string; folder?: string }[];
  tooltip: string;
}

export function serviceLensSpecs(
  name: string,
  hasStack: boolean,
  status: Pick<ServiceStatus, 'summary' | 'containers'> | undefined,
  trusted: boolean,
  /** The workspace folder (its URI as a string) whose berth.yaml declares the service. */
  folder?: string,
): LensSpec[] {
  const out: LensSpec[] = [];
  const target = [{ service: name, ...(folder === undefined ? {} : { folder }) }];
  const hasContainers = (status?.containers?.length ?? 0) > 0;
  if (trusted) {
    if (hasStack)
      out.push({
        title: '$(play) Start stack',
        command: 'berth.startStack',
        args: target,
        tooltip: `Start ${name}'s stack in dependency order, each step gated on its readiness`,
      });
    if (hasContainers)
      out.push({
        title: '$(debug-stop) Stop',
        command: 'berth.stopStack',
        args: target,
        tooltip: `Stop ${name}'s stack and remove its containers`,
      });
    out.push({
      title: 'Clean stale ports',
      command: 'berth.cleanStalePorts',
      args: target,
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
