// test-needs: engine
// Engine stopped mid-stream → the store says unreachable → engine back → the store recovers by itself.
// Uses a private daemon per engine kind (never the shared engines).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connectEngine } from '../../src/engine/connection';
import { EngineStateStore } from '../../src/engine/state';
import { testEngines } from '../support/engines';
import { PrivateEngine } from './privateEngine';

testEngines().forEach(({ kind }) => {
  describe(`reconnect on ${kind}`, () => {
    const daemon = new PrivateEngine(kind);
    let store: EngineStateStore | undefined;

    before(async () => {
      await daemon.start();
    });
    after(async () => {
      store?.dispose();
      await daemon.stop();
    });

    test('unreachable when the engine dies mid-stream, connected again when it is back', async () => {
      store = new EngineStateStore({
        connect: () => connectEngine({ host: daemon.host, timeoutMs: 2000 }),
        pollMs: 3_600_000, // only the stream break and the retry loop may notice
        backoff: { initialMs: 100, maxMs: 1000 },
      });
      const changes: string[] = [];
      store.onDidChange((s) => changes.push(s.engine.state));
      await store.start();
      const first = store.snapshot().engine;
      assert.equal(first.state, 'connected', JSON.stringify(first));
      assert.equal(first.state === 'connected' && first.kind, kind);

      await daemon.stop();
      const down = await store.waitFor((s) => s.engine.state === 'unreachable', 20_000, 'unreachable');
      assert.ok(down.engine.state === 'unreachable');
      assert.match(
        down.engine.reason,
        new RegExp(`${daemon.socketPath}: (no such socket|connection refused|connection reset)`),
      );
      assert.deepEqual(
        down.engine.tried.map((t) => t.target),
        [daemon.host],
      );

      await daemon.start();
      const up = await store.waitFor((s) => s.engine.state === 'connected', 30_000, 'connected again');
      assert.ok(up.engine.state === 'connected' && up.engine.kind === kind);
      assert.deepEqual(
        changes.filter((s, i) => s !== changes[i - 1]),
        ['connected', 'unreachable', 'connected'],
      );
    });

    test('an engine that is down at start is a state, and the store picks it up when it appears', async () => {
      store?.dispose();
      await daemon.stop();
      store = new EngineStateStore({
        connect: () => connectEngine({ host: daemon.host, timeoutMs: 2000 }),
        pollMs: 3_600_000,
        backoff: { initialMs: 100, maxMs: 500 },
      });
      await store.start(); // resolves, never rejects
      assert.equal(store.snapshot().engine.state, 'unreachable');
      await daemon.start();
      await store.waitFor((s) => s.engine.state === 'connected', 30_000, 'connected after the engine appeared');
    });
  });
});
