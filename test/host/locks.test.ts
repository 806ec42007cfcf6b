// Cross-process locks and port leases with real processes: a live holder is named and waited for, a dead one's
// lock is reclaimed, a busy port is reported with its holder on each loopback and wildcard address.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { acquireLock, cacheDir, lockFileName, LockBusyError, tryLock, type LockOwner } from '../../src/host/locks';
import { leasePorts, PortBusyError } from '../../src/host/leases';
import { parseStat } from '../../src/host/holderParse';

const dirs: string[] = [];
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function lockDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'berth-locks-'));
  dirs.push(d);
  return d;
}

/** Starts the holder fixture and resolves once it holds what it was asked to. */
async function holder(dir: string, mode: 'lock' | 'lease', names: string[]): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'fixtures', 'lockHolder.ts'), dir, mode, ...names],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

describe('locks', () => {
  test('a second process finds the lock held, named by pid and purpose, and gets it once the first exits', async () => {
    const dir = lockDir();
    const first = await holder(dir, 'lock', ['svc-w1']);
    const seen = await tryLock('svc-w1', { dir, what: 'berth run' });
    assert.ok(!('release' in seen));
    assert.equal((seen as LockOwner).pid, first.pid);
    assert.equal((seen as LockOwner).what, 'lock holder (test)');
    await assert.rejects(acquireLock('svc-w1', { dir, what: 'berth run', wait: false }), (e: unknown) => {
      assert.ok(e instanceof LockBusyError);
      assert.match(e.message, new RegExp(`^svc-w1 is held by pid ${first.pid} \\(lock holder \\(test\\)\\) since `));
      return true;
    });
    const waited: LockOwner[] = [];
    // Once this caller waits, the holder exits normally: its exit handler removes the file.
    const lock = await acquireLock('svc-w1', {
      dir,
      what: 'berth run',
      onWait: (h) => waited.push(h) && first.stdin!.end(),
    });
    assert.deepEqual(
      waited.map((h) => h.pid),
      [first.pid],
    );
    assert.equal(JSON.parse(readFileSync(lock.path, 'utf8')).pid, process.pid);
    await lock.release();
    assert.equal(existsSync(lock.path), false);
  });

  test('the lock of a process killed with SIGKILL is reclaimed', async () => {
    const dir = lockDir();
    const dead = await holder(dir, 'lock', ['svc-w2']);
    dead.kill('SIGKILL');
    await once(dead, 'exit');
    assert.ok(existsSync(join(dir, lockFileName('svc-w2'))), 'a killed holder leaves its file behind');
    const lock = await acquireLock('svc-w2', { dir, what: 'berth up', wait: false });
    assert.equal(JSON.parse(readFileSync(lock.path, 'utf8')).what, 'berth up');
    await lock.release();
  });

  test('a reused pid (same pid, another start time) and an unreadable file count as stale', async () => {
    const dir = lockDir();
    const ticks = parseStat(readFileSync('/proc/1/stat', 'utf8')).startTicks;
    assert.ok(ticks);
    const fake = { pid: 1, startTicks: String(Number(ticks) + 1), command: 'x', what: 'old', since: '' };
    writeFileSync(join(dir, lockFileName('a')), JSON.stringify(fake));
    writeFileSync(join(dir, lockFileName('b')), '{"pid": 12');
    for (const n of ['a', 'b']) {
      const l = await acquireLock(n, { dir, what: 'new', wait: false });
      await l.release();
    }
    // pid 1 with its real start time is alive: held.
    writeFileSync(join(dir, lockFileName('c')), JSON.stringify({ ...fake, startTicks: ticks }));
    await assert.rejects(acquireLock('c', { dir, what: 'new', wait: false }), LockBusyError);
  });

  test('a waiting caller stops on abort; names become file names; the cache folder follows XDG', async () => {
    const dir = lockDir();
    const first = await acquireLock('x', { dir, what: 'one' });
    const ac = new AbortController();
    const waiting = acquireLock('x', { dir, what: 'two', signal: ac.signal, onWait: () => ac.abort() });
    await assert.rejects(waiting, { name: 'AbortError' });
    await first.release();
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(lockFileName('we/w1 x'), 'we_w1_x.lock');
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/c' }, 'linux'), '/c/berth');
  });

  test('many concurrent callers in one process: each gets the lock alone, in turn', async () => {
    const dir = lockDir();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const l = await acquireLock('turns', { dir, what: `caller ${i}` });
        most = Math.max(most, ++inside);
        await new Promise((r) => setImmediate(r));
        inside--;
        await l.release();
      }),
    );
    assert.equal(most, 1);
  });
});

describe('port leases', () => {
  test('ports leased by another process are named with it; with waiting, they come once it exits', async () => {
    const dir = lockDir();
    const first = await holder(dir, 'lease', ['26010', '26011']);
    await assert.rejects(
      leasePorts([26011, 26012], { dir, what: 'run', wait: false, checkFree: false }),
      (e: unknown) => {
        assert.ok(e instanceof LockBusyError);
        assert.match(e.message, new RegExp(`^port 26011 is held by pid ${first.pid} \\(lease holder \\(test\\)\\)`));
        return true;
      },
    );
    assert.equal(existsSync(join(dir, lockFileName('port-26012'))), false, 'nothing kept after a refusal');
    const waits: number[] = [];
    const lease = await leasePorts([26010, 26012], {
      dir,
      what: 'run',
      checkFree: false,
      onWait: (p) => waits.push(p) && first.stdin!.end(),
    });
    assert.deepEqual(lease.ports, [26010, 26012]);
    assert.deepEqual(waits, [26010]);
    await lease.release();
  });

  for (const host of ['0.0.0.0', '127.0.0.1', '::', '::1']) {
    test(`a port held on ${host} is reported with its holder, and nothing is leased`, async () => {
      const dir = lockDir();
      const port = 26020 + ['0.0.0.0', '127.0.0.1', '::', '::1'].indexOf(host);
      const server: Server = createServer();
      server.listen({ port, host, ipv6Only: host === '::' });
      await once(server, 'listening');
      try {
        await assert.rejects(leasePorts([port, port + 10], { dir, what: 'run' }), (e: unknown) => {
          assert.ok(e instanceof PortBusyError);
          assert.deepEqual(
            e.busy.map((b) => [b.port, b.holders.map((h) => [h.pid, h.address])]),
            [[port, [[process.pid, host]]]],
          );
          assert.match(e.message, new RegExp(`^port ${port} is in use by node \\(pid ${process.pid}`));
          return true;
        });
        assert.deepEqual(readdirSync(dir), []);
      } finally {
        server.close();
      }
    });
  }
});
