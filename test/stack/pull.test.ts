// test-needs: engine
// Preflight pulls against a real registry on loopback (Debian's docker-registry), on BOTH engines: a present image
// is used as it is, a missing one is pulled with per-layer progress, `pull: never` and an image the registry lacks
// and a registry that is down each fail naming the image (and the registry's own message), `--pull always`
// pulls a present image again, and Cancel ends a pull. The image pushed is built here from the offline test
// image plus a random blob, so its top layer can only come from the registry.
// Podman refuses plain-HTTP registries not listed insecure (Docker allows 127.0.0.0/8 by itself): its tests use a
// podman service of their own on a temp socket, given a registries.conf of the test's own through
// CONTAINERS_REGISTRIES_CONF (nothing in /etc is touched; same podman, same storage as the shared service).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectEngine, type Engine } from '../../src/engine/connection';
import { LABEL_SERVICE } from '../../src/engine/labels';
import type { PullPolicy } from '../../src/core/types';
import { startStack, stopStack, type StackEvent, type StackResult } from '../../src/stack/runner';
import { PrivateEngine } from '../engine/privateEngine';
import { connectTestEngine, removeLabelled, testEngines } from '../support/engines';
import { runCommand } from '../support/cli';
import { run as berthUp } from '../../src/cli/up';
import { freeLoopbackPort, LoopbackRegistry, pushOnly, removeImage } from '../support/registry';
import { fixture, type Fixture } from './fixtures';

const RUN_MS = 45_000;

