// How close init's proposal comes to a hand-written berth.yaml: each expected allocation is exact
// (same service, role and port), reported (a note names its port, or its service and role), missed (not
// proposed and not said) or wrong (another port proposed for it, not said). Shared by corpus.test.ts and bench/init.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { runInit } from '../../src/init/runInit';

export interface Measure {
  root: string;
  total: number;
  exact: number;
  reported: string[];
  missed: string[];
  wrong: string[];
}

/** Workspaces with a hand-written answer: the shared corpus (berth.yaml) and init's own (berth.expected.yaml). */
export function corpusWorkspaces(repo: string): { root: string; expected: string }[] {
  const out: { root: string; expected: string }[] = [];
  const shared = join(repo, 'test', 'fixtures', 'corpus');
  for (const d of existsSync(shared) ? readdirSync(shared).sort() : []) {
    if (existsSync(join(shared, d, 'berth.yaml')))
      out.push({ root: join(shared, d), expected: join(shared, d, 'berth.yaml') });
  }
  const own = join(repo, 'test', 'init', 'fixtures', 'monorepo');
  out.push({ root: own, expected: join(own, 'berth.expected.yaml') });
  return out;
}

export async function measure(root: string, expectedFile: string): Promise<Measure> {
  const expected = parseBerthYaml(readFileSync(expectedFile, 'utf8'), 'berth.yaml').config;
  if (!expected) throw new Error(`${expectedFile} does not parse`);
  const { proposal } = await runInit({ root });
  const m: Measure = { root, total: 0, exact: 0, reported: [], missed: [], wrong: [] };
  for (const s of expected.services) {
    for (const a of s.ports) {
      m.total++;
      const got = proposal.services.find((p) => p.name === s.name)?.ports.find((p) => p.role === a.role);
      if (got?.port === a.port) {
        m.exact++;
        continue;
      }
      const asOther = proposal.services.find((p) => p.name === s.name)?.ports.find((p) => p.port === a.port);
      const what = `${s.name}.${a.role} ${a.port} (proposed: ${got ? got.port : asOther ? `as ${asOther.role}` : 'none'})`;
      const said = proposal.notes.some(
        (n) => n.port === a.port || n.message.includes(String(a.port)) || (n.service === s.name && n.role === a.role),
      );
      (said ? m.reported : got ? m.wrong : m.missed).push(what);
    }
  }
  return m;
}
