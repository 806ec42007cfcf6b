// test-needs: engine
// Containers created ahead of their start, on BOTH real engines: every step's container exists (labelled with the
// run) before its dependencies are ready, is removed with the rest on Cancel or failure (kept with keepOnFailure),
// and a one-shot's dependents are woken by its exit event; inline and compose-file stacks. Ports: docker
// 22300-22319, podman 22800-22819.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/engine/connection';
import { LABEL_RUN, LABEL_SERVICE, LABEL_STEP } from '../../src/engine/labels';
import { startStack, type StackResult } from '../../src/stack/runner';
import { removeLabelled, testEngines } from '../support/engines';
import { stackListing, stackSuite } from './fixtures';

const BASE = { docker: 22300, podman: 22800 } as const;

async function left(engine: Engine, service: string) {
  const { containers, network } = await stackListing(engine, service);
  const states = Object.fromEntries(containers.map((c) => [c.Labels[LABEL_STEP], c.State]));
  return { states, runs: [...new Set(containers.map((c) => c.Labels[LABEL_RUN]))], network };
}

/** redis (ready once its log says a line that never comes, or at once) and a web step that depends on it. */
const twoSteps = (service: string, port: number, dbReady: string, timeout = '20s') => `version: 1
services:
  ${service}:
    ports: { redis: ${port}, http: ${port + 1} }
    stack:
      db:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: ${dbReady}
        timeout: ${timeout}
      web:
        image: busybox:stable
        ports: [ "http:8080" ]
        command: [ sh, -c, "sleep 60" ]
        depends_on: { db: ready }
`;

