// Bundles the extension-host suites (test/e2e/host/*.ts) into out/e2e/host/*.js for the host to load.
// vscode is provided by the host; mocha stays external and resolves from the repository's node_modules.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './paths';

export const hostSuitesOut = join(repoRoot, 'out', 'e2e', 'host');

export async function bundleHostSuites(outDir = hostSuitesOut): Promise<string> {
  const src = join(repoRoot, 'test', 'e2e', 'host');
  const entries = readdirSync(src)
    .filter((f) => f === 'index.ts' || f.endsWith('.suite.ts'))
    .map((f) => join(src, f));
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode', 'mocha', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
    loader: { '.node': 'empty' },
  });
  return join(outDir, 'index.js');
}
