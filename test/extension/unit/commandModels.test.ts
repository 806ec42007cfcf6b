// What the Start/Stop Stack progress and the Clean Stale Ports pick show, from real runner event shapes
// and a plan built by the cleanup planner itself.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import { buildPlan } from '../../../src/cleanup/plan';
import type { CleanupReport } from '../../../src/cleanup/model';
import type { Container } from '../../../src/model/container';
import type { PortHolder } from '../../../src/model/holder';
import {
  cleanupSummary,
  freePorts,
  planPickItems,
  planPickPlaceholder,
  planPickTitle,
} from '../../../src/extension/cleanupPick';
import { StackProgress, startOutcome, stopOutcome } from '../../../src/extension/stackProgress';
import { PullTally } from '../../../src/model/pull';

describe('stack progress', () => {
  test('lists every step with its phase, and formats timing lines', () => {
    const p = new StackProgress('we');
    assert.equal(p.message(), 'preflight…');
    p.apply({ type: 'step', step: 'postgres', phase: 'planned', at: 0 });
    p.apply({ type: 'step', step: 'redis', phase: 'planned', at: 0 });
    p.apply({ type: 'stack', phase: 'preflight', at: 1 });
    p.apply({ type: 'step', step: 'postgres', phase: 'started', at: 300 });
    const line = p.apply({ type: 'step', step: 'redis', phase: 'ready', at: 1250, ms: 950, detail: 'PONG' });
    assert.equal(line, '[we] +1.3s redis ready (0.9s): PONG');
    assert.equal(p.message(), 'postgres starting · redis ✓ 0.9s');
  });

  test('a pull under way is the notification line; byte updates stay out of the output channel', () => {
    const p = new StackProgress('we');
    p.apply({ type: 'step', step: 'redis', phase: 'planned', at: 0 });
    const t = new PullTally('redis:7-alpine');
    for (const l of ['a', 'b', 'c', 'd', 'e']) t.apply({ layer: l, phase: 'waiting', text: 'Pulling fs layer' });
    for (const l of ['a', 'b', 'c']) t.apply({ layer: l, phase: 'present', text: 'Already exists' });
    t.apply({ layer: 'd', phase: 'downloading', current: 12_100_000, total: 20_300_000, text: 'Downloading' });
    const bytes = t.apply({ layer: 'e', phase: 'downloading', current: 0, total: 0, text: 'Downloading' });
    assert.equal(p.apply({ type: 'step', step: 'redis', phase: 'pulling', at: 5, pull: bytes }), undefined);
    assert.equal(p.message(), 'Pulling redis:7-alpine: 3/5 layers, 12.1 MB/20.3 MB');
    const done = t.finish();
    assert.match(p.apply({ type: 'step', step: 'redis', phase: 'pulling', at: 9, pull: done }) ?? '', /Pulled redis/);
    assert.equal(p.message(), 'redis waiting', 'the step list is back once the pull is over');
  });

  test('outcomes: ready, already up, failed with log lines, stopped', () => {
    const ok = startOutcome({
      ok: true,
      service: 'we',
      alreadyUp: false,
      runId: 'r',
      steps: [{ step: 'redis', state: 'ready', startedAt: 100, readyAt: 900, hostPorts: [] }],
      totalMs: 1234,
      warnings: [],
    });
    assert.equal(ok.message, 'we: stack ready in 1.2s');
    assert.deepEqual(ok.logLines, ['[we] redis: ready, started at +0.1s, ready at +0.9s']);
    assert.equal(
      startOutcome({ ok: true, service: 'we', alreadyUp: true, runId: 'r', steps: [], totalMs: 5, warnings: [] })
        .message,
      'we: stack already up',
    );
    const bad = startOutcome({
      ok: false,
      service: 'we',
      alreadyUp: false,
      runId: 'r',
      steps: [],
      totalMs: 10,
      error: { kind: 'step', step: 'postgres', message: 'container exited with code 1', logs: ['FATAL: bad config'] },
      warnings: ['could not remove container we-postgres: device busy'],
    });
    assert.equal(bad.ok, false);
    assert.equal(bad.message, 'we: start failed (step postgres): container exited with code 1');
    assert.deepEqual(bad.logLines.slice(1), [
      '[we] last log lines of postgres:',
      '    FATAL: bad config',
      '[we] warning: could not remove container we-postgres: device busy',
    ]);
    const stop = stopOutcome({
      ok: true,
      service: 'we',
      removed: [
        { kind: 'container', name: 'a' },
        { kind: 'network', name: 'n' },
      ],
      errors: [],
      warnings: ['could not remove network n2: in use'],
    });
    assert.equal(stop.message, 'we: stack stopped (1 container removed)');
    assert.equal(stop.logLines.at(-1), '[we] warning: could not remove network n2: in use');
  });
});

