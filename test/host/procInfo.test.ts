// procInfo's cache as processes change under it: an exec gives a new argv, a reparented orphan a new parent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { procInfo } from '../../src/host/procInfo';

/** Polls until `check` holds (bounded); the processes here change state asynchronously. */
async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const commOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};

test('a holder that exec’d since the last scan shows its new command and argv, not the cached ones', async () => {
  const child = spawn('sh', ['-c', 'read line; exec sleep 30'], { stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    await once(child, 'spawn');
    const pid = child.pid!;
    await until('sh to run', () => commOf(pid) === 'sh');
    const before = procInfo(pid);
    assert.equal(before.command, 'sh');
    assert.deepEqual(before.cmdline, ['sh', '-c', 'read line; exec sleep 30']);
    child.stdin!.write('go\n');
    await until('the exec of sleep', () => commOf(pid) === 'sleep');
    const after = procInfo(pid);
    assert.equal(after.command, 'sleep');
    assert.deepEqual(after.cmdline, ['sleep', '30']);
    assert.equal(after.ppid, process.pid);
  } finally {
    child.kill('SIGKILL');
  }
});

test('an orphan seen before its parent died is reported with its new parent', async () => {
  // sh starts a background sleep, prints its pid and exits: the sleep is reparented (to init or a subreaper).
  const parent = spawn('sh', ['-c', 'sleep 30 & echo $!; read line'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let orphan = 0;
  try {
    const [chunk] = (await Promise.race([
      once(parent.stdout!, 'data'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no pid printed')), 10_000)),
    ])) as [Buffer];
    orphan = Number(chunk.toString().trim());
    await until('sleep to run', () => commOf(orphan) === 'sleep');
    assert.equal(procInfo(orphan).ppid, parent.pid);
    parent.stdin!.write('done\n');
    await once(parent, 'exit');
    await until('the reparenting', () => procInfo(orphan).ppid !== parent.pid);
    assert.notEqual(procInfo(orphan).ppid, parent.pid);
    assert.equal(procInfo(orphan).command, 'sleep');
  } finally {
    parent.kill('SIGKILL');
    if (orphan) {
      try {
        process.kill(orphan, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
});
