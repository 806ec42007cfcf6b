// `npm start` (scripts/start.mjs) ends here: the cached code-server with the packaged .vsix installed,
// serving examples/demo until Ctrl-C. State (HOME, user data, extensions) lives in the cache, so the
// editor keeps its layout between runs. Usage: node --import tsx test/e2e/harness/serve.ts <vsix> [folder]
import { join, resolve } from 'node:path';
import { startCodeServer } from './codeServer';
import { ensureHostTools, repoRoot } from './paths';

async function main(): Promise<void> {
  const [vsix, folder = join(repoRoot, 'examples', 'demo')] = process.argv.slice(2);
  if (!vsix) throw new Error('usage: serve.ts <berth.vsix> [folder]');
  const tools = await ensureHostTools();
  const cs = await startCodeServer(tools, {
    workspace: resolve(folder),
    vsix: [resolve(vsix)],
    stateDir: join(tools.dir, '..', 'start-state'),
    stopOnSignal: false,
  });
  const url = `${cs.url}/?folder=${encodeURIComponent(resolve(folder))}`;
  console.log(
    `\nBerth is running in VS Code (code-server ${cs.url}) on ${resolve(folder)}\n\n  Open ${url}\n\nPress Ctrl-C to stop.`,
  );
  // `on`, not `once`: a second signal (Ctrl-C twice, or the parent forwarding one) must not kill this
  // process before it has stopped code-server's process group.
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= cs.stop().then(() => process.exit(0)));
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGHUP', () => void stop());
  // Stay alive while the server runs.
  setInterval(() => undefined, 1 << 30);
}

main().catch((e: unknown) => {
  console.error(`npm start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
