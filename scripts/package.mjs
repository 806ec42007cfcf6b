// npm run package: production bundles, then berth-<version>.vsix with @vscode/vsce (.vscodeignore keeps it small).
// Usage: node scripts/package.mjs [--out <file.vsix>] [--no-build]
// Prints the .vsix path and its size; the e2e harness installs that file the way users do.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const out = resolve(outIdx >= 0 ? args[outIdx + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`));

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`package: ${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

if (!args.includes('--no-build')) run(process.execPath, [join(root, 'esbuild.mjs'), '--production']);
mkdirSync(dirname(out), { recursive: true });
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
// Relative README images resolve against the repository when published; vsce needs a base URL for them.
const base = process.env.BERTH_IMAGES_BASE_URL ?? 'https://raw.githubusercontent.com/berth-dev/berth/main/';
run(process.execPath, [
  vsce,
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--baseImagesUrl',
  base,
  '--baseContentUrl',
  base,
  '-o',
  out,
]);
const size = statSync(out).size;
console.log(`${out} (${(size / 1024).toFixed(0)} KiB)`);
