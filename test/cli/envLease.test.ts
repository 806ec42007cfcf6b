// `berth env --lease` as real processes: the lease belongs to the caller (asking again is fine), another caller is
// told who holds it, and a port in use on the host is named with its holder. Exit 1 for both refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCli } from './buildCli';
import { removeTempWorkspaces, tempWorkspace } from './tempWorkspace';

let cli: string;
const cache = mkdtempSync(join(tmpdir(), 'berth-cache-'));
before(async () => {
  cli = await buildCli();
});
after(() => {
  rmSync(dirname(cli), { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
  removeTempWorkspaces();
});

const root = tempWorkspace({
  'berth.yaml': 'version: 1\nservices:\n  we:\n    workers: 2\n    ports: { http: 26030, redis: 26040 }\n',
});

async function berth(args: string[], via?: 'another parent') {
  const { execa } = await import('execa');
  const env = { ...process.env, XDG_CACHE_HOME: cache };
  // A different parent process: a node that runs berth and passes its exit code and output on.
  if (via)
    return execa(
      process.execPath,
      [
        '-e',
        'const r=require("child_process").spawnSync(process.execPath,process.argv.slice(1),{stdio:"inherit"});process.exit(r.status)',
        cli,
        ...args,
      ],
      { cwd: root, reject: false, env },
    );
  return execa(process.execPath, [cli, ...args], { cwd: root, reject: false, env });
}

describe('berth env --lease', () => {
  test('leases the worker ports to its caller; the same caller may ask again, another is refused naming it', async () => {
    const first = await berth(['env', 'we', '--worker', '2', '--lease']);
    assert.equal(first.exitCode, 0, first.stderr);
    assert.match(first.stdout, /^BERTH_HTTP_PORT=26031$/m);
    assert.deepEqual(readdirSync(join(cache, 'berth', 'locks')).sort(), ['port-26031.lock', 'port-26041.lock']);
    const again = await berth(['env', 'we', '--worker', '2', '--lease']);
    assert.equal(again.exitCode, 0, again.stderr);
    const other = await berth(['env', 'we', '--worker', '2', '--lease', '--no-wait'], 'another parent');
    assert.equal(other.exitCode, 1);
    assert.equal(other.stdout, '');
    assert.match(
      other.stderr,
      new RegExp(`^berth env: port 26031 is held by pid ${process.pid} \\(berth env we worker 2\\) since `),
    );
  });

  test('a port in use on the host is reported with its holder, and nothing is leased', async () => {
    const server = createServer().listen(26030, '127.0.0.1');
    await once(server, 'listening');
    try {
      const r = await berth(['env', 'we', '--lease', '--no-wait'], 'another parent');
      assert.equal(r.exitCode, 1);
      assert.match(r.stderr, new RegExp(`^berth env: port 26030 is in use by node \\(pid ${process.pid}`));
      assert.ok(!readdirSync(join(cache, 'berth', 'locks')).includes('port-26040.lock'));
    } finally {
      server.close();
    }
  });
});
