// The remote holder scan's pure half: the fixed commands' output parsed as the local scan parses /proc, and a
// tcp engine's machine reported as not visible.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { holderScanOn, parseProcs, parseSockets, procsCommand, scanRemote } from '../../src/host/remoteHost';
import type { HostShell } from '../../src/model/engineHost';

const TCP =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
  '   0: 00000000:5C44 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0 100 0 0 10 0\n' +
  '   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 777 1 0 100 0 0 10 0\n';
const SOCKETS = `@@tcp\n${TCP}@@tcp6\n  sl  local_address\n@@passwd\nroot:x:0:0:root:/root:/bin/sh\n@@fd\n/proc/31/fd socket:[4242]\n/proc/31/fd socket:[4242]\n/proc/9/fd socket:[99]\n`;
const PROCS =
  '@@pid 31\n31 (python3) S 1 31 31 0 -1\n@@uid\nUid:\t0\t0\t0\t0\n@@comm\npython3\n@@cgroup\n0::/init.scope\n@@cmdline\npython3\0-m\0http.server\0\0@@end\n' +
  '@@pid 40\n\n@@uid\n@@comm\n@@cgroup\n@@cmdline\n\0@@end\n';

describe('remote holder scan', () => {
  test('sockets of the wanted ports, their owners by inode, and the users', () => {
    const r = parseSockets(SOCKETS, new Set([23620]));
    assert.deepEqual(r.sockets, [{ port: 23620, address: '0.0.0.0', state: 'listen', uid: 0, inode: 4242 }]);
    assert.deepEqual(r.owners.get(4242), [31]);
    assert.equal(r.users.get(0), 'root');
  });

  test('per-pid blocks; a pid gone between the two round trips is left out', () => {
    const p = parseProcs(PROCS);
    assert.deepEqual(p.get(31), { command: 'python3', cmdline: ['python3', '-m', 'http.server'], ppid: 1, uid: 0 });
    assert.equal(p.has(40), false);
  });

  test('only checked integers reach the command', () => {
    assert.match(procsCommand([31, -1, 1.5, Number.NaN, 7]), /^for p in 31 7; do /);
  });

  test('holders through a shell: the remote pid with its command line, ranked as locally', async () => {
    const shell: HostShell = {
      run: async (cmd) => ({ exitCode: 0, stdout: cmd.startsWith('for p in') ? PROCS : SOCKETS, stderr: '' }),
    };
    const m = await scanRemote(shell, [23620, 8080]);
    assert.deepEqual(
      m.get(23620)!.map((h) => [h.pid, h.command, h.user, h.kind]),
      [[31, 'python3', 'root', 'process']],
    );
    // A socket whose owner is not visible there: pid 0 with the socket's uid, as the local scan reports it.
    assert.deepEqual(
      m.get(8080)!.map((h) => [h.pid, h.uid, h.address]),
      [[0, 1000, '127.0.0.1']],
    );
  });

  test('a tcp engine: holders are not visible from here; this machine: the local scan', async () => {
    const scan = holderScanOn({ kind: 'tcp', name: 'build-box', address: '10.0.0.5' });
    await assert.rejects(scan!([5432]), /port holders on build-box are not visible from here \(a tcp engine/);
    assert.equal(holderScanOn({ kind: 'local' }), undefined);
  });
});
