// Start Stack of a service whose image only a loopback registry has: the progress notification shows the pull
// ("Pulling <image>: n/m layers, x MB/y MB") while it lasts, then the stack's one-shot runs from the pulled image. The registry (Debian's
// docker-registry) sits behind a slow front so the pull lasts long enough to be seen; the service is added to the
// workspace's berth.yaml for this suite only and taken out again, with its stack and the pulled image.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { connectEngine, type Engine } from '../../../src/engine/connection';
import { run } from '../harness/exec';
import { repoRoot } from '../harness/paths';
import { LoopbackRegistry, pushOnly, removeImage, slowFront } from '../../support/registry';
import type { UiSuite } from './context';
import { openBerthView, quickPickRows, runCommand, treeRow } from './workbench';

const SERVICE = 'pullprogress';
/** An 8 MB layer at 1 MB/s: a pull of about eight seconds. */
const LAYER_BYTES = 8_000_000;
const FRONT_BYTES_PER_S = 1_000_000;

export const pullProgress: UiSuite = {
  name: 'Start Stack of a service whose image must be pulled shows the pull, layer by layer, in its notification',
  async run({ page, workspace, engineHost }) {
    const file = join(workspace, 'berth.yaml');
    const original = readFileSync(file, 'utf8');
    let engine: Engine | undefined;
    let registry: LoopbackRegistry | undefined;
    let front: Awaited<ReturnType<typeof slowFront>> | undefined;
    let image: string | undefined;
    try {
      engine = await connectEngine({ host: engineHost, timeoutMs: 5000 });
      // Podman pulls from a plain-HTTP registry only when its registries.conf lists it insecure (the engine tests
      // give a podman service of their own one); the workbench's engine cannot be given one here.
      assert.equal(engine.kind, 'docker', `the pull suite needs Docker as the main engine (got ${engine.kind})`);
      registry = await LoopbackRegistry.start();
      front = await slowFront(registry.port, FRONT_BYTES_PER_S);
      await pushOnly(engine, `${registry.address}/berth-e2e/pull:1`, LAYER_BYTES);
      // The same repository through the slow front: the registry does not care which port the engine dialled.
      image = `127.0.0.1:${front.port}/berth-e2e/pull:1`;
      const doc = parseDocument(original);
      doc.setIn(['services', SERVICE], { stack: { app: { image, command: ['true'], run: 'once' } } });
      writeFileSync(file, doc.toString());

      await openBerthView(page);
      await treeRow(page, SERVICE).waitFor({ timeout: 30_000 });
      await runCommand(page, 'Berth: Start Stack');
      const pick = quickPickRows(page).filter({ hasText: SERVICE }).first();
      await pick.waitFor({ timeout: 20_000 });
      await pick.click();
      // Toasts do not show in this headless workbench; the notification center lists the same notifications, live.
      await runCommand(page, 'Notifications: Show Notifications');
      const rows = page.locator('.notifications-center .monaco-list-row');
      const pulling = new RegExp(
        `Pulling ${image.replace(/[.]/g, '\\.')}: \\d+/\\d+ layers, [\\d.]+ [kM]B/[\\d.]+ [kM]B`,
      );
      // What the notifications read meanwhile, for the failure message.
      const seen = new Set<string>();
      let watching = true;
      const watch = (async () => {
        while (watching) {
          for (const t of await rows.allInnerTexts().catch(() => [])) seen.add(t);
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      try {
        const row = rows.filter({ hasText: pulling }).first();
        await row.waitFor({ timeout: 60_000 });
        assert.match(await row.innerText(), new RegExp(`Berth: starting ${SERVICE}`));
        // The center closes with the progress notification; the stack's one-shot then ran from the pulled image.
        await rows
          .filter({ hasText: `Berth: starting ${SERVICE}` })
          .first()
          .waitFor({ state: 'detached', timeout: 90_000 });
        const ran = await engine.inspect(`berth-${SERVICE}-app`);
        assert.equal(ran?.image, image, `the app container: ${JSON.stringify(ran)}`);
        assert.equal(ran.state, 'exited');
        assert.equal(ran.exitCode, 0);
      } catch (e) {
        throw new Error(`${(e as Error).message}\nthe notifications read: ${JSON.stringify([...seen])}`, { cause: e });
      } finally {
        watching = false;
        await watch;
      }
    } finally {
      // berth down while the service is still in berth.yaml, then the file as it was.
      const down = await run(
        process.execPath,
        [join(repoRoot, 'dist', 'cli.js'), 'down', SERVICE, '--root', workspace, '--host', engineHost],
        { timeoutMs: 60_000 },
      ).catch(() => undefined);
      if (down && down.exitCode !== 0)
        console.error(`berth down ${SERVICE}: exit ${down.exitCode}\n${down.stdout}${down.stderr}`);
      writeFileSync(file, original);
      if (engine && image) await removeImage(engine, image);
      if (engine && registry) await removeImage(engine, `${registry.address}/berth-e2e/pull:1`);
      engine?.close();
      await front?.close();
      await registry?.stop();
    }
  },
};
