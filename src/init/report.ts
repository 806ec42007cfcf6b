// The report after a proposal, as text lines: what init could not decide, where the document and the
// code disagree, the document rows it did not import, and what `berth check` would say against the
// proposal. The CLI prints it on stderr; VS Code appends it to the proposal as comments.
import type { Note, NoteKind } from './proposal';
import type { InitResult } from './runInit';

const SECTIONS: { kinds: NoteKind[]; title: string }[] = [
  { kinds: ['name', 'ambiguous', 'conflict'], title: 'Not decided by init (review these):' },
  { kinds: ['disagreement'], title: 'Document and code disagree:' },
  { kinds: ['document'], title: 'Document rows and tables not imported:' },
  { kinds: ['unowned'], title: 'Not used:' },
];

export function reportLines(result: InitResult): string[] {
  const { proposal, stats, findings } = result;
  const ports = proposal.services.reduce((n, s) => n + s.ports.length, 0);
  const out = [
    `${proposal.services.length} service(s), ${ports} port(s), ${proposal.ranges.length} range(s); ` +
      `${stats.references} port reference(s) in ${stats.filesRead} of ${stats.filesListed} file(s) read.`,
  ];
  for (const section of SECTIONS) {
    const notes = proposal.notes.filter((n) => section.kinds.includes(n.kind));
    if (notes.length === 0) continue;
    out.push('', section.title, ...notes.map(noteLine));
  }
  out.push('', 'What `berth check` would say against this proposal (berth.yaml = the proposal):');
  if (findings.length === 0) out.push('  no problems');
  for (const f of findings) out.push(`  ${f.file}:${f.range.start.line + 1}  ${f.severity}  ${f.message}  [${f.code}]`);
  return out;
}

function noteLine(n: Note): string {
  return `  ${n.kind}: ${n.message}`;
}
