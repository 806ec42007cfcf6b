// The proposal init builds before it is written out as berth.yaml: services, their ports with where
// each was seen, ranges, and the notes that say what was not decided silently.

export interface Seen {
  file: string;
  /** 1-based line. */
  line: number;
}

export interface ProposedPort {
  role: string;
  port: number;
  sharedWith: string[];
  /** Where it was seen (document row or code reference), first the one the comment names. */
  seen: Seen[];
}

export interface ProposedService {
  name: string;
  ports: ProposedPort[];
  configs: string[];
  /** `stack: { compose }` when the service has exactly one compose file. */
  compose?: string;
}

export interface ProposedRange {
  role: string;
  from: number;
  to: number;
  /** The document row it came from; computed ranges have none. */
  seen?: Seen;
}

export type NoteKind =
  | 'ambiguous' // a choice init could not make (role, port), reported instead of guessed
  | 'conflict' // a port two services use
  | 'disagreement' // the document and the code differ
  | 'document' // a table or row of the document that was not imported
  | 'name' // a service name init chose among several, or took from a folder alone
  | 'unowned'; // port references in files of no service

export interface Note {
  kind: NoteKind;
  message: string;
  where?: Seen;
  service?: string;
  role?: string;
  port?: number;
  /** For 'name': the other names the repository gives the service. */
  names?: string[];
}

export interface Proposal {
  services: ProposedService[];
  ranges: ProposedRange[];
  notes: Note[];
}

/** Whether a note speaks of the port: as its subject, or as a number in its message (not inside a longer one). */
export function noteNamesPort(note: Note, port: number): boolean {
  return note.port === port || new RegExp(`(^|[^0-9])${port}([^0-9]|$)`).test(note.message);
}

export function formatSeen(s: Seen): string {
  return `${s.file}:${s.line}`;
}

/** Where a scanned reference is (its line is 0-based), as a report names it (1-based). */
export function seenOf(r: { file: string; line: number }): Seen {
  return { file: r.file, line: r.line + 1 };
}

/** The tightest block covering the ports, rounded out to tens: 15433..15441 → 15430-15449. */
export function roundedRange(ports: number[]): { from: number; to: number } {
  const min = Math.min(...ports);
  const max = Math.max(...ports);
  return { from: Math.max(1, Math.floor(min / 10) * 10), to: Math.min(65535, Math.floor(max / 10) * 10 + 9) };
}

/** Ranges for every role of the proposal that has none yet, computed from its allocated ports. */
export function computedRanges(services: ProposedService[], have: ProposedRange[]): ProposedRange[] {
  const byRole = new Map<string, number[]>();
  for (const s of services) for (const p of s.ports) byRole.set(p.role, [...(byRole.get(p.role) ?? []), p.port]);
  const out = [...have];
  for (const [role, ports] of [...byRole].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!have.some((r) => r.role === role)) out.push({ role, ...roundedRange(ports) });
  }
  return out;
}

/** Input init cannot use (an unreadable document, a broken table …): each problem located, one per line. */
export class InitInputError extends Error {
  override name = 'InitInputError';
  constructor(
    readonly problems: string[],
    options?: ErrorOptions,
  ) {
    super(problems.join('\n'), options);
  }
}
