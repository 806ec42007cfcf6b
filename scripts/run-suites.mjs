// Runs the test suites with the Node test runner, in one invocation so one summary ends the output.
// A test file's suite is what it needs, not its folder: a line `// test-needs: engine` (real Docker and Podman)
// or `// test-needs: vscode-host` (a real VS Code host: code-server + Chromium) or `// test-needs: neovim` (Debian's
// nvim, driving `berth lsp`; both provisioned host tools, so both in e2e) in the file; without one it is pure
// (no engine, no VS Code, no root), and `unit` runs it. A pure file that does need an engine fails loudly under
// `unit` on a machine without one; a mislabelled engine file would only be skipped, so the label is opt-in.
//   unit (or pure): every pure file    engine: every engine file    e2e (or host): every host file    all: all
// Usage: node scripts/run-suites.mjs [all|unit|pure|engine|e2e|host]... [--list]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const NEEDS = { pure: 'unit', engine: 'engine', 'vscode-host': 'e2e', neovim: 'e2e' };
const ALIASES = { pure: 'unit', host: 'e2e' };
const MARKER = /^\/\/ test-needs: (\S+)\s*$/m;

function collect(dir) {
  let out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (e === 'node_modules') continue;
    if (statSync(p).isDirectory()) out = out.concat(collect(p));
    else if (e.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** The suite of one test file, from its marker; an unknown marker is an error named by file and line. */
function suiteOf(file) {
  const text = readFileSync(file, 'utf8');
  const m = MARKER.exec(text);
  if (!m) return 'unit';
  const suite = NEEDS[m[1]];
  if (!suite) {
    const line = text.slice(0, m.index).split('\n').length;
    console.error(`${file}:${line}: unknown test-needs "${m[1]}" (one of: ${Object.keys(NEEDS).join(', ')})`);
    process.exit(2);
  }
  return suite;
}

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const asked = args.filter((a) => !a.startsWith('-')).map((a) => ALIASES[a] ?? a);
const known = new Set(Object.values(NEEDS));
for (const a of asked) {
  if (a !== 'all' && !known.has(a)) {
    console.error(`unknown suite "${a}" (one of: ${[...known, ...Object.keys(ALIASES)].join(', ')}, all)`);
    process.exit(2);
  }
}
const wanted = asked.length === 0 || asked.includes('all') ? known : new Set(asked);
const files = collect(join(root, 'test'))
  .filter((f) => wanted.has(suiteOf(f)))
  .map((f) => relative(process.cwd(), f))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
if (args.includes('--list')) {
  for (const f of files) console.log(`${suiteOf(f)}\t${f}`);
  process.exit(0);
}
// Engine suites share host ports and engines: run files one at a time.
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
