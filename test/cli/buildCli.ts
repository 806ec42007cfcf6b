// Bundles only the CLI entry (as esbuild.mjs does) into a temp dir, so CLI tests run the real bundle
// without depending on the other entry points building.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export async function buildCli(): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'berth-cli-')), 'cli.js');
  await esbuild.build({
    entryPoints: [join(__dirname, '..', '..', 'src', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
    loader: { '.node': 'empty' },
  });
  return outfile;
}
