// test-needs: vscode-host
// `npm start`'s code-server path (test/e2e/harness/serve.ts) is served like a real remote editor: on loopback,
// behind the random password it prints with the URL. Without the password the workbench is not served; a wrong
// one is refused; the printed one opens it. Ctrl-C (SIGTERM here) stops the server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './harness/exec';
import { repoRoot } from './harness/paths';

async function login(url: string, password: string): Promise<Response> {
  return fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password }).toString(),
  });
}

describe('npm start serves code-server on loopback behind a random password', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-serve-test-'));
  const vsix = join(dir, 'berth.vsix');
  let child: ChildProcess | undefined;
  let printed = '';
  let url = '';
  let password = '';

  before(async () => {
    const packed = await run(process.execPath, [join(repoRoot, 'scripts', 'package.mjs'), '--out', vsix], {
      cwd: repoRoot,
      timeoutMs: 180_000,
    });
    assert.equal(packed.exitCode, 0, packed.stderr);
    child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'e2e', 'harness', 'serve.ts'), vsix], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (d) => (printed += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed within 120 s:\n${printed}`)), 120_000);
      child!.once('exit', (code) => reject(new Error(`serve.ts exited ${code}:\n${printed}`)));
      child!.stdout?.on('data', (d) => {
        printed += d;
        const u = /Open +(http:\/\/\S+)/.exec(printed);
        const p = /Password +(\S+)/.exec(printed);
        if (u && p) {
          clearTimeout(timer);
          url = new URL(u[1]!).origin;
          password = p[1]!;
          resolve();
        }
      });
    });
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('the printed URL is on loopback and the password is random-looking', () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(password.length >= 20, `password "${password}" is short`);
    assert.doesNotMatch(printed, /--auth none/);
  });

  test('without the password the workbench is not served; a wrong one is refused', async () => {
    const anon = await fetch(`${url}/`, { redirect: 'manual' });
    assert.equal(anon.status, 302);
    assert.match(anon.headers.get('location') ?? '', /login/);
    const wrong = await login(url, `${password}x`);
    assert.equal(wrong.headers.get('set-cookie'), null, 'a wrong password got a session');
  });

  test('the printed password opens a session that serves the workbench', async () => {
    const ok = await login(url, password);
    assert.equal(ok.status, 302);
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.match(cookie, /^code-server-session=/);
    let page = await fetch(`${url}/`, { headers: { cookie }, redirect: 'manual' });
    // code-server may send a signed-in user on to the last folder: anywhere but the login page.
    if (page.status === 302) {
      const to = page.headers.get('location') ?? '';
      assert.doesNotMatch(to, /login/);
      page = await fetch(new URL(to, `${url}/`), { headers: { cookie }, redirect: 'manual' });
    }
    assert.equal(page.status, 200);
    assert.match(await page.text(), /vscode|workbench/i);
  });

  test('SIGTERM (Ctrl-C) stops the server', async () => {
    const gone = new Promise((r) => child!.once('exit', r));
    child!.kill('SIGTERM');
    await gone;
    await assert.rejects(fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }));
  });
});
