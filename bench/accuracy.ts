// Accuracy of `berth check` on the hand-annotated corpus (test/fixtures/corpus): precision and recall of
// host-port references and of diagnostics, per workspace and per language group, and the check's time.
// Run: `npm run bench:accuracy` (add `-- --details` to list every miss and false positive).
// Known misses/false positives listed in an expected file are counted here like any other.
import { collect, readExpected, workspaceRoot, WORKSPACES } from '../test/corpus/collect';
import { timeCheckInProcess } from './inProcessCheck';
import { LANGUAGE_GROUPS, score, sumCounts, type Counts, type Score } from '../test/corpus/score';
import { median } from './measure';

const fmt = (x: number | null) => (x === null ? '  —  ' : x.toFixed(3));
const row = (label: string, r: Counts, d: Counts) =>
  `${label.padEnd(18)} refs ${String(r.truePositives).padStart(3)}/${String(r.expected).padStart(3)} found ${String(r.found).padStart(3)}  P ${fmt(r.precision)}  R ${fmt(r.recall)}   diagnostics ${d.truePositives}/${d.expected} found ${d.found}  P ${fmt(d.precision)}  R ${fmt(d.recall)}`;

function details(ws: string, s: Score): void {
  for (const m of s.missed) console.log(`  ${ws} missed      ${m.file}:${m.line} ${m.port}`);
  for (const f of s.falsePositives)
    console.log(`  ${ws} false pos.  ${f.file}:${f.line} ${f.port}${f.nearMiss ? `  (near miss: ${f.nearMiss})` : ''}`);
  for (const m of s.missedDiagnostics)
    console.log(
      `  ${ws} diag missed ${m.file}:${m.line} ${m.port} ${m.diagnostic} (reported: ${m.reported ?? 'nothing'})`,
    );
  for (const d of s.extraDiagnostics) console.log(`  ${ws} diag extra  ${d.file}:${d.line} ${d.port} ${d.code}`);
}

async function main(): Promise<void> {
  const showDetails = process.argv.includes('--details');
  const scores: Score[] = [];
  console.log('per workspace');
  for (const ws of WORKSPACES) {
    const root = workspaceRoot(ws);
    const s = score(readExpected(ws), await collect(root));
    scores.push(s);
    console.log(
      row(ws, s.references, s.diagnostics) +
        `   check ${median((await timeCheckInProcess(root, 10)).slice(1).map((x) => x.wall)).toFixed(1)} ms`,
    );
    if (showDetails) details(ws, s);
  }
  console.log('per language group (all workspaces)');
  for (const g of LANGUAGE_GROUPS) {
    const parts = scores.map((s) => s.byGroup[g]).filter((x) => x !== undefined);
    if (parts.length === 0) continue;
    console.log(row(g, sumCounts(parts.map((p) => p.references)), sumCounts(parts.map((p) => p.diagnostics))));
  }
  console.log(row('all', sumCounts(scores.map((s) => s.references)), sumCounts(scores.map((s) => s.diagnostics))));
  const near = scores.reduce((n, s) => n + s.falsePositives.filter((f) => f.nearMiss).length, 0);
  const fps = scores.reduce((n, s) => n + s.falsePositives.length, 0);
  console.log(`false positives that are documented near misses: ${near} of ${fps}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
