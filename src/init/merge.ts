// Document and code together: the document's allocations and ranges win; the scan adds each service's
// `configs` and compose stack (a folder meets a document row by name or by the row's parenthetical), and
// the services the document does not name, minus ports the document gives to others. Where the code
// uses a port other than the document's, a disagreement note names both places.
import type { DocImport } from './docModel';
import {
  computedRanges,
  formatSeen,
  type Note,
  type ProposedPort,
  type ProposedService,
  type Proposal,
  seenOf,
} from './proposal';
import type { ScanResult } from './scan';

export function mergeDocAndCode(doc: DocImport, code: Proposal, scan: ScanResult): Proposal {
  const notes: Note[] = [...doc.notes];
  // Code service name → the document's name for it.
  const docName = new Map<string, string>();
  for (const s of code.services) {
    const named = doc.services.find((d) => d === s.name || doc.aliases.get(d)?.includes(s.name));
    if (named) docName.set(s.name, named);
  }
  const services: ProposedService[] = [];
  const noFolder: string[] = [];
  for (const name of doc.services) {
    const fromCode = code.services.filter((s) => docName.get(s.name) === name);
    const compose = fromCode.flatMap((s) => (s.compose ? [s.compose] : []));
    services.push({
      name,
      ports: docPorts(
        doc,
        name,
        scan,
        fromCode.map((s) => s.name),
      ),
      configs: [...new Set(fromCode.flatMap((s) => s.configs))].sort(),
      ...(compose.length === 1 && fromCode.length === 1 ? { compose: compose[0] } : {}),
    });
    if (fromCode.length === 0) noFolder.push(name);
  }
  if (noFolder.length > 0)
    notes.push({
      kind: 'disagreement',
      message: `${noFolder.length} service(s) of the document have no folder in the code, so no configs: ${noFolder.join(', ')}`,
    });
  for (const s of code.services) {
    if (docName.has(s.name)) continue;
    const taken = s.ports.filter((p) => doc.allocations.some((a) => a.port === p.port));
    services.push({ ...s, ports: s.ports.filter((p) => !taken.includes(p)) });
    for (const p of taken) {
      const owner = doc.allocations.find((a) => a.port === p.port)!;
      notes.push({
        kind: 'disagreement',
        message: `'${s.name}' (not in the document) uses ${p.port} as ${p.role} (${p.seen.map(formatSeen)[0]}), which the document gives to '${owner.service}' (${formatSeen(owner.seen)}): left out`,
        service: s.name,
        port: p.port,
      });
    }
  }
  notes.push(...disagreements(doc, scan, docName));
  // The code's own notes about what the document settles are moot; the rest still describe the code.
  const settled = (n: Note) =>
    ((n.kind === 'ambiguous' || n.kind === 'name') && n.service !== undefined && docName.has(n.service)) ||
    (n.kind === 'conflict' && doc.allocations.some((a) => a.port === n.port));
  notes.push(...code.notes.filter((n) => !settled(n)));
  const docRanges = doc.ranges.map((r) => ({ role: r.role, from: r.from, to: r.to, seen: r.seen }));
  return { services, ranges: computedRanges(services, docRanges), notes };
}

/** The document's ports of a service; code references to the same port are added to where it was seen. */
function docPorts(doc: DocImport, service: string, scan: ScanResult, codeNames: string[]): ProposedPort[] {
  const out: ProposedPort[] = [];
  for (const a of doc.allocations) {
    if (a.service !== service || out.some((p) => p.role === a.role)) continue;
    // "(shared)" without names: shared with the other services the document gives the same port.
    const sharedWith =
      a.shared === 'unnamed'
        ? [...new Set(doc.allocations.filter((b) => b.port === a.port && b.service !== service).map((b) => b.service))]
        : (a.shared ?? []);
    const inCode = scan.refs.filter((r) => r.port === a.port && r.service && codeNames.includes(r.service));
    out.push({
      role: a.role,
      port: a.port,
      sharedWith,
      seen: [a.seen, ...inCode.map(seenOf)],
    });
  }
  return out;
}

/** Code references of a document service to a port the document does not give it. */
function disagreements(doc: DocImport, scan: ScanResult, docName: Map<string, string>): Note[] {
  const notes: Note[] = [];
  const done = new Set<string>();
  for (const r of scan.refs) {
    const service = r.service ? docName.get(r.service) : undefined;
    if (!service || r.strength !== 'strong') continue;
    const key = `${service}\u0000${r.port}`;
    if (done.has(key)) continue;
    done.add(key);
    const allowed = doc.allocations.some(
      (a) => a.port === r.port && (a.service === service || (Array.isArray(a.shared) && a.shared.includes(service))),
    );
    if (allowed) continue;
    const owner = doc.allocations.find((a) => a.port === r.port);
    const sameRole = r.role ? doc.allocations.find((a) => a.service === service && a.role === r.role) : undefined;
    const said = owner
      ? `the document gives ${r.port} to '${owner.service}' as ${owner.role} (${formatSeen(owner.seen)})`
      : `the document allocates ${r.port} to nobody`;
    const own = sameRole
      ? `; '${service}' has ${sameRole.port} for ${sameRole.role} (${formatSeen(sameRole.seen)})`
      : '';
    notes.push({
      kind: 'disagreement',
      message: `${r.file}:${r.line + 1}: '${service}' uses ${r.port}${r.role ? ` as ${r.role}` : ''}, but ${said}${own}`,
      where: seenOf(r),
      service,
      port: r.port,
    });
  }
  return notes;
}
