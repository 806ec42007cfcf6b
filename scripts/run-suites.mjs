// Runs the test suites with the Node test runner, in one invocation so one summary ends the output.
//   unit: pure logic, the language server over LSP, the CLI on fixtures (no engine, no VS Code)
//   engine: real Docker and real Podman (engine, host holders, stack runner, cleanup)
//   e2e: the extension in a real VS Code host (code-server + Chromium)
// Usage: node scripts/run-suites.mjs [all|unit|engine|e2e]...
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const suites = {
  unit: ['test/core', 'test/server', 'test/cli', 'test/extension/unit'],
  engine: ['test/engine', 'test/host', 'test/stack', 'test/cleanup', 'test/extension/engine'],
  e2e: ['test/e2e'],
};
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = asked.length === 0 || asked.includes('all') ? Object.keys(suites) : asked;

function collect(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(collect(p));
    else if (e.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const files = names
  .flatMap((n) => {
    if (!suites[n]) {
      console.error(`unknown suite "${n}" (one of: ${Object.keys(suites).join(', ')}, all)`);
      process.exit(2);
    }
    return suites[n].flatMap(collect);
  })
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Engine suites share host ports and engines: run files one at a time.
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
