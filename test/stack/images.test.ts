// test-needs: engine
// Build contexts go through dockerode's own .dockerignore filtering (as the Docker CLI filters them): an
// excluded file stays out, and a `!` exception brings a file back, on BOTH real engines. The Dockerfile
// itself checks what arrived, so a wrong context fails the build with the file's name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/engine/connection';
import { LABEL_SERVICE } from '../../src/engine/labels';
import { buildImage } from '../../src/stack/images';
import { resolveStack } from '../../src/stack/resolve';
import { connectTestEngine, testEngines } from '../support/engines';
import { rawDocker } from '../support/rawDocker';
import { fixture, type Fixture } from './fixtures';

const checks = [
  'test -f /ctx/keep.txt || { echo "keep.txt was not sent"; exit 1; }',
  'test ! -e /ctx/drop.txt || { echo "drop.txt was sent"; exit 1; }',
  'test -f /ctx/logs/kept.log || { echo "logs/kept.log was not sent"; exit 1; }',
  'test ! -e /ctx/logs/other.log || { echo "logs/other.log was sent"; exit 1; }',
  'test ! -e /ctx/secret || { echo "secret/ was sent"; exit 1; }',
];

for (const { kind } of testEngines()) {
  describe(`build context on ${kind}`, () => {
    let engine: Engine;
    const fixtures: Fixture[] = [];
    const service = `img${kind}`;
    before(async () => {
      engine = await connectTestEngine(kind);
    });
    after(async () => {
      for (const img of await engine.images(`${LABEL_SERVICE}=${service}`))
        await rawDocker(engine)
          .getImage(img.id)
          .remove({ force: true })
          .catch(() => undefined);
      engine.close();
      fixtures.forEach((f) => f.dispose());
    });

    test('.dockerignore excludes files and `!` exceptions re-include them', async () => {
      const f = fixture(
        `version: 1
services:
  ${service}:
    stack:
      app: { build: { context: app } }
`,
        {
          'app/Dockerfile': `FROM localhost/test-http\nCOPY . /ctx/\nRUN ${checks.join(' && ')}\n`,
          'app/.dockerignore':
            '# comments and blank lines are ignored\n\n*.txt\n!keep.txt\nlogs/\n!logs/kept.log\nsecret\n',
          'app/keep.txt': 'kept',
          'app/drop.txt': 'dropped',
          'app/logs/kept.log': 'kept',
          'app/logs/other.log': 'dropped',
          'app/secret/key': 'dropped',
        },
      );
      fixtures.push(f);
      const stack = await resolveStack(f.root, f.config, service);
      const tag = await buildImage(engine, service, stack.steps[0], AbortSignal.timeout(60_000));
      assert.ok(await engine.imageExists(tag), `image ${tag} exists`);
    });

    test("a context that breaks the check fails the build with the builder's message", async () => {
      const f = fixture(
        `version: 1
services:
  ${service}:
    stack:
      app: { build: { context: app } }
`,
        {
          'app/Dockerfile': `FROM localhost/test-http\nCOPY . /ctx/\nRUN ${checks.join(' && ')}\n`,
          'app/.dockerignore': '*.txt\n',
          'app/keep.txt': 'kept',
          'app/logs/kept.log': 'kept',
        },
      );
      fixtures.push(f);
      const stack = await resolveStack(f.root, f.config, service);
      await assert.rejects(buildImage(engine, service, stack.steps[0], AbortSignal.timeout(60_000)), /keep\.txt|exit/);
    });
  });
}
