// test-needs: engine
// Watching a container's output (a readiness probe's wake) on both real engines: told of output the container
// writes after the watch began, with or without a TTY; stop() leaves the container running; no such container
// rejects.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/engine/connection';
import { closeClean, connectClean, runContainer, testEngines, waitFor } from '../support/engines';

const LABEL = 'berth.test';
const VALUE = 'engine-output-watch';
// Quiet until /tmp/go exists, then one line, then it stays up.
const SCRIPT = 'while [ ! -f /tmp/go ]; do sleep 0.1; done; echo ready; exec sleep 600';

testEngines().forEach(({ kind }) => {
  describe(`watching output on ${kind}`, () => {
    let engine: Engine;
    before(async () => {
      engine = await connectClean(kind, LABEL, VALUE);
    });
    after(() => closeClean(engine, LABEL, VALUE));

    for (const tty of [false, true])
      test(`output written after the watch began is told${tty ? ' (TTY)' : ''}; stop() leaves it running`, async () => {
        const id = await runContainer(engine, {
          name: `berth-watch-${tty ? 'tty' : 'plain'}-${kind}`,
          image: 'busybox:stable',
          labels: { [LABEL]: VALUE },
          cmd: ['sh', '-c', SCRIPT],
          tty,
        });
        let told = 0;
        const watch = await engine.watchOutput(id, () => told++);
        await engine.exec(id, ['touch', '/tmp/go'], 10_000);
        await waitFor('the line told', () => told > 0, 20_000);
        watch.stop();
        await waitFor('the line in the log', async () => /ready/.test(await engine.logs(id)), 20_000);
        assert.equal((await engine.inspect(id))?.running, true);
      });

    test('watching a container that does not exist rejects', async () => {
      await assert.rejects(engine.watchOutput('berth-no-such-container', () => undefined));
    });
  });
});
