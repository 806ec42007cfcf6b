// `berth lsp`: the Berth language server over stdin/stdout, for other editors' LSP clients (Neovim, Helix …);
// the same server the VS Code extension starts from dist/server.js. It runs until the client sends exit or
// closes stdin. --stdio is accepted because many clients pass it by habit.
import { parseCommandArgs, usageFailure } from './args';
import type { CliIo } from './io';

export const USAGE = 'usage: berth lsp [--stdio]';

export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    const { values } = parseCommandArgs(args, { stdio: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      io.stdout.write(`${USAGE}\nSpeaks the Language Server Protocol on stdin/stdout (see README "Other editors").\n`);
      return 0;
    }
  } catch (e) {
    return usageFailure('lsp', USAGE, e, io);
  }
  const { serve } = await import('../server/serve.js');
  serve({ input: io.stdin, output: io.stdout });
  // The connection exits the process itself (on exit, or when stdin closes): never resolve.
  return new Promise<number>(() => undefined);
}
