// test-needs: engine
// The holder scan against real holders: docker-proxy (Docker), conmon (Podman), a spawned node server.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
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

describe('a pre-fork server (cluster master and workers share one listening socket)', () => {
  const port = 21362;
  const WORKERS = 3;
  let master: ChildProcess;
  let workers: number[] = [];
  let dir: string;
  before(async () => {
    // SCHED_NONE: every worker holds the shared listening socket itself, as pre-fork servers do.
    dir = mkdtempSync(join(tmpdir(), 'berth-prefork-'));
    const script = join(dir, 'prefork.js');
    writeFileSync(
      script,
      `const c=require('cluster');c.schedulingPolicy=c.SCHED_NONE;if(c.isPrimary){let n=0;const w=[];for(let i=0;i<${WORKERS};i++){const x=c.fork();w.push(x.process.pid);x.on('listening',()=>++n===${WORKERS}&&console.log('up '+w.join(',')))}}else require('http').createServer().listen(${port})`,
    );
    master = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    workers = await new Promise<number[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('cluster did not come up within 10 s')), 10_000);
      master.stdout!.on('data', (d: Buffer) => {
        const m = /up ([\d,]+)/.exec(d.toString());
        if (m) {
          clearTimeout(timer);
          resolve(m[1].split(',').map(Number));
        }
      });
      master.on('exit', (code) => reject(new Error(`cluster exited with ${code}`)));
    });
  });
  after(() => {
    // The workers die with the master (cluster disconnects them); kill them too in case it did not.
    for (const pid of workers) {
      try {
        process.kill(pid);
      } catch {
        // already gone
      }
    }
    master?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const method of METHODS) {
    test(`every process holding it is a holder, the master and each worker (${method})`, async () => {
      const h = (await scanHolders([port], { method })).get(port) ?? [];
      assert.deepEqual(
        [...new Set(h.map((x) => x.pid))].sort((a, b) => a - b),
        [master.pid!, ...workers].sort((a, b) => a - b),
        JSON.stringify(h.map((x) => [x.pid, x.command])),
      );
    });
  }
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
