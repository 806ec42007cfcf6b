// init on a temporary workspace, with what its tests read of the proposal: ports as `role port` per
// service, notes as `kind: message`, service names. (Temp workspaces are removed by removeTempWorkspaces.)
import { runInit } from '../../src/init/runInit';
import { tempWorkspace } from '../cli/tempWorkspace';

export async function propose(files: Record<string, string>) {
  const result = await runInit({ root: tempWorkspace(files) });
  const { proposal } = result;
  const ports = (service: string) =>
    proposal.services.find((s) => s.name === service)?.ports.map((p) => `${p.role} ${p.port}`) ?? [];
  const notes = proposal.notes.map((n) => `${n.kind}: ${n.message}`);
  return { result, proposal, ports, notes, names: proposal.services.map((s) => s.name) };
}
