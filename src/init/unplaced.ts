// init's general guarantee: no port the scan found vanishes. Every one is in the proposal or named by a
// note; what no decision before said anything about (a port only in files of no service, a bare key
// there, a code port the document's merge left out) gets a located note here, saying why it was not placed.
// Ports only in files of no service come one line per file, so a repository of tools stays readable.
import { group } from './group';
import { formatSeen, noteNamesPort, seenOf, type Note, type Proposal } from './proposal';
import type { ScannedRef, ScanResult } from './scan';

const SHOWN = 3;

export function unplacedNotes(scan: ScanResult, proposal: Proposal): Note[] {
  const allocated = new Set(proposal.services.flatMap((s) => s.ports.map((p) => p.port)));
  const notes: Note[] = [];
  const unowned: ScannedRef[][] = [];
  for (const [port, refs] of group(scan.refs, (r) => r.port)) {
    if (allocated.has(port) || proposal.notes.some((n) => noteNamesPort(n, port))) continue;
    const owned = refs.filter((r) => r.service);
    if (owned.length === 0) {
      unowned.push(refs);
      continue;
    }
    const services = [...new Set(owned.map((r) => `'${r.service!}'`))].join(', ');
    const why = refs.every((r) => r.strength === 'weak')
      ? `it is only a bare port key (of ${services}), perhaps a container port`
      : `no allocation of the proposal takes it (used by ${services})`;
    notes.push({
      kind: 'ambiguous',
      message: `port ${port} (${located(refs)}) was not placed: ${why}`,
      where: seenOf(refs[0]),
      port,
    });
  }
  for (const [file, list] of group(unowned, (refs) => refs[0].file)) {
    const ports = list.map((refs) => {
      const elsewhere = refs.length > 1 ? `; also ${located(refs.slice(1))}` : '';
      return `${refs[0].port} (line ${refs[0].line + 1}${elsewhere})`;
    });
    notes.push({
      kind: 'unowned',
      message: `${file}: ${ports.join(', ')} ${list.length === 1 ? 'is' : 'are'} only in files of no service: not placed; add the folder to a service if ${list.length === 1 ? 'it is' : 'they are'} its`,
      where: seenOf(list[0][0]),
      ...(list.length === 1 ? { port: list[0][0].port } : {}),
    });
  }
  return notes;
}

function located(refs: ScannedRef[]): string {
  const shown = refs.slice(0, SHOWN).map((r) => formatSeen(seenOf(r)));
  return shown.join(', ') + (refs.length > SHOWN ? ` (+${refs.length - SHOWN} more)` : '');
}
