// Unit tests of the pure cleanup planner: inputs built by hand, no engine, no processes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container } from '../../src/model/container';
import { buildPlan, defaultSelection, UnknownServiceError } from '../../src/cleanup/plan';
import { forwardPort, isSshForward, shellQuote } from '../../src/host/gvproxy';
import { actionable, container, dockerProxy, holder, holdersOf, inputs } from './planInputs';

describe('cleanup planner (pure)', () => {
  test('own leftovers are removed (preselected), unhealthy offered, healthy left alone, other services ignored', () => {
    const exited = container({ service: 'a', state: 'exited' });
    const created = container({ service: 'a', state: 'created' });
    const dead = container({ name: 'a_web', state: 'dead' }); // by declared container_name, no label
    const healthy = container({ service: 'a', health: 'healthy', ports: [{ hostPort: 23001, containerPort: 6379 }] });
    const unhealthy = container({ service: 'a', health: 'unhealthy', ports: [{ hostPort: 23002, containerPort: 80 }] });
    const bLeftover = container({ service: 'b', state: 'exited' });
    const plan = buildPlan(inputs({ containers: [exited, created, dead, healthy, unhealthy, bLeftover] }));
    const item = (c: Container) => plan.items.find((i) => i.container?.id === c.id);
    for (const c of [exited, created, dead]) {
      assert.equal(item(c)?.action, 'remove-container', c.state);
      assert.equal(item(c)?.preselected, true);
    }
    assert.equal(item(unhealthy)?.action, 'remove-container');
    assert.equal(item(unhealthy)?.preselected, false);
    assert.match(item(unhealthy)!.risk!, /running/);
    assert.equal(item(healthy)?.action, 'none');
    assert.match(item(healthy)!.why, /not stale, left alone/);
    assert.equal(item(bLeftover), undefined);
    assert.deepEqual(
      defaultSelection(plan).sort(),
      [exited, created, dead].map((c) => `container:${c.id.slice(0, 12)}`).sort(),
    );
  });

  test('a docker-proxy whose container is gone is terminated; a podman forwarder is not judged over a docker connection', () => {
    const proxy = dockerProxy(23001, 900);
    const conmon = holder({
      port: 23002,
      pid: 901,
      kind: 'conmon',
      command: 'conmon',
      containerId: 'f'.repeat(64),
      cmdline: ['/usr/bin/conmon', '-c', 'f'.repeat(64)],
    });
    const plan = buildPlan(inputs({ holders: holdersOf(proxy, conmon) }));
    const p = plan.items.find((i) => i.holder?.pid === 900)!;
    assert.equal(p.action, 'terminate-process');
    assert.equal(p.preselected, true);
    assert.equal(p.why, 'stale docker-proxy (pid 900) for a container that no longer exists');
    const c = plan.items.find((i) => i.holder?.pid === 901)!;
    assert.equal(c.action, 'none');
    assert.match(c.why, /connected to docker/);

    const onPodman = buildPlan(inputs({ engine: { kind: 'podman', socket: 'p' }, holders: holdersOf(proxy, conmon) }));
    assert.equal(onPodman.items.find((i) => i.holder?.pid === 901)?.action, 'terminate-process');
    assert.equal(
      onPodman.items.find((i) => i.holder?.pid === 901)!.why,
      'stale conmon (pid 901) for removed container ffffffffffff',
    );
    assert.equal(onPodman.items.find((i) => i.holder?.pid === 900)?.action, 'none');

    const noEngine = buildPlan(inputs({ engine: undefined, engineError: 'down', holders: holdersOf(proxy, conmon) }));
    assert.deepEqual(actionable(noEngine.items), []);
  });

  test("a forwarder for another service's running container is never touched, even on this service's port", () => {
    const bOnA = container({ service: 'b', ports: [{ hostPort: 23003, containerPort: 80 }] });
    const conmon = holder({ port: 23003, pid: 902, kind: 'conmon', containerId: bOnA.id.slice(0, 12) });
    const plan = buildPlan(
      inputs({ engine: { kind: 'podman', socket: 'p' }, containers: [bOnA], holders: holdersOf(conmon) }),
    );
    assert.deepEqual(actionable(plan.items), []);
    assert.match(plan.items.find((i) => i.holder?.pid === 902)!.why, /belongs to service b: never touched/);
  });

  test('foreign processes are listed with pid, command line and user, never preselected; one item per process', () => {
    const dev = { pid: 903, user: 'dev', cmdline: ['node', 'dev-server.js', '--port', '23001'] };
    const plan = buildPlan(
      inputs({ holders: holdersOf(holder({ port: 23001, ...dev }), holder({ port: 23003, ...dev })) }),
    );
    const items = plan.items.filter((i) => i.holder?.pid === 903);
    assert.equal(items.length, 1);
    assert.deepEqual(items[0].ports, [23001, 23003]);
    assert.equal(items[0].action, 'terminate-process');
    assert.equal(items[0].foreign, true);
    assert.equal(items[0].preselected, false);
    assert.equal(items[0].why, 'foreign process holds port 23001: pid 903 node dev-server.js --port 23001 (dev)');
    assert.deepEqual(defaultSelection(plan), []);
    assert.deepEqual(defaultSelection(plan, { includeForeign: true }), ['process:903']);
  });

  test("a process that also holds another service's port is never preselected, and says so", () => {
    const gone = 'e'.repeat(64);
    const conmon = (port: number) => holder({ port, pid: 910, kind: 'conmon', command: 'conmon', containerId: gone });
    const dev = (port: number) => holder({ port, pid: 911 });
    const plan = buildPlan(
      inputs({
        engine: { kind: 'podman', socket: 'p' },
        holders: holdersOf(conmon(23001), conmon(23011), dev(23002), dev(23012)),
      }),
    );
    const c = plan.items.find((i) => i.id === 'process:910')!;
    assert.equal(c.action, 'terminate-process');
    assert.deepEqual(c.ports, [23001]);
    assert.equal(c.preselected, false);
    assert.match(c.risk!, /also holds port 23011 \(b\) of other services/);
    assert.match(plan.items.find((i) => i.id === 'process:911')!.risk!, /also holds port 23012 \(b\)/);
    assert.deepEqual(plan.items.find((i) => i.id === 'process:911')!.alsoHolds, [23012]);
    assert.deepEqual(defaultSelection(plan, { includeForeign: true }), [], '--include-foreign does not reach B');
    assert.ok(!plan.ports.some((p) => p.port === 23011 || p.port === 23012), "B's ports are not the plan's ports");
  });

  test('a plain process beside a publishing container is not taken for that container', () => {
    const pub = container({ service: 'a', ports: [{ hostIp: '127.0.0.1', hostPort: 23001, containerPort: 6379 }] });
    const dev = holder({ port: 23001, pid: 920, address: '10.0.0.5' });
    const plan = buildPlan(inputs({ containers: [pub], holders: holdersOf(dev) }));
    const item = plan.items.find((i) => i.holder?.pid === 920)!;
    assert.equal(item.action, 'terminate-process');
    assert.equal(item.foreign, true);
    assert.equal(plan.ports.find((p) => p.port === 23001)?.state, 'held');
  });

  test('PID 1, Berth’s own chain and protected pids are never acted on', () => {
    const plan = buildPlan(
      inputs({
        protectedPids: new Set([5555]),
        holders: holdersOf(
          holder({ port: 23001, pid: 1 }),
          holder({ port: 23002, pid: 4241 }),
          holder({ port: 23003, pid: 5555, kind: 'docker-proxy' }),
        ),
      }),
    );
    assert.deepEqual(actionable(plan.items), []);
    assert.equal(plan.items.filter((i) => /never touched/.test(i.why)).length, 3);
  });

  test('gvproxy: unexpose exactly the stale forward (byte-exact local), kill only as a last resort, SSH and other services untouched', () => {
    const gv = (port: number) =>
      holder({
        port,
        pid: 777,
        kind: 'gvproxy',
        command: 'gvproxy',
        cmdline: ['/opt/podman/bin/gvproxy', '-ssh-port', '23999'],
      });
    const forwards = [
      { local: '127.0.0.1:23999', remote: '192.168.127.2:22', protocol: 'tcp' },
      { local: ':23001', remote: '192.168.127.2:23001', protocol: 'tcp' },
      { local: '0.0.0.0:23002', remote: '192.168.127.2:23002', protocol: 'tcp' },
      { local: ':23011', remote: '192.168.127.2:23011', protocol: 'tcp' },
    ];
    const plan = buildPlan(
      inputs({
        engine: { kind: 'podman', socket: 'machine' },
        holders: holdersOf(gv(23001), gv(23002)),
        gvproxy: new Map([[777, { forwards, sshPort: 23999 }]]),
      }),
    );
    const unexpose = plan.items.filter((i) => i.action === 'unexpose-forward');
    assert.deepEqual(
      unexpose.map((i) => i.forward?.local),
      [':23001', '0.0.0.0:23002'],
    );
    assert.ok(unexpose.every((i) => i.preselected));
    const kill = plan.items.filter((i) => i.action === 'kill-gvproxy');
    assert.equal(kill.length, 1);
    assert.equal(kill[0].preselected, false);
    assert.match(kill[0].risk!, /EVERY forward/);
    assert.ok(!plan.items.some((i) => i.forward?.local === ':23011' || i.forward?.remote.endsWith(':22')));
    assert.deepEqual(defaultSelection(plan, { includeForeign: true }).sort(), unexpose.map((i) => i.id).sort());
  });

  test('gvproxy: a forward of a running container is left alone; an unreadable API is a warning, not a guess', () => {
    const gvHolder = holder({ port: 23001, pid: 778, kind: 'gvproxy', command: 'gvproxy' });
    const served = container({ service: 'a', ports: [{ hostPort: 23001, containerPort: 6379 }] });
    const plan = buildPlan(
      inputs({
        engine: { kind: 'podman', socket: 'm' },
        containers: [served],
        holders: holdersOf(gvHolder),
        gvproxy: new Map([[778, { forwards: [] }]]),
      }),
    );
    assert.deepEqual(actionable(plan.items), []);
    const broken = buildPlan(
      inputs({
        engine: { kind: 'podman', socket: 'm' },
        holders: holdersOf(gvHolder),
        gvproxy: new Map([[778, { error: 'ssh: connect refused' }]]),
      }),
    );
    assert.deepEqual(
      actionable(broken.items).map((i) => i.action),
      ['kill-gvproxy'],
    );
    assert.equal(defaultSelection(broken).length, 0);
    assert.match(broken.warnings.join('\n'), /ssh: connect refused/);
  });

  test('free ports are said to be free; an unknown service is a clear error', () => {
    const plan = buildPlan(inputs());
    assert.deepEqual(
      plan.ports.map((p) => [p.port, p.role]),
      [
        [23001, 'redis'],
        [23002, 'http'],
        [23003, 'metrics'],
      ],
    );
    assert.deepEqual(
      plan.items.map((i) => i.why),
      ['free', 'free', 'free'],
    );
    assert.throws(
      () => buildPlan(inputs({ service: 'zz' })),
      (e: unknown) =>
        e instanceof UnknownServiceError && /unknown service "zz".*services: a, b/.test((e as Error).message),
    );
  });

  test('gvproxy helpers: ports of local addresses, SSH detection, shell quoting', () => {
    assert.equal(forwardPort(':8080'), 8080);
    assert.equal(forwardPort('[::]:8080'), 8080);
    assert.equal(forwardPort('127.0.0.1:2223'), 2223);
    assert.equal(isSshForward({ local: '127.0.0.1:2223', remote: '192.168.127.2:22', protocol: 'tcp' }), true);
    assert.equal(isSshForward({ local: '127.0.0.1:2223', remote: '192.168.127.2:2222', protocol: 'tcp' }, 2223), true);
    assert.equal(isSshForward({ local: ':8080', remote: '192.168.127.2:8080', protocol: 'tcp' }, 2223), false);
    assert.equal(shellQuote('{"local":":8080"}'), `'{"local":":8080"}'`);
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });
});
