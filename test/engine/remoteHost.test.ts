// test-needs: engine
// A "remote host" built here: a network namespace with its own address (veth pair, a private /30) running a test
// sshd and a listener. Berth's engine is ssh://<alias> (dial-stdio to the real dockerd); an IDENTICAL listener on
// the same port number runs on this machine. The holder scan must see the namespace's socket and not the local
// one, and `berth clean` must end the foreign process there, through ssh, leaving the local one alone.
// Addresses 10.213.90.0/30; ports: sshd 23791, listener 23621.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { run as clean } from '../../src/cli/clean';
import { run as status } from '../../src/cli/status';
import { runCommand } from '../support/cli';
import { waitFor } from '../support/engines';
import { netnsMissing, TestNetns } from '../support/netns';
import { sshdMissing, TestSshd } from '../support/sshd';
import { fixture, type Fixture } from '../stack/fixtures';

const ns = new TestNetns('berth-rh', '10.213.90');
const PORT = 23621;

const missing = netnsMissing() ?? sshdMissing();
const sshd = new TestSshd({ address: ns.nsIp, port: 23791, netns: ns.name, alias: 'berth-rh-box' });
const LISTENER = ['-e', `require('net').createServer(() => {}).listen(${PORT}, '0.0.0.0')`];
let remote: ChildProcess | undefined;
let local: ChildProcess | undefined;
let f: Fixture | undefined;
const saved = process.env.BERTH_SSH_CONFIG;

const alive = (p: ChildProcess | undefined) => !!p && p.exitCode === null && p.signalCode === null;

before(async () => {
  if (missing) return;
  ns.create();
  await sshd.start();
  process.env.BERTH_SSH_CONFIG = sshd.clientConfig;
  remote = spawn('nsenter', ns.enter([process.execPath, ...LISTENER]).slice(1), { stdio: 'ignore' });
  local = spawn(process.execPath, LISTENER, { stdio: 'ignore' });
  f = fixture(`version: 1\nservices:\n  rh:\n    ports: { http: ${PORT} }\n`);
});

after(async () => {
  if (saved === undefined) delete process.env.BERTH_SSH_CONFIG;
  else process.env.BERTH_SSH_CONFIG = saved;
  for (const p of [remote, local]) if (alive(p)) p!.kill('SIGKILL');
  f?.dispose();
  await sshd.stop();
  ns.destroy();
});

describe('an ssh engine on another machine (a network namespace)', { skip: missing }, () => {
  const host = `ssh://${sshd.alias}`;

  test("status: the port's holder is the namespace's process, not the identical local one", async () => {
    const held = await waitFor('both listeners up', async () => {
      const r = await runCommand(status, ['--json', '--host', host, '--root', f!.root], f!.root);
      const j = JSON.parse(r.out);
      const port = j.services.find((s: { name: string }) => s.name === 'rh')?.ports[0];
      return port?.holders?.length ? { j, port } : undefined;
    });
    assert.deepEqual(held.j.engine.host, { kind: 'ssh', name: sshd.alias, address: ns.nsIp });
    assert.deepEqual(
      held.port.holders.map((h: { pid: number }) => h.pid),
      [remote!.pid],
      `local pid ${local!.pid} must not be seen`,
    );
  });

  test('clean ends the foreign process there through ssh; the local one on the same port is untouched', async () => {
    const r = await runCommand(
      clean,
      ['rh', '--host', host, '--yes', '--include-foreign', '--grace-ms', '2000', '--root', f!.root],
      f!.root,
    );
    assert.equal(r.code, 0, r.out + r.err);
    await waitFor('the namespace process gone', () => !alive(remote), 10_000);
    assert.ok(alive(local), 'the local listener must still run');
  });
});