describe('cleanup pick', () => {
  const r = parseBerthYaml(`version: 1
services:
  api:
    ports: { http: 24201, db: 24202, cache: 24203 }
  web:
    ports: { http: 24204 }
`);
  assert.ok(r.config);
  const config = r.config;
  const leftover: Container = {
    id: 'a'.repeat(64),
    name: 'api_db_1',
    image: 'postgres:16-alpine',
    state: 'exited',
    ports: [],
    labels: { 'berth.service': 'api' },
  };
  const foreign: PortHolder = {
    port: 24201,
    pid: 4242,
    command: 'node',
    cmdline: ['/usr/bin/node', 'server.js'],
    state: 'listen',
    kind: 'process',
    user: 'dev',
  };
  const stale: PortHolder = {
    port: 24202,
    pid: 4343,
    command: 'docker-proxy',
    cmdline: ['docker-proxy', '-host-port', '24202'],
    state: 'listen',
    kind: 'docker-proxy',
  };
  const plan = buildPlan({
    config,
    service: 'api',
    engine: { kind: 'docker', socket: 'unix:///var/run/docker.sock' },
    containers: [leftover],
    holders: new Map([
      [24201, [foreign]],
      [24202, [stale]],
    ]),
    ownChain: new Set([1]),
    protectedPids: new Set(),
  });

  test('safe items preselected under their own heading; foreign ones asked; free ports named', () => {
    const items = planPickItems(plan);
    const picked = items
      .filter((i) => !i.separator && i.picked)
      .map((i) => i.id)
      .sort();
    const asked = items.filter((i) => !i.separator && !i.picked).map((i) => i.id);
    assert.deepEqual(picked, [`container:${'a'.repeat(12)}`, 'process:4343']);
    assert.deepEqual(asked, ['process:4242']);
    assert.equal(items[0].label, 'Stale: safe to clean');
    const fg = items.find((i) => i.id === 'process:4242');
    // Named as status and the cleanup report name it (the model's describeHolder), with its user.
    assert.match(fg?.label ?? '', /^\$\(debug-stop\) End process pid 4242 \/usr\/bin\/node server\.js \(dev\)$/);
    assert.equal(fg?.description, 'http 24201');
    assert.deepEqual(freePorts(plan), [24203]);
    // The safety note per item: why it is safe, or why it is asked (with its risk).
    assert.match(fg?.detail ?? '', /^\$\(warning\) Ask first: .+ · Risk: /);
    const safe = items.find((i) => i.id === 'process:4343');
    assert.match(safe?.detail ?? '', /^\$\(shield\) Safe: /);
  });

  test('the pick is titled with the service and what it holds; the placeholder fits beside the badge', () => {
    assert.equal(planPickTitle(plan), 'Berth: Clean Stale Ports of api · 2 safe, 1 to ask first');
    assert.equal(
      planPickTitle({ ...plan, items: plan.items.filter((i) => i.action === 'none') }),
      'Berth: Clean Stale Ports of api · nothing to clean',
    );
    // The "0 Selected" badge and OK button cover the input's right part; about 40 characters stay clear.
    assert.ok(planPickPlaceholder.length <= 40, planPickPlaceholder);
  });

  test('summary says what was done and what is still held', () => {
    const report: CleanupReport = {
      service: 'api',
      actions: [
        { id: 'process:4343', action: 'terminate-process', outcome: 'done', detail: 'pid 4343: exited after SIGTERM' },
      ],
      ignored: [],
      ports: [
        { port: 24201, role: 'http', state: 'held', verdict: 'foreign', holders: [foreign], detail: 'pid 4242 node' },
        { port: 24202, role: 'db', state: 'free', verdict: 'free', holders: [], detail: '' },
      ],
      allFree: false,
    };
    const s = cleanupSummary(report);
    assert.equal(s.ok, false);
    assert.equal(s.message, 'api: 1 action done · still held: http 24201 (pid 4242 node)');
    assert.ok(s.lines.includes('port db 24202: free'));
  });
});
