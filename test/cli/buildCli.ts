// Bundles only the CLI entry (as esbuild.mjs does) into a temp dir, so CLI tests run the real bundle
// without depending on the other entry points building.
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';
import { GRAMMAR_FILES } from '../../src/host/grammars';

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
  copyGrammars(dirname(outfile));
  return outfile;
}

/** The grammars beside a bundle in `dir`, as esbuild.mjs puts them in dist/grammars. */
export function copyGrammars(dir: string): void {
  const grammars = join(dir, 'grammars');
  mkdirSync(grammars, { recursive: true });
  const wasm = dirname(require.resolve('@vscode/tree-sitter-wasm'));
  for (const f of GRAMMAR_FILES) copyFileSync(join(wasm, f), join(grammars, f));
}
