// `berth lsp` speaks LSP on stdio from the bundled CLI: initialize answers with the server's capabilities,
// shutdown + exit ends it with 0; a bad option is a usage error. (test/cli/neovim.test.ts drives it from Neovim.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildCli } from './buildCli';
import { tempWorkspace } from './tempWorkspace';

function frame(msg: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('berth lsp', () => {
  const ws = tempWorkspace({ 'berth.yaml': 'version: 1\nservices:\n  api:\n    ports: { http: 24821 }\n' });
  let cli = '';
  before(async () => {
    cli = await buildCli();
  });
  after(() => {
    rmSync(dirname(cli), { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  });
  const berth = async (args: string[]) => {
    const { execa } = await import('execa');
    return execa(process.execPath, [cli, ...args], { cwd: ws, reject: false });
  };

  test('answers initialize over stdio and exits 0 after shutdown and exit', async () => {
    const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { cwd: ws, stdio: ['pipe', 'pipe', 'inherit'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let out = '';
    const initialized = new Promise<void>((resolve) =>
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        if (out.includes('"id":1')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const uri = `file://${ws}`;
    child.stdin.write(
      frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: uri, capabilities: {} } }),
    );
    await Promise.race([initialized, exited]);
    assert.match(out, /"capabilities":\{/, `no initialize result: ${out}`);
    child.stdin.write(frame({ method: 'initialized', params: {} }));
    child.stdin.write(frame({ id: 2, method: 'shutdown' }));
    child.stdin.write(frame({ method: 'exit' }));
    const code = await exited;
    clearTimeout(killer);
    assert.equal(code, 0, 'killed after 30 s or exited without the shutdown being seen');
  });

  test('--help says how to use it; an unknown option is a usage error', async () => {
    const help = await berth(['lsp', '--help']);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /^usage: berth lsp/);
    const r = await berth(['lsp', '--socket=1']);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /^berth lsp: .*socket[\s\S]*usage: berth lsp/);
  });
});
