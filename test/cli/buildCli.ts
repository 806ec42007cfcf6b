// Bundles only the CLI entry (as esbuild.mjs does) into a temp dir, so CLI tests run the real bundle
// without depending on the other entry points building.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { removeTempWorkspaces } from './tempWorkspace';
import * as esbuild from 'esbuild';
import { GRAMMAR_FILES, packageDirOf } from '../../src/host/grammars';

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
  for (const f of GRAMMAR_FILES) copyFileSync(join(packageDirOf(f), f), join(grammars, f));
}

/**
 * For a test file that spawns the CLI: builds it before the tests, removes it (and the temp workspaces)
 * after, and returns `berth(args, cwd)` → execa's result (never rejects).
 */
export function spawnedCli(defaultCwd: string) {
  let cli = '';
  before(async () => {
    cli = await buildCli();
  });
  after(() => {
    rmSync(dirname(cli), { recursive: true, force: true });
    removeTempWorkspaces();
  });
  // execa is ESM-only: a dynamic import loads it from CommonJS (tsx).
  return async (args: string[], cwd = defaultCwd) => {
    const { execa } = await import('execa');
    return execa(process.execPath, [cli, ...args], { cwd, reject: false, env: { ...process.env, NO_COLOR: '1' } });
  };
}
