// test-needs: engine
// ssh:// engines through the system ssh client: a private sshd on loopback (its own host key, a client key made
// here, an ssh config alias passed as BERTH_SSH_CONFIG = ssh -F) in front of the real dockerd and the real Podman
// socket. status, up/down and the event stream go through it; a wrong key and an unknown host key are clear
// errors with exit 1. Ports: sshd 23790, stacks 23700-23719.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { run as down } from '../../src/cli/down';
import { run as status } from '../../src/cli/status';
import { run as up } from '../../src/cli/up';
import { EngineStateStore } from '../../src/engine/state';
import { runCommand } from '../support/cli';
import { testEngines } from '../support/engines';
import { sshdMissing, TestSshd } from '../support/sshd';
import { fixture, removeStacks, type Fixture } from '../stack/fixtures';

const missing = sshdMissing();
const sshd = new TestSshd({ port: 23790 });
const fixtures: Fixture[] = [];
const savedConfig = process.env.BERTH_SSH_CONFIG;

before(async () => {
  if (missing) return;
  await sshd.start();
  process.env.BERTH_SSH_CONFIG = sshd.clientConfig;
});
after(async () => {
  if (savedConfig === undefined) delete process.env.BERTH_SSH_CONFIG;
  else process.env.BERTH_SSH_CONFIG = savedConfig;
  fixtures.forEach((f) => f.dispose());
  await sshd.stop();
});

/** The ssh URL of each real engine behind the test sshd: Docker through dial-stdio, Podman by its socket path. */
const URLS = { docker: `ssh://${sshd.alias}`, podman: `ssh://${sshd.alias}/run/podman/podman.sock` } as const;
const BASE = { docker: 23700, podman: 23710 } as const;

describe('ssh engines', { skip: missing }, () => {
  for (const { kind } of testEngines()) {
    describe(`${kind} over ssh`, () => {
      const base = BASE[kind];
      const svc = `ssh${kind}`;
      const f = fixture(`version: 1
services:
  ${svc}:
    ports: { redis: ${base + 1} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { tcp: redis }
`);
      fixtures.push(f);
      after(() => removeStacks(kind, [svc]));

      test('status names the engine and its host', async () => {
        const r = await runCommand(status, ['--host', URLS[kind], '--root', f.root], f.root);
        assert.equal(r.code, 0, r.err + r.out);
        assert.match(r.out, new RegExp(`^engine: ${kind} \\S+ \\(API [\\d.]+\\) on ${sshd.alias} via ssh at ssh://`));
        const j = JSON.parse(
          (await runCommand(status, ['--json', '--host', URLS[kind], '--root', f.root], f.root)).out,
        );
        assert.deepEqual(j.engine.host, { kind: 'ssh', name: sshd.alias, address: '127.0.0.1' });
      });

      test('up and down through ssh; the event stream over ssh sees the container start and go', async () => {
        // No backstop poll: only events over the ssh stream can make the store re-read.
        const store = new EngineStateStore({ connectOptions: { host: URLS[kind] }, config: f.config, pollMs: 0 });
        try {
          await store.start();
          assert.equal(store.snapshot().engine.state, 'connected', JSON.stringify(store.snapshot().engine));
          const r = await runCommand(up, [svc, '--host', URLS[kind], '--timeout', '30'], f.root);
          assert.equal(r.code, 0, r.err);
          assert.match(r.out, /✓ cache +ready in/);
          await store.waitFor(
            (s) => s.services.some((c) => c.service === svc && c.state === 'running'),
            20_000,
            `${svc}'s container running, seen through the event stream`,
          );
          const d = await runCommand(down, [svc, '--host', URLS[kind]], f.root);
          assert.equal(d.code, 0, d.err);
          await store.waitFor((s) => !s.services.some((c) => c.service === svc), 20_000, `${svc}'s container gone`);
        } finally {
          store.dispose();
        }
      });
    });
  }

  /** `berth status` through a client config whose alias has this key or known_hosts file. */
  async function statusWith(name: string, entry: { key?: string; knownHosts?: string }, port: number) {
    const f = fixture(`version: 1\nservices:\n  a:\n    ports: { http: ${port} }\n`);
    fixtures.push(f);
    process.env.BERTH_SSH_CONFIG = sshd.writeConfig(name, entry);
    try {
      return await runCommand(status, ['--host', URLS.docker, '--root', f.root], f.root);
    } finally {
      process.env.BERTH_SSH_CONFIG = sshd.clientConfig;
    }
  }

  test('a key the server does not accept: exit 1, ssh words and what to check; no other engine', async () => {
    const r = await statusWith('wrong_key_config', { key: 'wrong_key' }, 23718);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^engine: unreachable — ssh:\/\/berth-test-box: ssh berth-test-box: .*Permission denied/);
    assert.match(r.out, /no key was accepted/);
    assert.doesNotMatch(r.out, /unix:\/\//);
  });

  test('an unknown host key: exit 1, no prompt, says the key is not trusted', async () => {
    const r = await statusWith('unknown_host_config', { knownHosts: 'empty_known_hosts' }, 23719);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /Host key verification failed\. \(the host key is not trusted/);
  });
});
