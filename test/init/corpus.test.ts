// init on workspaces whose berth.yaml was written by hand. On every one: no allocation is silently wrong
// (another port, another role or another service proposed for it without a note saying so: "never guessed
// silently") and none is missed (a port the scan finds, neither proposed nor reported); what the answer
// knows from outside the code is absent (measure.ts decides it by the scan). On init's own fixture, at
// least 90% exact. The figures (exact / reported / wrong / missed / absent) are printed here and in
// bench/init.ts; the README says where they stand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { corpusWorkspaces, measure, OUTCOMES } from './measure';

const repo = join(__dirname, '..', '..');

for (const w of corpusWorkspaces(repo)) {
  test(`init on ${relative(repo, w.root)} against its hand-written berth.yaml`, async (t) => {
    const m = await measure(w.root, w.expected);
    t.diagnostic(OUTCOMES.map((o) => `${o} ${m[o].length}/${m.total}`).join(', '));
    for (const o of OUTCOMES.slice(1)) for (const a of m[o]) t.diagnostic(`${o}: ${a}`);
    assert.ok(m.total > 0);
    assert.equal(
      OUTCOMES.reduce((n, o) => n + m[o].length, 0),
      m.total,
      'every allocation has one outcome',
    );
    assert.deepEqual(m.wrong, [], 'allocations init proposed otherwise without saying so');
    assert.deepEqual(m.missed, [], 'allocations whose port the scan finds, neither proposed nor reported');
    if (!w.corpus) {
      assert.deepEqual(m.absent, [], "init's own fixture writes every port it expects");
      assert.ok(
        m.exact.length / m.total >= 0.9,
        `${m.exact.length}/${m.total} exact (reported: ${m.reported.join('; ')})`,
      );
    }
  });
}
