// Scores what Berth found in a corpus workspace against the hand-written expected findings. Pure: the
// caller reads files and runs the pipeline (collect.ts). A finding is identified by (file, line, port);
// several on one line with the same port count as many (a multiset), so a doubled report is a false positive.

export type DiagnosticCode = 'port-owned-by-other-service' | 'port-not-allocated';
export const PORT_DIAGNOSTICS: readonly DiagnosticCode[] = ['port-owned-by-other-service', 'port-not-allocated'];

/** A host-port occurrence: file relative to the workspace root, 1-based line. */
export interface PortAt {
  file: string;
  line: number;
  port: number;
}

export interface ExpectedReference extends PortAt {
  /** What `berth check` should report for it; null when the use is correct (or outside every range). */
  diagnostic: DiagnosticCode | null;
}

export interface NearMiss extends PortAt {
  why: string;
}

/** A deviation the finders still have, listed so the exact test can pass while the bench counts it. */
export interface KnownDeviation extends PortAt {
  reason: string;
  /** For a known miss: the diagnostic the missed reference should have had (it is missed too). */
  diagnostic?: DiagnosticCode | null;
}

export interface ExpectedFile {
  references: ExpectedReference[];
  nearMisses: NearMiss[];
  knownMisses?: KnownDeviation[];
  knownFalsePositives?: KnownDeviation[];
}

export interface FoundDiagnostic extends PortAt {
  code: DiagnosticCode;
}

export interface Actual {
  references: PortAt[];
  diagnostics: FoundDiagnostic[];
}

export const LANGUAGE_GROUPS = [
  'go',
  'ts-js',
  'python',
  'java',
  'kotlin',
  'shell',
  'yaml-compose-env',
  'other',
] as const;
export type LanguageGroup = (typeof LANGUAGE_GROUPS)[number];

const EXTENSION_GROUPS: Record<string, LanguageGroup> = {
  go: 'go',
  ts: 'ts-js',
  tsx: 'ts-js',
  mts: 'ts-js',
  cts: 'ts-js',
  js: 'ts-js',
  jsx: 'ts-js',
  mjs: 'ts-js',
  cjs: 'ts-js',
  py: 'python',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  sh: 'shell',
  bash: 'shell',
  mk: 'shell',
  yml: 'yaml-compose-env',
  yaml: 'yaml-compose-env',
  json: 'yaml-compose-env',
  env: 'yaml-compose-env',
};

/** The language group of a file, by its name: Makefiles are shell, `.env`/`.env.*` files are config. */
export function languageGroup(file: string): LanguageGroup {
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (/^(GNU)?[Mm]akefile$/.test(name)) return 'shell';
  if (name === '.env' || name.startsWith('.env.')) return 'yaml-compose-env';
  const dot = name.lastIndexOf('.');
  return (dot > 0 && EXTENSION_GROUPS[name.slice(dot + 1).toLowerCase()]) || 'other';
}

export interface Counts {
  expected: number;
  found: number;
  truePositives: number;
  /** tp / found; null when nothing was found. */
  precision: number | null;
  /** tp / expected; null when nothing was expected. */
  recall: number | null;
}

export interface Score {
  references: Counts;
  diagnostics: Counts;
  byGroup: Partial<Record<LanguageGroup, { references: Counts; diagnostics: Counts }>>;
  /** Expected references not found. */
  missed: ExpectedReference[];
  /** Found references not expected; `nearMiss` says when it is one the expected file documents. */
  falsePositives: (PortAt & { nearMiss?: string })[];
  /** Expected diagnostics not reported, with what was reported at that place instead (if anything). */
  missedDiagnostics: (ExpectedReference & { reported: DiagnosticCode | null })[];
  /** Reported diagnostics that were not expected at that place with that code. */
  extraDiagnostics: FoundDiagnostic[];
}

export const keyOf = (p: PortAt): string => `${p.file}:${p.line}:${p.port}`;

