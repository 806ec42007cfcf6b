// test-needs: engine
// The stack runner against BOTH real engines. Ports: docker 22000-22099, podman 22500-22599 (STACK block).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { Engine } from '../../src/engine/connection';
import { LABEL_SERVICE } from '../../src/engine/labels';
import { scanHolders } from '../../src/host/holders';
import { startStack, stopStack, type StackEvent, type StackResult } from '../../src/stack/runner';
import { removeLabelled, testEngines } from '../support/engines';
import { stackListing, stackSuite } from './fixtures';
import { rawDocker } from '../support/rawDocker';

const BASE = { docker: 22000, podman: 22500 } as const;

/** Start/ready times per step (ms since the run began), from the runner's own events. */
function timeline(events: StackEvent[]) {
  const t = new Map<string, { creating?: number; started?: number; ready?: number }>();
  for (const e of events) {
    if (e.type !== 'step' || !e.step) continue;
    const x = t.get(e.step) ?? {};
    if (e.phase === 'creating' || e.phase === 'started' || e.phase === 'ready') x[e.phase] = e.at;
    t.set(e.step, x);
  }
  return t;
}

async function stackLeftovers(engine: Engine, service: string) {
  const { containers, network } = await stackListing(engine, service);
  return { containers: containers.map((c) => c.Names[0]), network };
}

async function heldPorts(ports: number[]): Promise<number[]> {
  const holders = await scanHolders(ports);
  return ports.filter((p) => (holders.get(p) ?? []).length > 0);
}

function expectFailure(r: StackResult): NonNullable<StackResult['error']> {
  assert.equal(r.ok, false, 'the run should have failed');
  assert.ok(r.error);
  return r.error;
}

