// Per-service YAML code blocks of an allocation document ("### WorkflowExecution" then ```yaml …```):
// read with the same port finders as config files, and checked against the service's table row, so a
// document that contradicts itself says so. They add no allocations: the tables are the source.
import { findPorts } from '../core/portFinders/index';
import type { DocImport } from './docModel';
import type { DocCodeBlock } from './docTables';
import { normalizeName } from './names';
import type { Note } from './proposal';

export function codeBlockNotes(doc: string, blocks: DocCodeBlock[], imported: DocImport): Note[] {
  const notes: Note[] = [];
  for (const block of blocks) {
    if (!/^ya?ml$/i.test(block.lang)) continue;
    const service = normalizeName(block.heading);
    if (!imported.services.includes(service)) continue;
    for (const ref of findPorts('block.yaml', block.content)) {
      const line = block.line + 1 + ref.range.start.line;
      const ok = imported.allocations.some(
        (a) =>
          a.port === ref.port && (a.service === service || (Array.isArray(a.shared) && a.shared.includes(service))),
      );
      if (ok) continue;
      const owner = imported.allocations.find((a) => a.port === ref.port);
      notes.push({
        kind: 'disagreement',
        message: `${doc}:${line}: the code block for '${service}' uses ${ref.port}, but the table ${owner ? `gives it to '${owner.service}' (line ${owner.seen.line})` : 'allocates it to nobody'}`,
        where: { file: doc, line },
        service,
        port: ref.port,
      });
    }
  }
  return notes;
}