function counts(expected: number, found: number, truePositives: number): Counts {
  return {
    expected,
    found,
    truePositives,
    precision: found === 0 ? null : truePositives / found,
    recall: expected === 0 ? null : truePositives / expected,
  };
}

/** Pairs items of `a` with equal-keyed items of `b` (each used once); returns what is left of each. */
function match<A, B>(a: A[], b: B[], keyA: (x: A) => string, keyB: (x: B) => string): { onlyA: A[]; onlyB: B[] } {
  const pool = new Map<string, B[]>();
  for (const x of b) {
    const k = keyB(x);
    const list = pool.get(k);
    if (list) list.push(x);
    else pool.set(k, [x]);
  }
  const onlyA: A[] = [];
  for (const x of a) {
    const list = pool.get(keyA(x));
    if (list && list.length > 0) list.pop();
    else onlyA.push(x);
  }
  return { onlyA, onlyB: [...pool.values()].flat() };
}

function tally<T extends PortAt>(items: T[]): Map<LanguageGroup, number> {
  const m = new Map<LanguageGroup, number>();
  for (const x of items) m.set(languageGroup(x.file), (m.get(languageGroup(x.file)) ?? 0) + 1);
  return m;
}

export function score(expected: ExpectedFile, actual: Actual): Score {
  const refs = match(expected.references, actual.references, keyOf, keyOf);
  const near = new Map(expected.nearMisses.map((n) => [keyOf(n), n.why]));
  const expectedDiags = expected.references.filter((r) => r.diagnostic !== null);
  const diagKey = (code: string | null) => (p: PortAt) => `${keyOf(p)}:${code}`;
  const diags = match(
    expectedDiags,
    actual.diagnostics,
    (r) => diagKey(r.diagnostic)(r),
    (d) => diagKey(d.code)(d),
  );
  const reportedAt = new Map(actual.diagnostics.map((d) => [keyOf(d), d.code]));

  const byGroup: Score['byGroup'] = {};
  const groupCounts = (exp: PortAt[], found: PortAt[], missed: PortAt[]) => {
    const [e, f, m] = [tally(exp), tally(found), tally(missed)];
    return (g: LanguageGroup) => {
      const ne = e.get(g) ?? 0;
      const nf = f.get(g) ?? 0;
      // True positives of a group: its expected items minus its missed ones (equal to found minus extra).
      return ne + nf === 0 ? undefined : counts(ne, nf, ne - (m.get(g) ?? 0));
    };
  };
  const refGroup = groupCounts(expected.references, actual.references, refs.onlyA);
  const diagGroup = groupCounts(expectedDiags, actual.diagnostics, diags.onlyA);
  for (const g of LANGUAGE_GROUPS) {
    const r = refGroup(g);
    const d = diagGroup(g);
    if (r || d) byGroup[g] = { references: r ?? counts(0, 0, 0), diagnostics: d ?? counts(0, 0, 0) };
  }
  return {
    references: counts(
      expected.references.length,
      actual.references.length,
      expected.references.length - refs.onlyA.length,
    ),
    diagnostics: counts(expectedDiags.length, actual.diagnostics.length, expectedDiags.length - diags.onlyA.length),
    byGroup,
    missed: refs.onlyA,
    falsePositives: refs.onlyB.map((p) => {
      const why = near.get(keyOf(p));
      return why === undefined ? { ...p } : { ...p, nearMiss: why };
    }),
    missedDiagnostics: diags.onlyA.map((r) => ({ ...r, reported: reportedAt.get(keyOf(r)) ?? null })),
    extraDiagnostics: diags.onlyB,
  };
}

/** Adds the counts of several scores (e.g. all workspaces) into one. */
export function sumCounts(list: Counts[]): Counts {
  const e = list.reduce((n, c) => n + c.expected, 0);
  const f = list.reduce((n, c) => n + c.found, 0);
  const t = list.reduce((n, c) => n + c.truePositives, 0);
  return counts(e, f, t);
}
