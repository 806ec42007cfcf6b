// Prints the container engines that answer, one line each: "<docker|podman> <endpoint URL> <source>", in
// Berth's own discovery order (src/engine), so provisioning and the editor agree on what "the user's engine" is.
// Only endpoints a CLI can build on are listed (unix sockets and plain tcp); ssh and TLS endpoints are skipped.
// Usage: node --import tsx scripts/provision/answering.ts [--wait <unix socket path> <seconds>]
import { candidates, connectEngine } from '../../src/engine/connection';

async function answers(host: string, timeoutMs: number): Promise<'docker' | 'podman' | undefined> {
  try {
    const engine = await connectEngine({ host, timeoutMs });
    engine.close();
    return engine.kind;
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--wait') {
    const [, path, seconds] = argv;
    if (!path || !(Number(seconds) > 0)) throw new Error('usage: --wait <unix socket path> <seconds>');
    const deadline = Date.now() + Number(seconds) * 1000;
    while (Date.now() < deadline) {
      if (await answers(`unix://${path}`, 1000)) return 0;
      await new Promise((r) => setTimeout(r, 200));
    }
    return 1;
  }
  for (const c of candidates()) {
    if (c.spec?.protocol !== 'unix' && c.spec?.protocol !== 'http') continue;
    const kind = await answers(c.target, 2000);
    if (kind) console.log(`${kind} ${c.target} ${c.source}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`answering: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
