// The same holder situations fed to `berth status` (the roll-up the tree shows) and to the cleanup planner:
// both must reach the model's verdict, port by port, and cleanup must act on it as the verdict says
// (stale: something preselected; foreign process: offered, never preselected; anything else: left alone).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import type { BerthConfig } from '../../src/core/types';
import { buildPlan, type GvproxyView } from '../../src/cleanup/plan';
import type { CleanupPlan } from '../../src/cleanup/model';
import { serviceContainers } from '../../src/engine/containers';
import type { Container } from '../../src/model/container';
import type { EngineKind, PortHolder } from '../../src/model/holder';
import { buildStatus, type EngineReach } from '../../src/model/status';
import { endState, type PortState } from '../../src/model/verdict';

const PORT = 24001;

function config(shared: boolean): BerthConfig {
  const http = shared ? `{ port: ${PORT}, shared_with: [b] }` : String(PORT);
  const r = parseBerthYaml(
    `version: 1\nservices:\n  a:\n    ports: { http: ${http} }\n  b:\n    ports: { http: 24011 }\n`,
  );
  assert.ok(r.config, JSON.stringify(r.findings));
  return r.config;
}

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const GONE = 'd'.repeat(64);
const OLD = 'e'.repeat(64);

function container(id: string, service: string | undefined, over: Partial<Container> = {}): Container {
  return {
    id,
    name: `${service ?? 'stray'}-${id.slice(0, 4)}`,
    image: 'busybox:stable',
    state: 'running',
    ports: [{ hostPort: PORT, containerPort: 80 }],
    labels: service ? { 'berth.service': service } : {},
    ...over,
  };
}

function holder(over: Partial<PortHolder>): PortHolder {
  return {
    port: PORT,
    pid: 900,
    command: 'x',
    cmdline: ['x'],
    state: 'listen',
    kind: 'process',
    user: 'root',
    ...over,
  };
}
const proxy = holder({ kind: 'docker-proxy', command: 'docker-proxy', forward: { containerPort: 80 } });
const conmon = (id: string, pid = 901) => holder({ pid, kind: 'conmon', command: 'conmon', containerId: id });
const dev = holder({ pid: 902, command: 'node', cmdline: ['node', 'dev-server.js'], user: 'dev' });

interface Scenario {
  name: string;
  /** undefined: no engine reachable. */
  engine: EngineKind | undefined;
  containers: Container[];
  holders: PortHolder[];
  shared?: boolean;
  gvproxy?: Map<number, GvproxyView>;
  /** The model's verdict both must reach. */
  state: PortState;
}

const SCENARIOS: Scenario[] = [
  { name: 'our live container', engine: 'docker', containers: [container(A, 'a')], holders: [proxy], state: 'served' },
  {
    name: 'our leftover container, its conmon still there',
    engine: 'podman',
    containers: [container(A, 'a', { state: 'exited', exitCode: 0 })],
    holders: [conmon(A)],
    state: 'stale',
  },
  {
    name: "another service's container",
    engine: 'docker',
    containers: [container(B, 'b')],
    holders: [proxy],
    state: 'other-service',
  },
  {
    name: 'a container outside berth.yaml',
    engine: 'docker',
    containers: [container(B, undefined)],
    holders: [proxy],
    state: 'foreign',
  },
  { name: 'docker-proxy, container gone', engine: 'docker', containers: [], holders: [proxy], state: 'stale' },
  { name: 'conmon, container gone', engine: 'podman', containers: [], holders: [conmon(GONE)], state: 'stale' },
  {
    name: 'rootlessport, container gone',
    engine: 'podman',
    containers: [],
    holders: [holder({ pid: 903, kind: 'rootlessport', command: 'rootlessport' })],
    state: 'stale',
  },
  {
    name: 'gvproxy, container gone',
    engine: 'podman',
    containers: [],
    holders: [holder({ pid: 904, kind: 'gvproxy', command: 'gvproxy' })],
    gvproxy: new Map([[904, { forwards: [{ local: `:${PORT}`, remote: `192.168.127.2:${PORT}`, protocol: 'tcp' }] }]]),
    state: 'stale',
  },
  {
    name: 'a stale conmon beside the one serving our container',
    engine: 'podman',
    containers: [container(A, 'a')],
    holders: [conmon(A), conmon(OLD, 905)],
    state: 'stale',
  },
  { name: 'a foreign process', engine: 'docker', containers: [], holders: [dev], state: 'foreign' },
  {
    name: 'a holder Berth cannot see (pid 0)',
    engine: 'docker',
    containers: [],
    holders: [holder({ pid: 0, command: '?', cmdline: [] })],
    state: 'foreign',
  },
  {
    name: 'a declared shared allocation',
    engine: 'docker',
    containers: [container(B, 'b')],
    holders: [proxy],
    shared: true,
    state: 'shared',
  },
  { name: 'free', engine: 'docker', containers: [], holders: [], state: 'free' },
  {
    name: 'a podman forwarder seen over a docker connection',
    engine: 'docker',
    containers: [],
    holders: [conmon(GONE)],
    state: 'unknown',
  },
  { name: 'engine unreachable: a forwarder', engine: undefined, containers: [], holders: [proxy], state: 'unknown' },
  {
    name: 'engine unreachable: a foreign process',
    engine: undefined,
    containers: [],
    holders: [dev],
    state: 'foreign',
  },
];

