// Bundles the three entry points. Production: minified with external sourcemaps. The tree-sitter runtime's
// .wasm and the grammars the source finders use are copied to dist/grammars (the bundles load them from there).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? 'external' : 'linked',
  minify: production,
  logLevel: 'warning',
  // ssh2 (via docker-modem) has optional native addons; they are loaded lazily and guarded.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  loader: { '.node': 'empty' },
  // `berth --version` (src/cli/version.ts) without reading package.json at run time.
  define: { BERTH_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};

const entries = [
  { entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

const grammarFiles = JSON.parse(readFileSync(new URL('./src/host/grammarFiles.json', import.meta.url), 'utf8'));
// Each file from the package grammarFiles.json names for it (Kotlin's), else from VS Code's.
const wasmDir = (f) =>
  dirname(createRequire(import.meta.url).resolve(grammarFiles.from[f] ?? '@vscode/tree-sitter-wasm'));
mkdirSync('dist/grammars', { recursive: true });
for (const f of grammarFiles.files) copyFileSync(join(wasmDir(f), f), join('dist/grammars', f));

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
