// init's general guarantee: no port the scan found vanishes. Every one is in the proposal or named by a
// note; what no decision before said anything about (a port only in files of no service, a bare key
// there, a code port the document's merge left out) gets a located note here, saying why it was not placed.
import { group } from './group';
import { formatSeen, noteNamesPort, type Note, type Proposal } from './proposal';
import type { ScannedRef, ScanResult } from './scan';

const SHOWN = 3;

export function unplacedNotes(scan: ScanResult, proposal: Proposal): Note[] {
  const allocated = new Set(proposal.services.flatMap((s) => s.ports.map((p) => p.port)));
  const notes: Note[] = [];
  for (const [port, refs] of group(scan.refs, (r) => r.port)) {
    if (allocated.has(port) || proposal.notes.some((n) => noteNamesPort(n, port))) continue;
    const owned = refs.filter((r) => r.service);
    const services = [...new Set(owned.map((r) => `'${r.service!}'`))].join(', ');
    const why =
      owned.length === 0
        ? 'it is only in files of no service; add their folder to a service if the port is its'
        : refs.every((r) => r.strength === 'weak')
          ? `it is only a bare port key (of ${services}), perhaps a container port`
          : `no allocation of the proposal takes it (used by ${services})`;
    notes.push({
      kind: owned.length === 0 ? 'unowned' : 'ambiguous',
      message: `port ${port} (${located(refs)}) was not placed: ${why}`,
      where: { file: refs[0].file, line: refs[0].line + 1 },
      port,
    });
  }
  return notes;
}

function located(refs: ScannedRef[]): string {
  const shown = refs.slice(0, SHOWN).map((r) => formatSeen({ file: r.file, line: r.line + 1 }));
  return shown.join(', ') + (refs.length > SHOWN ? ` (+${refs.length - SHOWN} more)` : '');
}
