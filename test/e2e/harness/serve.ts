// `npm start` (scripts/start.mjs) ends here: the cached code-server with the packaged .vsix installed,
// serving examples/demo until Ctrl-C. State (HOME, user data, extensions) lives in the cache, so the
// editor keeps its layout between runs. It listens on loopback only and asks for a random password made for this
// run (never `--auth none`: that would hand a terminal as this user to any local process). Usage: node --import tsx test/e2e/harness/serve.ts <vsix> [folder]
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { startCodeServer } from './codeServer';
import { ensureHostTools, repoRoot } from './paths';

async function main(): Promise<void> {
  const [vsix, folder = join(repoRoot, 'examples', 'demo')] = process.argv.slice(2);
  if (!vsix) throw new Error('usage: serve.ts <berth.vsix> [folder]');
  const tools = await ensureHostTools();
  const password = randomBytes(18).toString('base64url');
  const cs = await startCodeServer(tools, {
    workspace: resolve(folder),
    vsix: [resolve(vsix)],
    stateDir: join(tools.dir, '..', 'start-state'),
    stopOnSignal: false,
    password,
  });
  const url = `${cs.url}/?folder=${encodeURIComponent(resolve(folder))}`;
  console.log(
    `\nBerth is running in VS Code (code-server on loopback, ${cs.url}) on ${resolve(folder)}\n\n` +
      `  Open     ${url}\n  Password ${password}   (made for this run; code-server asks for it once)\n\nPress Ctrl-C to stop.`,
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
