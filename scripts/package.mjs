// npm run package: production bundles, then berth-<version>.vsix with @vscode/vsce (.vscodeignore keeps it small).
// Usage: node scripts/package.mjs [--out <file.vsix>] [--no-build] [--ls]   (--ls: only list what the .vsix would hold)
// The npm package is scoped (@berth-dev/berth: the bare name is taken on the registry), but an extension's name
// cannot carry a scope: vsce runs on a staged copy whose package.json names the extension `berth` (its id stays
// berth-dev.berth) and drops `files` (the npm allow-list; the .vsix is chosen by .vscodeignore). vsce rewrites the
// README's relative links against `repository`; the images also ship inside the .vsix.
// Prints the .vsix path and its size; the e2e harness installs that file the way users do.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** The extension's name: the npm package's name without its scope. */
const extensionName = pkg.name.split('/').pop();
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const out = resolve(outIdx >= 0 ? args[outIdx + 1] : join(root, `${extensionName}-${pkg.version}.vsix`));
// What the staged copy needs; .vscodeignore then picks what goes into the .vsix.
const STAGED = ['.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist', 'media', 'schemas', 'docs/images'];

function run(cmd, cmdArgs, cwd = root) {
  const r = spawnSync(cmd, cmdArgs, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`package: ${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

if (!args.includes('--no-build') && !args.includes('--ls'))
  run(process.execPath, [join(root, 'esbuild.mjs'), '--production']);
if (!args.includes('--ls')) mkdirSync(dirname(out), { recursive: true });
const stage = mkdtempSync(join(tmpdir(), 'berth-vsix-'));
try {
  for (const p of STAGED) if (existsSync(join(root, p))) cpSync(join(root, p), join(stage, p), { recursive: true });
  const manifest = { ...pkg, name: extensionName };
  delete manifest.files;
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (args.includes('--ls')) {
    run(process.execPath, [vsce, 'ls', '--no-dependencies'], stage);
  } else {
    run(process.execPath, [vsce, 'package', '--no-dependencies', '-o', out], stage);
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
if (!args.includes('--ls')) console.log(`${out} (${(statSync(out).size / 1024).toFixed(0)} KiB)`);
