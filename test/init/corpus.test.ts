// init on workspaces whose berth.yaml was written by hand. On every one: no allocation proposed with
// another port without a note saying so (never guessed silently). On init's own fixture: at least 90% exact.
// The shared corpus's fractions are printed (and measured in bench/init.ts); see the README for where they stand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { corpusWorkspaces, measure } from './measure';

const repo = join(__dirname, '..', '..');

for (const w of corpusWorkspaces(repo)) {
  const own = w.expected.endsWith('berth.expected.yaml');
  test(`init on ${relative(repo, w.root)} against its hand-written berth.yaml`, async (t) => {
    const m = await measure(w.root, w.expected);
    t.diagnostic(
      `${m.exact}/${m.total} exact; reported: ${m.reported.length}; missed: ${m.missed.join('; ') || 'none'}`,
    );
    assert.ok(m.total > 0);
    assert.deepEqual(m.wrong, [], 'allocations init proposed with another port without saying so');
    if (own) {
      assert.deepEqual(m.missed, [], 'allocations init neither proposed nor reported');
      assert.ok(m.exact / m.total >= 0.9, `${m.exact}/${m.total} exact (reported: ${m.reported.join('; ')})`);
    }
  });
}
