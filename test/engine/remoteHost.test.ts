// test-needs: engine
// A "remote host" built here: a network namespace with its own address (veth pair, a private /30) running a test
// sshd and a listener. Berth's engine is ssh://<alias> (dial-stdio to the real dockerd); an IDENTICAL listener on
// the same port number runs on this machine. The holder scan must see the namespace's socket and not the local
// one, and `berth clean` must end the foreign process there, through ssh, leaving the local one alone.
// Addresses 10.213.90.0/30; ports: sshd 23791, listener 23621.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { run as clean } from '../../src/cli/clean';
import { run as status } from '../../src/cli/status';
import { runCommand } from '../support/cli';
import { waitFor } from '../support/engines';
import { sshdMissing, TestSshd } from '../support/sshd';
import { fixture, type Fixture } from '../stack/fixtures';

const NS = 'berth-rh';
const HOST_IP = '10.213.90.1';
const NS_IP = '10.213.90.2';
const PORT = 23621;
const ip = (...args: string[]) => spawnSync('ip', args, { stdio: 'pipe', timeout: 10_000 });

const missing = sshdMissing();
const sshd = new TestSshd({ address: NS_IP, port: 23791, netns: NS, alias: 'berth-rh-box' });
const LISTENER = ['-e', `require('net').createServer(() => {}).listen(${PORT}, '0.0.0.0')`];
let remote: ChildProcess | undefined;
let local: ChildProcess | undefined;
let f: Fixture | undefined;
const saved = process.env.BERTH_SSH_CONFIG;

const alive = (p: ChildProcess | undefined) => !!p && p.exitCode === null && p.signalCode === null;

before(async () => {
  if (missing) return;
  ip('netns', 'del', NS); // a leftover of an interrupted run
  for (const args of [
    ['netns', 'add', NS],
    ['link', 'add', 'berth-rh0', 'type', 'veth', 'peer', 'name', 'berth-rh1'],
    ['link', 'set', 'berth-rh1', 'netns', NS],
    ['addr', 'add', `${HOST_IP}/30`, 'dev', 'berth-rh0'],
    ['link', 'set', 'berth-rh0', 'up'],
    ['-n', NS, 'addr', 'add', `${NS_IP}/30`, 'dev', 'berth-rh1'],
    ['-n', NS, 'link', 'set', 'berth-rh1', 'up'],
    ['-n', NS, 'link', 'set', 'lo', 'up'],
  ]) {
    const r = ip(...args);
    if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
  }
  await sshd.start();
  process.env.BERTH_SSH_CONFIG = sshd.clientConfig;
  remote = spawn('ip', ['netns', 'exec', NS, process.execPath, ...LISTENER], { stdio: 'ignore' });
  local = spawn(process.execPath, LISTENER, { stdio: 'ignore' });
  f = fixture(`version: 1\nservices:\n  rh:\n    ports: { http: ${PORT} }\n`);
});

after(async () => {
  if (saved === undefined) delete process.env.BERTH_SSH_CONFIG;
  else process.env.BERTH_SSH_CONFIG = saved;
  for (const p of [remote, local]) if (alive(p)) p!.kill('SIGKILL');
  f?.dispose();
  await sshd.stop();
  ip('link', 'del', 'berth-rh0');
  ip('netns', 'del', NS);
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
    assert.deepEqual(held.j.engine.host, { kind: 'ssh', name: sshd.alias, address: NS_IP });
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
