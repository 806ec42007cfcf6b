// test-needs: engine
// The holder scan against real holders: docker-proxy (Docker), conmon (Podman), a spawned node server.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, ChildProcess } from 'node:child_process';
import { userInfo } from 'node:os';
import { parseBerthYaml } from '../../src/core/berthYaml';
import type { Engine } from '../../src/engine/connection';
import { listEngineContainers, serviceContainers } from '../../src/engine/containers';
import { classifyPorts } from '../../src/model/portStatus';
import { scanHolders } from '../../src/host/holders';
import { closeClean, connectClean, runContainer, testEngines, waitFor } from '../support/engines';
import { rawDocker } from '../support/rawDocker';

const TEST_LABEL = 'berth.test';
const TEST_VALUE = 'host-holders';
const METHODS = ['proc', 'lsof'] as const;

describe('a foreign listener', () => {
  const port = 21360;
  let server: ChildProcess;
  before(async () => {
    server = spawn(
      process.execPath,
      ['-e', `require('http').createServer().listen(${port}, () => console.log('listening'))`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
      server.on('exit', (code) => reject(new Error(`node server exited with ${code}`)));
    });
  });
  after(() => {
    server?.kill();
  });

  for (const method of METHODS) {
    test(`is found with its pid, command, user (${method})`, async () => {
      const holders = await scanHolders([port, port + 1], { method });
      const h = holders.get(port) ?? [];
      assert.equal(h.length, 1, JSON.stringify(h));
      assert.equal(h[0].pid, server.pid);
      assert.equal(h[0].ppid, process.pid);
      assert.equal(h[0].command, 'node');
      assert.equal(h[0].kind, 'process');
      assert.equal(h[0].state, 'listen');
      assert.equal(h[0].user, userInfo().username);
      assert.ok(
        h[0].cmdline.some((a) => a.includes(`listen(${port}`)),
        h[0].cmdline.join(' '),
      );
      assert.deepEqual(holders.get(port + 1), []);
    });
  }

  test('and classified as foreign with pid and command', async () => {
    const { config } = parseBerthYaml(`version: 1\nservices:\n  web:\n    ports: { http: ${port} }\n`);
    const [s] = classifyPorts(config!, 'web', await scanHolders([port]), { containers: [], engine: 'docker' });
    assert.equal(s.state, 'foreign');
    assert.match(s.detail, new RegExp(`^held by pid ${server.pid} .*node`));
  });
});

testEngines().forEach(({ kind }, i) => {
  describe(`published ports on ${kind}`, () => {
    const port = 21340 + i * 10;
    let engine: Engine;
    const { config } = parseBerthYaml(
      `version: 1\nservices:\n  holders-${kind}:\n    ports: { http: ${port}, idle: ${port + 1} }\n  neighbour:\n    ports: { http: ${port + 2} }\n`,
    );
    before(async () => {
      engine = await connectClean(kind, TEST_LABEL, TEST_VALUE);
    });
    after(() => closeClean(engine, TEST_LABEL, TEST_VALUE));

    test(`the holder is ${kind === 'docker' ? 'docker-proxy' : 'conmon'}, the port is served; idle ports read free; gone after removal`, async () => {
      const id = await runContainer(engine, {
        name: `berth-eng-holder-${kind}`,
        image: 'busybox:stable',
        labels: { [TEST_LABEL]: TEST_VALUE, 'berth.service': `holders-${kind}` },
        ports: [[port, 8080]],
      });
      for (const method of METHODS) {
        const holders = await scanHolders([port, port + 1], { method });
        const h = holders.get(port)!;
        assert.ok(h.length >= 1, `${method}: no holder of ${port}`);
        if (kind === 'docker') {
          assert.ok(
            h.every(
              (x) => x.kind === 'docker-proxy' && x.forward?.hostPort === port && x.forward?.containerPort === 8080,
            ),
            JSON.stringify(h),
          );
        } else {
          assert.ok(
            h.every((x) => x.kind === 'conmon' && x.containerId === id),
            JSON.stringify(h),
          );
        }
        assert.ok(h.every((x) => x.pid > 0 && x.user === 'root'));
        assert.deepEqual(holders.get(port + 1), [], `${method}: idle port`);
      }
      const all = await listEngineContainers(engine, () => true);
      const services = new Map(serviceContainers(all, config).map((c) => [c.id, c.service]));
      const known = all.map((c) => ({ ...c, service: services.get(c.id) }));
      const st = classifyPorts(config!, `holders-${kind}`, await scanHolders([port, port + 1]), {
        containers: known,
        engine: kind,
      });
      assert.deepEqual(
        st.map((s) => [s.state, s.detail]),
        [
          ['served', `served by berth-eng-holder-${kind}`],
          ['free', 'free'],
        ],
      );
      // The same holder seen from another service: its port is taken by someone else's container.
      const { config: clash } = parseBerthYaml(
        `version: 1\nservices:\n  holders-${kind}:\n    ports: { http: ${port} }\n  other:\n    ports: { http: ${port} }\n`,
      );
      const o = classifyPorts(clash!, 'other', await scanHolders([port]), { containers: known, engine: kind });
      assert.equal(o[0].state, 'other-service');

      await rawDocker(engine).getContainer(id).remove({ force: true });
      await waitFor('port released', async () => (await scanHolders([port])).get(port)!.length === 0, 10_000);
    });
  });
});
