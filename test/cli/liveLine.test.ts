// `berth up`'s pull progress: a TTY gets one line rewritten in place, a pipe one line per milestone (pure).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { LiveLine } from '../../src/cli/liveLine';
import { stepLine } from '../../src/cli/up';
import { PullTally } from '../../src/model/pull';
import type { StackEvent } from '../../src/stack/events';

function capture(tty: boolean): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  (out as unknown as { isTTY: boolean }).isTTY = tty;
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  return { out, text: () => text };
}

/** A pull of two layers as the runner tells it, then the step's own line. */
function events(): StackEvent[] {
  const t = new PullTally('redis:7-alpine');
  const pull = [
    t.apply({ layer: 'a', phase: 'waiting', text: 'Pulling fs layer' }),
    t.apply({ layer: 'b', phase: 'present', text: 'Already exists' }),
    t.apply({ layer: 'a', phase: 'downloading', current: 5_000_000, total: 10_000_000, text: 'Downloading' }),
    t.apply({ layer: 'a', phase: 'done', text: 'Pull complete' }),
    t.finish(),
  ];
  return [
    ...pull.map((p, i): StackEvent => ({ type: 'step', step: 'redis', phase: 'pulling', at: i, pull: p })),
    { type: 'step', step: 'redis', phase: 'ready', at: 900, ms: 400 },
  ];
}

function play(live: LiveLine): void {
  for (const e of events()) {
    const line = stepLine(e, 5)!;
    if (e.pull) live.update(line, e.pull.milestone, e.pull.complete);
    else live.line(line);
  }
  live.end();
}

describe('berth up pull progress', () => {
  test('a pipe gets a line per finished layer and one for the finished pull', () => {
    const c = capture(false);
    play(new LiveLine(c.out));
    assert.deepEqual(c.text().split('\n'), [
      '  ↓ redis  Pulling redis:7-alpine: 1/2 layers',
      '  ↓ redis  Pulling redis:7-alpine: 2/2 layers, 10.0 MB/10.0 MB',
      '  ✓ redis  Pulled redis:7-alpine: 2 layers, 10.0 MB',
      '  ✓ redis  ready in 0.4 s  (at 0.9 s)',
      '',
    ]);
  });

  test('a TTY gets every update on one line, rewritten in place, ended before the next line', () => {
    const c = capture(true);
    play(new LiveLine(c.out));
    const text = c.text();
    assert.equal(text.split('\n').length, 3, JSON.stringify(text));
    assert.ok(text.includes('\r  ↓ redis  Pulling redis:7-alpine: 1/2 layers, 5.0 MB/10.0 MB\x1b[K'));
    assert.ok(text.includes('\r  ✓ redis  Pulled redis:7-alpine: 2 layers, 10.0 MB\x1b[K\n  ✓ redis  ready in'));
  });

  test('a live line cut short (a failed pull) is ended before anything else is printed', () => {
    const c = capture(true);
    const live = new LiveLine(c.out);
    live.update('  ↓ redis  Pulling redis:7-alpine…', false, false);
    live.end();
    live.end();
    assert.equal(c.text(), '\r  ↓ redis  Pulling redis:7-alpine…\x1b[K\n');
  });
});