for (const { kind } of testEngines()) {
  describe(`containers created ahead on ${kind}`, { timeout: 120_000 }, () => {
    const base = BASE[kind];
    const svc = (name: string) => `pc${kind}${name}`;
    const suite = stackSuite(kind);
    const { used } = suite;
    const make = (yaml: string) => suite.make(yaml);
    let engine: Engine;
    before(() => {
      engine = suite.engine;
    });
    /** startStack of service `s` from the workspace `f`, with the test's own options. */
    type StartOptions = Parameters<typeof startStack>[0];
    const up = (
      f: { root: string; config: StartOptions['config'] },
      s: string,
      more: Omit<Partial<StartOptions>, 'engine' | 'root' | 'config' | 'service'> = {},
    ) => startStack({ engine, root: f.root, config: f.config, service: s, ...more });

    test(
      'Cancel while a created container waits for its dependency: nothing is left',
      { timeout: 60_000 },
      async () => {
        const s = svc('cancel');
        used.push(s);
        const f = make(twoSteps(s, base, '{ log: "this line never comes" }'));
        const ac = new AbortController();
        let whileWaiting: Awaited<ReturnType<typeof left>> | undefined;
        let runId = '';
        const r: StackResult = await up(f, s, {
          signal: ac.signal,
          onEvent: (e) => {
            if (e.step === 'db' && e.phase === 'started')
              void left(engine, s).then(
                (l) => ((whileWaiting = l), ac.abort()),
                () => ac.abort(),
              );
          },
        }).then((res) => ((runId = res.runId), res));
        assert.equal(r.ok, false);
        assert.equal(r.error?.kind, 'cancelled');
        // The dependent existed, created but never started, labelled with this run, while db was not ready.
        assert.ok(whileWaiting, 'the listing while db waited did not happen');
        assert.equal(whileWaiting.states.web, 'created');
        assert.equal(whileWaiting.states.db, 'running');
        assert.deepEqual(whileWaiting.runs, [runId]);
        assert.deepEqual(await left(engine, s), { states: {}, runs: [], network: false });
      },
    );

    test(
      'a failing step removes the created dependents too; keepOnFailure keeps them',
      { timeout: 60_000 },
      async () => {
        const s = svc('fail');
        used.push(s);
        // db's probe can never pass: its deadline fails the run while web waits, created.
        const f = make(twoSteps(s, base + 5, '{ exec: [ redis-cli, ping ], expect: NEVER-SAID }', '1s'));
        const gone = await up(f, s);
        assert.equal(gone.error?.step, 'db');
        assert.match(gone.error!.message, /did not pass within 1 s/);
        assert.equal(gone.steps.find((x) => x.step === 'web')?.state, 'removed');
        assert.deepEqual(await left(engine, s), { states: {}, runs: [], network: false });

        const kept = await up(f, s, { keepOnFailure: true });
        assert.equal(kept.error?.step, 'db');
        const l = await left(engine, s);
        assert.deepEqual(l.states, { db: 'running', web: 'created' });
        assert.deepEqual(l.runs, [kept.runId]);
        assert.equal(l.network, true);
        // The next start recognises the kept run's containers by their labels and replaces them.
        const again = await up(f, s);
        assert.equal(again.error?.step, 'db');
        assert.deepEqual(await left(engine, s), { states: {}, runs: [], network: false });
      },
    );

    test(
      'a one-shot is woken by its exit event, not by polling; its dependent reaches it by name',
      { timeout: 60_000 },
      async () => {
        const s = svc('once');
        used.push(s);
        const f = make(`version: 1
services:
  ${s}:
    ports: { redis: ${base + 10} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { exec: [ redis-cli, ping ], expect: PONG }
      seed:
        image: redis:7-alpine
        command: [ sh, -c, "sleep 3.5 && redis-cli -h cache set seeded yes" ]
        depends_on: { cache: ready }
        run: once
      check:
        image: redis:7-alpine
        command: [ sh, -c, "redis-cli -h cache get seeded | grep -qx yes" ]
        depends_on: { seed: completed }
        run: once
`);
        let seedCreating: number | undefined;
        const r = await up(f, s, {
          timeoutMs: 30_000,
          onEvent: (e) => {
            if (e.step === 'seed' && e.phase === 'creating') seedCreating = e.at;
          },
        });
        assert.equal(r.ok, true, JSON.stringify(r.error));
        const seed = r.steps.find((x) => x.step === 'seed')!;
        // Its exit event told that it had exited, not a poll or the backstop look.
        assert.equal(seed.readyOnEvent, true, `seed: ${JSON.stringify(seed)}`);
        // Created ahead: its container existed by the time cache was ready and seed's turn came.
        assert.ok(seed.createdAt! <= seedCreating!, `seed created at ${seed.createdAt}, its turn at ${seedCreating}`);
        await removeLabelled(engine, LABEL_SERVICE, s);
      },
    );

    test(
      'a compose-file stack is created ahead and its one-shot woken by its exit event too',
      { timeout: 60_000 },
      async () => {
        const s = svc('compose');
        used.push(s);
        const compose = `services:
  cache:
    image: redis:7-alpine
    ports: ["${base + 15}:6379"]
    healthcheck: { test: ["CMD", "redis-cli", "ping"] }
  seed:
    image: redis:7-alpine
    command: [sh, -c, "sleep 1 && redis-cli -h cache set seeded yes"]
    depends_on: { cache: { condition: service_healthy } }
  web:
    image: busybox:stable
    command: [sh, -c, "sleep 60"]
    depends_on: { seed: { condition: service_completed_successfully } }
`;
        const f = suite.make(
          `version: 1
services:
  ${s}:
    ports: { redis: ${base + 15} }
    stack: { compose: docker-compose.yml }
`,
          { 'docker-compose.yml': compose },
        );
        const turns = new Map<string, number>();
        const r = await up(f, s, {
          timeoutMs: 30_000,
          onEvent: (e) => {
            if (e.step && e.phase === 'creating') turns.set(e.step, e.at);
          },
        });
        assert.equal(r.ok, true, JSON.stringify(r.error));
        const by = Object.fromEntries(r.steps.map((x) => [x.step, x]));
        assert.equal(by.seed.readyOnEvent, true, `seed: ${JSON.stringify(by.seed)}`);
        for (const step of ['seed', 'web'])
          assert.ok(
            by[step].createdAt! <= turns.get(step)!,
            `${step} created at ${by[step].createdAt}, its turn at ${turns.get(step)}`,
          );
        await removeLabelled(engine, LABEL_SERVICE, s);
      },
    );
  });
}
