// test-needs: engine
// Following a container's logs on both real engines: the last `tail` lines first (stdout and stderr told apart,
// each with the engine's timestamp), then lines as the container writes them, and the end said: the container
// exited, was removed, or we stopped following.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine, FollowEnd, LogLine } from '../../src/engine/connection';
import { closeClean, connectClean, runContainer, testEngines, waitFor } from '../support/engines';
import { rawDocker } from '../support/rawDocker';

const LABEL = 'berth.test';
const VALUE = 'engine-log-follow';
const END_MS = 20_000;

/** Resolves with how following ended, or fails after END_MS. */
function ended(done: Promise<FollowEnd>, what: string): Promise<FollowEnd> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    done,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: following did not end within ${END_MS} ms`)), END_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

testEngines().forEach(({ kind }) => {
  describe(`following logs on ${kind}`, () => {
    let engine: Engine;
    before(async () => {
      engine = await connectClean(kind, LABEL, VALUE);
    });
    after(() => closeClean(engine, LABEL, VALUE));

    test('the tail first, then live lines, with timestamps and streams; the exit ends it', async () => {
      // Three lines, then it waits for /tmp/go: following starts in between.
      // The tail is all stdout: the engines keep no order between stdout and stderr lines written together.
      const script =
        'echo one; echo two; echo three; while [ ! -f /tmp/go ]; do sleep 0.1; done; echo live; echo oops >&2; exit 3';
      const id = await runContainer(engine, {
        name: `berth-logs-tail-${kind}`,
        image: 'busybox:stable',
        labels: { [LABEL]: VALUE },
        cmd: ['sh', '-c', script],
      });
      await waitFor('the first lines in the log', async () => /three/.test(await engine.logs(id)), 20_000);
      const lines: LogLine[] = [];
      const follow = await engine.followLogs(id, { tail: 2, onLine: (l) => lines.push(l) });
      await waitFor('the tail', () => lines.length >= 2, 20_000);
      assert.deepEqual(
        lines.map((l) => [l.stream, l.text]),
        [
          ['stdout', 'two'],
          ['stdout', 'three'],
        ],
      );
      for (const l of lines)
        assert.ok(l.time && !Number.isNaN(Date.parse(l.time)), `no timestamp: ${JSON.stringify(l)}`);
      await engine.exec(id, ['touch', '/tmp/go'], 10_000);
      const end = await ended(follow.done, 'container exit');
      assert.deepEqual(end, { reason: 'ended' });
      assert.deepEqual(
        lines
          .slice(2)
          .map((l) => `${l.stream} ${l.text}`)
          .sort(),
        ['stderr oops', 'stdout live'],
      );
      assert.equal((await engine.inspect(id))?.exitCode, 3);
    });

    test('removing the container ends following; stop() ends it as stopped', async () => {
      const cmd = ['sh', '-c', 'while true; do echo tick; sleep 0.2; done'];
      const a = await runContainer(engine, {
        name: `berth-logs-rm-${kind}`,
        image: 'busybox:stable',
        labels: { [LABEL]: VALUE },
        cmd,
      });
      const ticks: LogLine[] = [];
      const fa = await engine.followLogs(a, { tail: 0, onLine: (l) => ticks.push(l) });
      await waitFor('a live tick', () => ticks.length > 0, 20_000);
      await rawDocker(engine).getContainer(a).remove({ force: true });
      assert.deepEqual(await ended(fa.done, 'container removal'), { reason: 'ended' });
      assert.equal(await engine.inspect(a), undefined);

      const b = await runContainer(engine, {
        name: `berth-logs-stop-${kind}`,
        image: 'busybox:stable',
        labels: { [LABEL]: VALUE },
        cmd,
      });
      const fb = await engine.followLogs(b, { tail: 0, onLine: () => undefined });
      fb.stop();
      assert.deepEqual(await ended(fb.done, 'stop()'), { reason: 'stopped' });
    });

    test('following a container that does not exist rejects', async () => {
      await assert.rejects(
        engine.followLogs('berth-no-such-container', { tail: 1, onLine: () => undefined }),
        (e: unknown) => {
          assert.equal((e as { statusCode?: number }).statusCode, 404);
          return true;
        },
      );
    });
  });
});