for (const { kind } of testEngines()) {
  describe(`image pull on ${kind} from a loopback registry`, () => {
    const service = `pull${kind}`;
    let registry: LoopbackRegistry | undefined;
    let podman: PrivateEngine | undefined;
    let engine: Engine;
    let image: string;
    const fixtures: Fixture[] = [];

    /** A one-shot step running `true` in the image, started with startStack; its events are collected. */
    async function up(
      ref: string,
      opts: { pull?: PullPolicy; stepPull?: PullPolicy; signal?: AbortSignal; onEvent?: (e: StackEvent) => void } = {},
    ): Promise<{ result: StackResult; events: StackEvent[] }> {
      const f = fixture(
        `version: 1\nservices:\n  ${service}:\n    stack:\n      app: { image: "${ref}", command: ["true"], run: once${opts.stepPull ? `, pull: ${opts.stepPull}` : ''} }\n`,
      );
      fixtures.push(f);
      const events: StackEvent[] = [];
      const result = await startStack({
        engine,
        root: f.root,
        config: f.config,
        service,
        pull: opts.pull,
        signal: opts.signal ?? AbortSignal.timeout(RUN_MS),
        onEvent: (e) => {
          events.push(e);
          opts.onEvent?.(e);
        },
      });
      await stopStack({ engine, service, config: f.config, stopTimeoutS: 1 });
      return { result, events };
    }
    const pulls = (events: StackEvent[]) => events.filter((e) => e.phase === 'pulling');

    before(async () => {
      registry = await LoopbackRegistry.start();
      if (kind === 'podman') {
        const conf = join(registry.dir, 'registries.conf');
        writeFileSync(conf, `[[registry]]\nlocation = "${registry.address}"\ninsecure = true\n`);
        podman = new PrivateEngine('podman', {
          socketPath: join(registry.dir, 'podman.sock'),
          env: { CONTAINERS_REGISTRIES_CONF: conf },
        });
        await podman.start();
        engine = await connectEngine({ host: podman.host, timeoutMs: 5000 });
      } else engine = await connectTestEngine(kind);
      await removeLabelled(engine, LABEL_SERVICE, service);
      // An image whose top layer exists nowhere but in the registry once the local copy is removed.
      image = `${registry.address}/berth-pull/tiny:${kind}`;
      await pushOnly(engine, image, 300_000);
    });

    after(async () => {
      if (engine) {
        await removeLabelled(engine, LABEL_SERVICE, service);
        if (image) await removeImage(engine, image);
        engine.close();
      }
      await podman?.stop();
      await registry?.stop();
      fixtures.forEach((f) => f.dispose());
    });

    test('a present image is used as it is: no pull', async () => {
      const { result, events } = await up('localhost/test-http');
      assert.equal(result.ok, true, JSON.stringify(result.error));
      assert.deepEqual(pulls(events), []);
    });

    test('a missing image is pulled from the registry with per-layer progress, then runs', async () => {
      assert.equal(await engine.imageExists(image), false, 'the pushed image is still on the engine');
      const { result, events } = await up(image);
      assert.equal(result.ok, true, JSON.stringify(result.error));
      assert.equal(result.steps[0].state, 'ready');
      const seen = pulls(events);
      assert.ok(seen.length >= 2, `pull events: ${JSON.stringify(seen)}`);
      assert.ok(seen.every((e) => e.step === 'app' && e.pull?.image === image));
      const last = seen.at(-1)!.pull!;
      assert.equal(last.complete, true, 'the last pull event tells the pull complete');
      assert.ok(last.layers >= 1 && last.layersDone === last.layers, JSON.stringify(last));
      assert.ok(
        seen.some((e) => e.pull!.milestone && !e.pull!.complete && e.pull!.last?.layer),
        'no event told a layer finished',
      );
      assert.match(seen.at(-1)!.detail!, new RegExp(`^Pulled ${image.replace(/[.]/g, '\\.')}: \\d+ layers?`));
      assert.equal(await engine.imageExists(image), true);
    });

    test('--pull always pulls an image that is present', async () => {
      assert.equal(await engine.imageExists(image), true);
      const { result, events } = await up(image, { pull: 'always' });
      assert.equal(result.ok, true, JSON.stringify(result.error));
      assert.equal(pulls(events).at(-1)?.pull?.complete, true);
    });

    test('pull: never refuses a missing image before creating anything', async () => {
      const absent = `${registry!.address}/berth-pull/absent:1`;
      const { result, events } = await up(absent, { stepPull: 'never' });
      assert.equal(result.error?.kind, 'preflight');
      assert.match(result.error.message, /image 127\.0\.0\.1:\d+\/berth-pull\/absent:1 is not present .*pull: never/);
      assert.deepEqual(pulls(events), []);
      assert.ok(result.steps.every((s) => !s.containerId));
    });

    test("an image the registry does not have fails naming it and the registry's message", async () => {
      const nope = `${registry!.address}/berth-pull/nope:1`;
      const { result } = await up(nope);
      assert.equal(result.error?.kind, 'preflight', JSON.stringify(result.error));
      assert.ok(result.error.message.includes(`pulling ${nope} failed: `), result.error.message);
      assert.match(result.error.message, /manifest unknown/);
    });

    test('a registry that is down fails clearly, in bounded time', async () => {
      const down = `127.0.0.1:${await freeLoopbackPort()}/berth-pull/tiny:1`;
      const { result } = await up(down);
      assert.equal(result.error?.kind, 'preflight', JSON.stringify(result.error));
      assert.ok(result.error.message.includes(`pulling ${down} failed: `), result.error.message);
      assert.match(result.error.message, /connection refused/);
    });

    test('berth up --pull always on a pipe: a line per finished layer, one for the finished pull', async () => {
      const f = fixture(
        `version: 1\nservices:\n  ${service}:\n    stack:\n      app: { image: "${image}", command: ["true"], run: once }\n`,
      );
      fixtures.push(f);
      try {
        const r = await runCommand(berthUp, [service, '--pull', 'always', '--host', engine.socket], f.root);
        assert.equal(r.code, 0, r.err);
        const lines = r.out.split('\n').filter((l) => l.includes(image));
        assert.ok(lines.length >= 1, r.out);
        // The image is there already: Docker tells no layers then, Podman each as present.
        assert.match(lines.at(-1)!, new RegExp(`^  ✓ app +Pulled ${image.replace(/[.]/g, '\\.')}(: \\d+ layers?.*)?$`));
        assert.ok(
          lines.slice(0, -1).every((l) => /^ {2}↓ app +Pulling .*: \d+\/\d+ layers/.test(l)),
          r.out,
        );
        assert.ok(!r.out.includes('\r'), 'a pipe got a live line');
      } finally {
        await stopStack({ engine, service, config: f.config, stopTimeoutS: 1 });
      }
    });

    test('Cancel during a pull ends the run as cancelled, with nothing created', async () => {
      await removeImage(engine, image);
      const abort = new AbortController();
      const { result } = await up(image, {
        signal: abort.signal,
        onEvent: (e) => {
          if (e.phase === 'pulling' && e.pull?.layers) abort.abort();
        },
      });
      assert.equal(result.error?.kind, 'cancelled', JSON.stringify(result.error));
      assert.ok(result.steps.every((s) => !s.containerId));
    });
  });
}
