// test-needs: neovim
// `berth lsp` from another editor: Neovim's own headless LSP client (Debian's neovim, scripts/provision/tools.sh)
// starts the bundled CLI's language server on a berth.yaml with a duplicate allocation and must receive the
// diagnostic. Every wait is bounded: the Lua side gives up after BERTH_NVIM_WAIT_MS, the process after a kill timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCli } from './buildCli';
import { tempWorkspace } from './tempWorkspace';

const BERTH_YAML = `version: 1
services:
  api:
    ports: { http: 24811 }
  web:
    ports: { http: 24811 }
`;

test('Neovim’s built-in client runs `berth lsp` and shows its diagnostic on berth.yaml', async () => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  assert.ok(
    version.status === 0,
    `nvim is not installed or does not start (${version.error?.message ?? version.stderr}): run scripts/provision/tools.sh`,
  );
  const cli = await buildCli();
  const ws = tempWorkspace({ 'berth.yaml': BERTH_YAML });
  const outDir = mkdtempSync(join(tmpdir(), 'berth-nvim-'));
  const out = join(outDir, 'diagnostics.txt');
  try {
    const r = spawnSync(
      'nvim',
      ['--headless', '--clean', '-c', `luafile ${join(__dirname, 'fixtures', 'neovim-lsp.lua')}`],
      {
        cwd: ws,
        encoding: 'utf8',
        timeout: 60_000,
        killSignal: 'SIGKILL',
        env: {
          ...process.env,
          BERTH_NVIM_OUT: out,
          BERTH_NODE: process.execPath,
          BERTH_CLI: cli,
          BERTH_NVIM_WAIT_MS: '30000',
        },
      },
    );
    assert.equal(r.error, undefined, `nvim did not finish: ${r.error?.message}\n${r.stderr}`);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.ok(!lines.includes('timeout'), `no diagnostic reached Neovim:\n${lines.join('\n')}\n${r.stderr}`);
    assert.ok(
      lines.some((l) => /^\d+:duplicate-allocation:.*24811/.test(l)),
      `expected the duplicate allocation of 24811, got:\n${lines.join('\n')}`,
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dirname(cli), { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  }
});
