// How close init's proposal comes to a hand-written berth.yaml. Every expected allocation (service, role,
// port) is exactly one of:
//   exact    proposed with the same service name, role and port;
//   reported not exact, but the report says so: a note names the port, or the service and role, or the
//            port is proposed with that role in a service whose name a note marks as unsure;
//   wrong    not exact and not reported although init proposed something for it: another port for the
//            role, the port under another role, or the port given to a service the answer does not give it
//            (a silent guess: corpus.test.ts fails on any);
//   missed   neither proposed nor said although a finding of the scan holds the port (corpus.test.ts fails
//            on any: no port the scan finds may vanish);
//   absent   neither proposed nor said, and no finding of the scan holds the port: the answer has it from
//            outside the code (a neighbour's allocation the repository does not write, or writes only in a
//            comment or prose, which the finders skip on purpose). Decided by the scan, not by a list.
// Shared by corpus.test.ts and bench/init.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { roleKey } from '../../src/init/names';
import { noteNamesPort, type Proposal } from '../../src/init/proposal';
import { runInit } from '../../src/init/runInit';
import { scanWorkspace } from '../../src/init/scan';

export type Outcome = 'exact' | 'reported' | 'wrong' | 'missed' | 'absent';
export const OUTCOMES: Outcome[] = ['exact', 'reported', 'wrong', 'missed', 'absent'];

export interface Measure {
  root: string;
  total: number;
  /** Each expected allocation as `service.role port (proposed: …)`, by outcome. */
  exact: string[];
  reported: string[];
  wrong: string[];
  missed: string[];
  absent: string[];
  /** The allocations of services the answer gives files here (`configs`), and how many are exact; the
   *  others are neighbours the answer lists for their ports alone (their code is not in the workspace). */
  withFiles: { total: number; exact: number };
}

/** Which hand-written answer a workspace is scored against. */
export type AnswerKind =
  /** test/init/answers/<ws>.yaml: written blind (without seeing init) from the repository alone. */
  | 'blind'
  /** the corpus workspace's berth.yaml, written for the port-finder work (names and neighbours from outside). */
  | 'berth.yaml'
  /** init's own fixture, written beside init. */
  | 'own';

export interface Workspace {
  root: string;
  expected: string;
  kind: AnswerKind;
  /** A shared-corpus workspace (or a blind one like it): the figures the aim is measured on. */
  corpus: boolean;
}

/**
 * Workspaces with a hand-written answer, all kept in test/init/answers/ (outside the workspaces, so no scan
 * reads an answer): each shared-corpus workspace against its blind answer (when one exists) and against
 * its berth.yaml; the blind workspaces test/init/fixtures/blind-* against answers/blind-*.yaml; init's own
 * fixture against answers/monorepo.yaml.
 */
export function corpusWorkspaces(repo: string): Workspace[] {
  const out: Workspace[] = [];
  const shared = join(repo, 'test', 'fixtures', 'corpus');
  const answers = join(repo, 'test', 'init', 'answers');
  for (const d of existsSync(shared) ? readdirSync(shared).sort() : []) {
    const root = join(shared, d);
    if (!existsSync(join(root, 'berth.yaml'))) continue;
    const answer = join(answers, `${d}.yaml`);
    if (existsSync(answer)) out.push({ root, expected: answer, kind: 'blind', corpus: true });
    out.push({ root, expected: join(root, 'berth.yaml'), kind: 'berth.yaml', corpus: true });
  }
  const fixtures = join(repo, 'test', 'init', 'fixtures');
  for (const d of readdirSync(fixtures).sort()) {
    const expected = join(answers, `${d}.yaml`);
    if (!existsSync(expected)) continue;
    const blind = d.startsWith('blind-');
    out.push({ root: join(fixtures, d), expected, kind: blind ? 'blind' : 'own', corpus: blind });
  }
  return out;
}

interface Expected {
  service: string;
  role: string;
  port: number;
}

