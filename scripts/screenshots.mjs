// npm run screenshots: runs the UI suites on the packaged extension and writes the README's pictures to
// docs/images/ (sidebar.png: a healthy stack next to a port conflict; multiroot.png: two folders; quickfix.png: a diagnostic and its
// quick fix; cleanup-plan.png: the cleanup plan). Provisions the VS Code host first (cached).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'docs', 'images'));
mkdirSync(out, { recursive: true });
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter', 'spec', join(root, 'test', 'e2e', 'vscode.test.ts')],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, BERTH_SCREENSHOTS: out, BERTH_E2E_ONLY: 'ui' },
  },
);
if (r.status === 0) console.log(`pictures written to ${out}`);
process.exit(r.status ?? 1);
