// When the state store re-reads: one event is read in the same event-loop turn's aftermath (no fixed delay),
// events during a read coalesce into exactly one more read, and nothing reads after dispose.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshQueue } from '../../src/engine/refreshQueue';

const turn = () => new Promise<void>((r) => setImmediate(r));

/** A read that stays open until released, counting how many started. */
function gatedReads() {
  let release: (() => void) | undefined;
  const state = { started: 0 };
  const read = () => {
    state.started++;
    return new Promise<void>((r) => (release = r));
  };
  const finish = async () => {
    release?.();
    release = undefined;
    await turn();
  };
  return { state, read, finish };
}

describe('RefreshQueue', () => {
  test('one event: one read, started after the current turn without waiting for a timer', async () => {
    const g = gatedReads();
    const q = new RefreshQueue(g.read);
    q.kick();
    assert.equal(g.state.started, 0, 'not inside the event handler itself');
    await turn();
    assert.equal(g.state.started, 1);
    await g.finish();
    await turn();
    assert.equal(g.state.started, 1, 'no second read without a second event');
  });

  test('events in one turn share a read; events during a read add exactly one more', async () => {
    const g = gatedReads();
    const q = new RefreshQueue(g.read);
    for (let i = 0; i < 5; i++) q.kick();
    await turn();
    assert.equal(g.state.started, 1);
    for (let i = 0; i < 7; i++) q.kick();
    await g.finish();
    assert.equal(g.state.started, 2, 'the burst during the read: one more read');
    await g.finish();
    await turn();
    assert.equal(g.state.started, 2);
  });

  test('run() joins a read already running and covers the one it adds', async () => {
    const g = gatedReads();
    const q = new RefreshQueue(g.read);
    const first = q.run();
    const second = q.run();
    assert.equal(g.state.started, 1);
    let done = false;
    void second.then(() => (done = true));
    await g.finish();
    assert.equal(g.state.started, 2);
    assert.equal(done, false, 'not resolved before the added read ended');
    await g.finish();
    await Promise.all([first, second]);
    assert.equal(done, true);
  });

  test('a window holds the first read until it closes; dispose cancels a pending read', async () => {
    // A window far longer than any stall of a loaded machine, so "still held" cannot race the timer.
    const held = gatedReads();
    const long = new RefreshQueue(held.read, 60_000);
    long.kick();
    await turn();
    assert.equal(held.state.started, 0, 'held by the window');
    long.dispose();

    // A short window does open: the read starts once it has closed (bounded wait, no timing asserted).
    const g = gatedReads();
    const windowed = new RefreshQueue(g.read, 20);
    windowed.kick();
    for (let i = 0; i < 500 && g.state.started === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(g.state.started, 1);
    await g.finish();

    const h = gatedReads();
    const q = new RefreshQueue(h.read);
    q.kick();
    q.dispose();
    await turn();
    await turn();
    assert.equal(h.state.started, 0);
    assert.equal(await q.run(), undefined);
    assert.equal(h.state.started, 0);
  });
});