export async function measure(root: string, expectedFile: string): Promise<Measure> {
  const config = parseBerthYaml(readFileSync(expectedFile, 'utf8'), 'berth.yaml').config;
  if (!config) throw new Error(`${expectedFile} does not parse`);
  const expected: Expected[] = config.services.flatMap((s) =>
    s.ports.map((a) => ({ service: s.name, role: a.role, port: a.port })),
  );
  const hasFiles = new Set(config.services.filter((s) => s.configs.length > 0).map((s) => s.name));
  const { proposal } = await runInit({ root });
  const scan = await scanWorkspace(root);
  const found = new Set(scan.refs.map((r) => r.port));
  const m: Measure = {
    root,
    total: expected.length,
    exact: [],
    reported: [],
    wrong: [],
    missed: [],
    absent: [],
    withFiles: { total: 0, exact: 0 },
  };
  for (const e of expected) {
    const [outcome, proposed] = classify(e, expected, proposal, found);
    const text =
      outcome === 'absent' ? `; as text only: ${mentions(scan.texts, e.port) || 'in no file holding findings'}` : '';
    m[outcome].push(`${e.service}.${e.role} ${e.port} (proposed: ${proposed}${text})`);
    if (!hasFiles.has(e.service)) continue;
    m.withFiles.total++;
    if (outcome === 'exact') m.withFiles.exact++;
  }
  return m;
}

/**
 * Names compare as the words they spell: `slack-mock` and `slackmock`, `effectiveness-monitor` and
 * `effectivenessmonitor` are one name (the issue lets init spell names either way, consistently).
 */
const same = (a: string, b: string) => roleKey(a) === roleKey(b);

/** The outcome of one expected allocation, and what init proposed for it (for the listing). */
export function classify(
  e: Expected,
  expected: Expected[],
  proposal: Proposal,
  found: ReadonlySet<number>,
): [Outcome, string] {
  const service = proposal.services.find((s) => same(s.name, e.service));
  const byRole = service?.ports.find((p) => same(p.role, e.role));
  if (byRole?.port === e.port) return ['exact', `${e.service}.${e.role} ${e.port}`];
  const unsure = new Set(proposal.notes.flatMap((n) => (n.kind === 'name' && n.service ? [n.service] : [])));
  const elsewhere = proposal.services.flatMap((s) =>
    s.ports.filter((p) => p.port === e.port).map((p) => ({ service: s.name, role: p.role })),
  );
  const proposed =
    [
      ...(byRole ? [`${e.service}.${e.role} ${byRole.port}`] : []),
      ...elsewhere.map((p) => `${p.service}.${p.role} ${e.port}`),
    ].join(', ') || 'none';
  const said = proposal.notes.some(
    (n) =>
      noteNamesPort(n, e.port) ||
      (n.service !== undefined && same(n.service, e.service) && n.role !== undefined && same(n.role, e.role)),
  );
  // Proposed with this role in a service whose name a note marks as unsure: as one of its other
  // names, or under a name of its own that the answer does not use.
  const inUnsure = elsewhere.some(
    (p) =>
      same(p.role, e.role) &&
      unsure.has(p.service) &&
      (proposal.notes.some(
        (n) => n.kind === 'name' && n.service === p.service && n.names?.some((x) => same(x, e.service)),
      ) ||
        !expected.some((x) => same(x.service, p.service))),
  );
  if (said || inUnsure) return ['reported', proposed];
  // Another service holding the port is a guess only when the answer does not give it that port too.
  const guessed =
    byRole !== undefined ||
    elsewhere.some(
      (p) => same(p.service, e.service) || !expected.some((x) => same(x.service, p.service) && x.port === e.port),
    );
  return [guessed ? 'wrong' : found.has(e.port) ? 'missed' : 'absent', proposed];
}

/** The lines of the scanned texts that hold the port as a number (comments, prose), for the listing. */
function mentions(texts: Map<string, string>, port: number): string {
  const word = new RegExp(`(^|[^0-9])${port}([^0-9]|$)`);
  const out: string[] = [];
  for (const [file, text] of texts)
    text.split('\n').forEach((l, i) => {
      if (word.test(l)) out.push(`${file}:${i + 1}`);
    });
  return out.join(', ');
}