function statusOf(s: Scenario, cfg: BerthConfig) {
  const engine: EngineReach = s.engine ? { state: 'connected', kind: s.engine } : { state: 'unreachable' };
  const report = { engine, containers: s.containers, services: serviceContainers(s.containers, cfg) };
  const model = buildStatus(cfg, report, new Map([[PORT, s.holders]]));
  return model.services.find((x) => x.name === 'a')!.ports.find((p) => p.port === PORT)!;
}

function planOf(s: Scenario, cfg: BerthConfig): CleanupPlan {
  return buildPlan({
    config: cfg,
    service: 'a',
    engine: s.engine ? { kind: s.engine, socket: 'unix:///test.sock' } : undefined,
    engineError: s.engine ? undefined : 'no engine',
    containers: s.engine ? s.containers : [],
    holders: new Map([[PORT, s.holders]]),
    gvproxy: s.gvproxy,
    ownChain: new Set([1]),
    protectedPids: new Set(),
  });
}

/** What cleanup must do on the port for each verdict. */
function assertActsOnVerdict(state: PortState, plan: CleanupPlan, holders: PortHolder[]): void {
  const acts = plan.items.filter((i) => i.action !== 'none' && i.ports.includes(PORT));
  const shown = JSON.stringify(plan.items.map((i) => [i.action, i.preselected, i.why]));
  if (state === 'stale')
    assert.ok(
      acts.some((i) => i.preselected),
      `stale: something preselected; got ${shown}`,
    );
  else if (state === 'foreign' && holders.some((h) => h.kind === 'process' && h.pid > 0)) {
    assert.ok(acts.length > 0, `a foreign process is offered; got ${shown}`);
    assert.ok(
      acts.every((i) => !i.preselected && i.foreign),
      `a foreign process is never preselected; got ${shown}`,
    );
  } else assert.deepEqual(acts, [], `${state}: nothing to do; got ${shown}`);
}

describe('status and the cleanup planner agree, port by port', () => {
  for (const s of SCENARIOS) {
    test(s.name, () => {
      const cfg = config(!!s.shared);
      const st = statusOf(s, cfg);
      assert.equal(st.state, s.state, `status: ${st.detail}`);
      const plan = planOf(s, cfg);
      const port = plan.ports.find((p) => p.port === PORT)!;
      assert.equal(port.verdict, st.state, `cleanup's verdict: ${port.detail}`);
      assert.equal(port.detail, st.detail, 'the same words');
      assert.equal(port.state, endState(st.state));
      assertActsOnVerdict(st.state, plan, s.holders);
    });
  }

  test('every verdict is covered by a scenario', () => {
    const states: PortState[] = ['free', 'served', 'stale', 'foreign', 'other-service', 'shared', 'unknown'];
    assert.deepEqual(
      states.filter((x) => !SCENARIOS.some((s) => s.state === x)),
      [],
    );
  });
});