for (const { kind } of testEngines()) {
  describe(`stack runner on ${kind}`, () => {
    const base = BASE[kind];
    const svc = (name: string) => `st${kind}${name}`;
    const suite = stackSuite(kind);
    const { used, make } = suite;
    let engine: Engine;
    before(() => {
      engine = suite.engine;
    });

    test('dependency order, overlap of independent steps, twice in a row, stop leaves nothing', async () => {
      const s = svc('order');
      used.push(s);
      const ports = [base + 1, base + 2, base + 3];
      const f = make(`version: 1
services:
  ${s}:
    ports: { http: ${ports[0]}, redis: ${ports[1]}, web: ${ports[2]} }
    stack:
      slow:
        image: busybox:stable
        ports: [ "http:8080" ]
        command: [ sh, -c, "sleep 1; echo slow-is-ready; exec httpd -f -p 8080 -h /www" ]
        ready: { log: "slow-is-ready" }
      fast:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { exec: [ redis-cli, ping ], expect: PONG }
      dependent:
        image: busybox:stable
        ports: [ "web:8080" ]
        depends_on: { slow: ready, fast: ready }
        command: [ sh, -c, "wget -q -O- http://slow:8080/health && exec httpd -f -p 8080 -h /www" ]
        ready: { http: { port: web, path: /health, status: 200 } }
`);
      const events: StackEvent[] = [];
      const r = await startStack({
        engine,
        root: f.root,
        config: f.config,
        service: s,
        onEvent: (e) => events.push(e),
        timeoutMs: 30_000,
      });
      assert.equal(r.ok, true, JSON.stringify(r.error));
      assert.equal(r.alreadyUp, false);
      const t = timeline(events);
      const slow = t.get('slow')!;
      const fast = t.get('fast')!;
      const dep = t.get('dependent')!;
      // A dependent is created only after each dependency's probe passed...
      assert.ok(
        dep.creating! >= slow.ready!,
        `dependent created at ${dep.creating} before slow was ready at ${slow.ready}`,
      );
      assert.ok(
        dep.creating! >= fast.ready!,
        `dependent created at ${dep.creating} before fast was ready at ${fast.ready}`,
      );
      // ...and reached its dependency by step name on the stack network (its command fails otherwise).
      // Independent steps overlap: fast started (and became ready) while slow was still not ready.
      assert.ok(
        fast.started! < slow.ready!,
        `fast started at ${fast.started}, slow ready at ${slow.ready}: no overlap`,
      );
      assert.ok(slow.creating! < fast.ready!, 'slow should not wait for fast (same wave)');

      const again = await startStack({ engine, root: f.root, config: f.config, service: s });
      assert.equal(again.ok, true);
      assert.equal(again.alreadyUp, true);
      assert.deepEqual(
        again.steps.map((x) => x.state),
        ['reused', 'reused', 'reused'],
      );
      assert.deepEqual(
        again.steps.map((x) => x.containerId),
        r.steps.map((x) => x.containerId),
      );

      const stop = await stopStack({ engine, service: s, config: f.config, stopTimeoutS: 1 });
      assert.equal(stop.ok, true, stop.errors.join('; '));
      assert.deepEqual(await stackLeftovers(engine, s), { containers: [], network: false });
      assert.deepEqual(await heldPorts(ports), []);
    });

    test('a changed definition replaces only what changed and what depends on it', async () => {
      const s = svc('change');
      used.push(s);
      const yaml = (greeting: string) => `version: 1
services:
  ${s}:
    ports: { redis: ${base + 10} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { exec: [ redis-cli, ping ] }
      seed:
        image: redis:7-alpine
        depends_on: { cache: ready }
        environment: { GREETING: ${greeting} }
        command: [ sh, -c, 'redis-cli -h cache set greeting "$GREETING"' ]
        run: once
`;
      const f1 = make(yaml('hello'));
      const r1 = await startStack({ engine, root: f1.root, config: f1.config, service: s });
      assert.equal(r1.ok, true, JSON.stringify(r1.error));
      const f2 = make(yaml('bonjour'));
      const r2 = await startStack({ engine, root: f2.root, config: f2.config, service: s });
      assert.equal(r2.ok, true, JSON.stringify(r2.error));
      assert.equal(r2.alreadyUp, false);
      assert.deepEqual(
        r2.steps.map((x) => [x.step, x.state]),
        [
          ['cache', 'reused'],
          ['seed', 'ready'],
        ],
      );
      assert.equal(r2.steps[0].containerId, r1.steps[0].containerId);
      await stopStack({ engine, service: s, config: f2.config, stopTimeoutS: 1 });
    });

    test('a probe that never passes fails at the deadline naming the step and the probe, and cleans up', async () => {
      const s = svc('deadline');
      used.push(s);
      const f = make(`version: 1
services:
  ${s}:
    ports: { redis: ${base + 20} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { exec: [ redis-cli, ping ], expect: NEVER-SAID }
        timeout: 1500ms
`);
      const r = await startStack({ engine, root: f.root, config: f.config, service: s });
      const err = expectFailure(r);
      assert.equal(err.kind, 'step');
      assert.equal(err.step, 'cache');
      assert.match(
        err.message,
        /step "cache": probe "exec redis-cli ping \(expect "NEVER-SAID"\)" did not pass within 1\.5 s/,
      );
      assert.match(err.message, /last: output lacks "NEVER-SAID"/);
      assert.deepEqual(await stackLeftovers(engine, s), { containers: [], network: false });
    });

    test('keepOnFailure leaves the failed run in place for debugging; a concurrent second start waits its turn', async () => {
      const s = svc('keep');
      used.push(s);
      const f = make(`version: 1
services:
  ${s}:
    ports: { redis: ${base + 25} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { log: "never logged" }
        timeout: 1s
`);
      const r = await startStack({ engine, root: f.root, config: f.config, service: s, keepOnFailure: true });
      assert.equal(expectFailure(r).step, 'cache');
      const left = await stackLeftovers(engine, s);
      assert.equal(left.containers.length, 1);
      assert.equal(left.network, true);
      // Two starts at once of the same service: no name clash, both report the same deadline.
      const [a, b] = await Promise.all([
        startStack({ engine, root: f.root, config: f.config, service: s }),
        startStack({ engine, root: f.root, config: f.config, service: s }),
      ]);
      assert.match(expectFailure(a).message, /did not pass within 1 s/);
      assert.match(expectFailure(b).message, /did not pass within 1 s/);
      assert.deepEqual(await stackLeftovers(engine, s), { containers: [], network: false });
    });

    test('a container that exits fails its step at once, with its last log lines', async () => {
      const s = svc('exit');
      used.push(s);
      const f = make(`version: 1
services:
  ${s}:
    ports: { http: ${base + 30} }
    stack:
      web:
        image: busybox:stable
        ports: [ "http:8080" ]
        command: [ sh, -c, "echo line-one; echo boom-marker >&2; exit 3" ]
        ready: { http: { port: http, path: /health } }
        timeout: 60s
`);
      const r = await startStack({ engine, root: f.root, config: f.config, service: s });
      const err = expectFailure(r);
      assert.equal(err.step, 'web');
      // Not the 60 s deadline: the exit itself is the failure.
      assert.match(err.message, /step "web": container exited with code 3 before it was ready/);
      assert.ok(err.logs?.includes('boom-marker'), `logs: ${JSON.stringify(err.logs)}`);
      assert.ok(err.logs?.includes('line-one'));
      assert.deepEqual(await stackLeftovers(engine, s), { containers: [], network: false });
    });

    test('a one-shot that exits non-zero fails its dependents without starting them', async () => {
      const s = svc('once');
      used.push(s);
      const f = make(`version: 1
services:
  ${s}:
    ports: { http: ${base + 35} }
    stack:
      migrate:
        image: busybox:stable
        command: [ sh, -c, "echo migration-broke; exit 1" ]
        run: once
      web:
        image: busybox:stable
        ports: [ "http:8080" ]
        depends_on: { migrate: completed }
`);
      const events: StackEvent[] = [];
      const r = await startStack({
        engine,
        root: f.root,
        config: f.config,
        service: s,
        onEvent: (e) => events.push(e),
      });
      const err = expectFailure(r);
      assert.equal(err.step, 'migrate');
      assert.match(err.message, /exited with code 1/);
      assert.ok(err.logs?.includes('migration-broke'));
      assert.equal(
        events.some((e) => e.step === 'web' && e.phase === 'creating'),
        false,
      );
    });

    test('a missing image with pull: never is refused before anything is created', async () => {
      const s = svc('noimage');
      used.push(s);
      const f = make(`version: 1
services:
  ${s}:
    ports: { redis: ${base + 40} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
      ghost:
        image: localhost/berth-no-such-image:1
        pull: never
`);
      const events: StackEvent[] = [];
      const r = await startStack({
        engine,
        root: f.root,
        config: f.config,
        service: s,
        onEvent: (e) => events.push(e),
      });
      const err = expectFailure(r);
      assert.equal(err.kind, 'preflight');
      assert.match(err.message, /step "ghost": image localhost\/berth-no-such-image:1 is not present on/);
      assert.equal(
        events.some((e) => e.phase === 'creating' || e.phase === 'network'),
        false,
      );
      assert.deepEqual(await stackLeftovers(engine, s), { containers: [], network: false });
    });

    test('a port held by a foreign listener is refused, naming the holder', async () => {
      const s = svc('foreign');
      used.push(s);
      const port = base + 50;
      const server: Server = createServer();
      await new Promise<void>((res, rej) => server.once('error', rej).listen(port, '0.0.0.0', () => res()));
      try {
        const f = make(`version: 1
services:
  ${s}:
    ports: { redis: ${port} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
`);
        const r = await startStack({ engine, root: f.root, config: f.config, service: s });
        const err = expectFailure(r);
        assert.equal(err.kind, 'preflight');
        assert.match(err.message, new RegExp(`host port ${port} \\(redis\\): held by pid ${process.pid} \\S*node `));
        assert.match(err.message, /Clean Stale Ports/);
        assert.deepEqual(await stackLeftovers(engine, s), { containers: [], network: false });
      } finally {
        await new Promise((res) => server.close(res));
      }
    });

    test('a dependency cycle is a configuration error, located in berth.yaml', async () => {
      const s = svc('cycle');
      const f = make(
        `version: 1
services:
  ${s}:
    ports: { redis: ${base + 60} }
    stack:
      a: { image: redis:7-alpine, depends_on: [ b ] }
      b: { image: redis:7-alpine, depends_on: [ a ] }
`,
        {},
        { allowErrors: true },
      );
      const r = await startStack({ engine, root: f.root, config: f.config, service: s });
      const err = expectFailure(r);
      assert.equal(err.kind, 'config');
      assert.match(err.message, /dependency cycle: (a → b → a|b → a → b)/);
    });

    test('two stacks at once (inline and compose, health-gated), each on its own network', async () => {
      const a = svc('pair-a');
      const b = svc('pair-b');
      used.push(a, b);
      const f = make(
        `version: 1
services:
  ${a}:
    ports: { redis: ${base + 70}, http: ${base + 71} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { health: true }
      web:
        image: busybox:stable
        ports: [ "http:8080" ]
        depends_on: { cache: ready }
        ready: { tcp: http }
  ${b}:
    ports: { redis: ${base + 80}, http: ${base + 81} }
    stack: { compose: compose/docker-compose.yml }
`,
        {
          'compose/docker-compose.yml': `services:
  cache:
    image: redis:7-alpine
    ports: [ "${base + 80}:6379" ]
  seed:
    image: redis:7-alpine
    command: [ "sh", "-c", "redis-cli -h cache set k v" ]
    depends_on:
      cache: { condition: service_healthy }
  web:
    image: busybox:stable
    ports:
      - target: 8080
        published: ${base + 81}
    depends_on:
      seed: { condition: service_completed_successfully }
    healthcheck:
      test: [ "CMD", "wget", "-q", "-O-", "http://127.0.0.1:8080/health" ]
      interval: 30s
`,
        },
      );
      const evA: StackEvent[] = [];
      const evB: StackEvent[] = [];
      const [ra, rb] = await Promise.all([
        startStack({
          engine,
          root: f.root,
          config: f.config,
          service: a,
          onEvent: (e) => evA.push(e),
          timeoutMs: 30_000,
        }),
        startStack({
          engine,
          root: f.root,
          config: f.config,
          service: b,
          onEvent: (e) => evB.push(e),
          timeoutMs: 30_000,
        }),
      ]);
      assert.equal(ra.ok, true, JSON.stringify(ra.error));
      assert.equal(rb.ok, true, JSON.stringify(rb.error));
      assert.notEqual(ra.network, rb.network);
      // compose: seed waited for cache's health; web for seed's exit 0
      const tb = timeline(evB);
      assert.ok(tb.get('seed')!.creating! >= tb.get('cache')!.ready!);
      assert.ok(tb.get('web')!.creating! >= tb.get('seed')!.ready!);
      const seed = rb.steps.find((x) => x.step === 'seed')!;
      const info = await rawDocker(engine).getContainer(seed.containerId!).inspect();
      assert.equal(info.State.ExitCode, 0);

      await Promise.all([
        stopStack({ engine, service: a, config: f.config, stopTimeoutS: 1 }),
        stopStack({ engine, service: b, config: f.config, stopTimeoutS: 1 }),
      ]);
      assert.deepEqual(await stackLeftovers(engine, a), { containers: [], network: false });
      assert.deepEqual(await stackLeftovers(engine, b), { containers: [], network: false });
      assert.deepEqual(await heldPorts([base + 70, base + 71, base + 80, base + 81]), []);
    });

    test('a compose file publishing a port the service does not own is refused before anything starts', async () => {
      const s = svc('badcompose');
      used.push(s);
      const f = make(
        `version: 1
services:
  ${s}:
    ports: { redis: ${base + 90} }
  other${kind}:
    ports: { redis: ${base + 91} }
  ${s}2:
    ports: { redis: ${base + 92} }
    stack: { compose: docker-compose.yml }
`,
        {
          'docker-compose.yml': `services:\n  cache:\n    image: redis:7-alpine\n    ports: [ "127.0.0.1:${base + 91}:6379" ]\n`,
        },
      );
      const r = await startStack({ engine, root: f.root, config: f.config, service: `${s}2` });
      const err = expectFailure(r);
      assert.equal(err.kind, 'config');
      assert.match(
        err.message,
        new RegExp(`docker-compose.yml:4:\\d+: published port ${base + 91} belongs to service "other${kind}"`),
      );
      assert.deepEqual(await stackLeftovers(engine, `${s}2`), { containers: [], network: false });
    });

    test('a build step is built once, tagged <service>-<uuid>, reused until asked to rebuild', async () => {
      const s = svc('build');
      used.push(s);
      const f = make(
        `version: 1
services:
  ${s}:
    ports: { http: ${base + 97} }
    stack:
      web:
        build: { context: app, args: { GREETING: hi } }
        ports: [ "http:8080" ]
        ready: { http: { port: http, path: /built.txt, status: 200 } }
`,
        { 'app/Dockerfile': 'FROM busybox:stable\nARG GREETING\nRUN echo "$GREETING" > /www/built.txt\n' },
      );
      try {
        const ev1: StackEvent[] = [];
        const r1 = await startStack({
          engine,
          root: f.root,
          config: f.config,
          service: s,
          onEvent: (e) => ev1.push(e),
          timeoutMs: 30_000,
        });
        assert.equal(r1.ok, true, JSON.stringify(r1.error));
        assert.ok(
          ev1.some((e) => e.phase === 'building'),
          `first run builds: ${JSON.stringify(ev1.map((e) => e.phase))}`,
        );
        const image = (await rawDocker(engine).getContainer(r1.steps[0].containerId!).inspect()).Config.Image;
        assert.match(image, new RegExp(`berth-web:${s}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
        await stopStack({ engine, service: s, config: f.config, stopTimeoutS: 1 });

        const ev2: StackEvent[] = [];
        const r2 = await startStack({
          engine,
          root: f.root,
          config: f.config,
          service: s,
          onEvent: (e) => ev2.push(e),
        });
        assert.equal(r2.ok, true, JSON.stringify(r2.error));
        assert.equal(
          ev2.some((e) => e.phase === 'building'),
          false,
          'the earlier build is reused',
        );
        assert.equal((await rawDocker(engine).getContainer(r2.steps[0].containerId!).inspect()).Config.Image, image);

        const ev3: StackEvent[] = [];
        const r3 = await startStack({
          engine,
          root: f.root,
          config: f.config,
          service: s,
          rebuild: true,
          onEvent: (e) => ev3.push(e),
        });
        assert.equal(r3.ok, true, JSON.stringify(r3.error));
        assert.ok(
          ev3.some((e) => e.phase === 'building'),
          `rebuild builds: ${JSON.stringify(ev3.map((e) => e.phase))}`,
        );
        await stopStack({ engine, service: s, config: f.config, stopTimeoutS: 1 });
      } finally {
        await removeLabelled(engine, LABEL_SERVICE, s); // an image in use by a container cannot go
        const images = await rawDocker(engine).listImages({
          filters: JSON.stringify({ label: [`${LABEL_SERVICE}=${s}`] }),
        });
        for (const i of images)
          await rawDocker(engine)
            .getImage(i.Id)
            .remove({ force: true })
            .catch(() => undefined);
      }
    });

    test('cancel removes what the run created', async () => {
      const s = svc('cancel');
      used.push(s);
      const f = make(`version: 1
services:
  ${s}:
    ports: { redis: ${base + 95} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { log: "this line never comes" }
`);
      const ac = new AbortController();
      const r = await startStack({
        engine,
        root: f.root,
        config: f.config,
        service: s,
        signal: ac.signal,
        onEvent: (e) => {
          if (e.phase === 'started') ac.abort();
        },
      });
      const err = expectFailure(r);
      assert.equal(err.kind, 'cancelled');
      assert.deepEqual(await stackLeftovers(engine, s), { containers: [], network: false });
    });
  });
}
