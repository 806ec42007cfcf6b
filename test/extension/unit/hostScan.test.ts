// The status model the tree shows, with the real holder scan and a real foreign listener (a spawned node
// server), so the tree row names the actual pid and command; with the engine connected and unreachable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { ResultPromise } from 'execa';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import type { BerthConfig } from '../../../src/core/types';
import type { EngineSnapshot } from '../../../src/engine/state';
import { scanAllocated } from '../../../src/host/portScan';
import { buildStatus } from '../../../src/model/status';
import { scanHolders } from '../../../src/host/holders';
import type { PortHolder } from '../../../src/model/holder';
import { buildTree, findNode } from '../../../src/extension/tree/buildTree';
import { fromEngineStatus } from '../../../src/extension/tree/engineNode';

// EXT-UI port block 24000–24499.
const HELD = 24010;
const FREE = 24011;
const OTHER = 24012;

function config(): BerthConfig {
  const r = parseBerthYaml(`version: 1
services:
  api:
    ports: { http: ${HELD}, metrics: ${FREE} }
  web:
    ports: { http: ${OTHER}, api: ${HELD} }
`);
  assert.ok(r.config, JSON.stringify(r.findings));
  return r.config;
}

const connected: EngineSnapshot = {
  engine: {
    state: 'connected',
    kind: 'docker',
    version: '20.10',
    apiVersion: '1.41',
    socket: 'unix:///var/run/docker.sock',
    source: 'default',
    skipped: [],
    host: { kind: 'local' },
  },
  containers: [],
  services: [],
  updatedAt: 1,
};
const unreachable: EngineSnapshot = {
  engine: { state: 'unreachable', reason: 'no such socket', tried: [], since: 0 },
  containers: [],
  services: [],
  updatedAt: 0,
};

function tree(cfg: BerthConfig, snap: EngineSnapshot, holders: Map<number, PortHolder[]>) {
  const model = buildStatus(cfg, snap, holders);
  return {
    model,
    roots: buildTree({ engine: fromEngineStatus(snap.engine), config: cfg, services: model.services, now: Date.now() }),
  };
}

describe('the status model over the real holder scan', () => {
  let server: ResultPromise | undefined;

  before(async () => {
    // Dynamic import: execa is ESM-only and this test file loads as CommonJS.
    const { execa } = await import('execa');
    server = execa(
      process.execPath,
      ['-e', `require('net').createServer().listen(${HELD}, '127.0.0.1', () => console.log('ready'))`],
      { stdout: 'pipe', reject: false },
    );
    const [chunk] = (await once(server.stdout!, 'data')) as [Buffer];
    assert.match(String(chunk), /ready/);
  });
  after(async () => {
    server?.kill('SIGTERM');
    await server;
  });

  test('a foreign listener shows with its pid and command; an unheld port is free', async () => {
    const scans: number[][] = [];
    const cfg = config();
    const scan = await scanAllocated(cfg, (ports) => (scans.push(ports), scanHolders(ports)));
    assert.deepEqual(scans, [[HELD, FREE, OTHER]], 'one scan for every allocated port');
    const { model, roots } = tree(cfg, connected, scan.holders);
    const api = model.services.find((s) => s.name === 'api');
    const held = api?.ports.find((p) => p.port === HELD);
    assert.equal(held?.state, 'foreign');
    assert.equal(held?.holders[0]?.pid, server!.pid);
    assert.equal(api?.ports.find((p) => p.port === FREE)?.state, 'free');

    const row = findNode(roots, 'service:api/port:http');
    assert.match(row?.description ?? '', new RegExp(`^held by ${server!.pid} `));
    assert.equal(row?.contextValue, 'port.foreign.http');
    assert.match(findNode(roots, 'service:api')?.contextValue ?? '', /\.conflict$/);
    assert.equal(findNode(roots, 'service:api')?.description, 'no stack · 1 port held by node');
  });

  test('engine unreachable: a plain process still reads foreign, an unheld port free', async () => {
    const cfg = config();
    const { model, roots } = tree(cfg, unreachable, (await scanAllocated(cfg)).holders);
    const web = model.services.find((s) => s.name === 'web');
    assert.equal(web?.containers, undefined);
    const row = web?.ports.find((p) => p.port === HELD);
    assert.equal(row?.state, 'foreign');
    assert.equal(row?.holders[0]?.pid, server!.pid);
    assert.equal(web?.ports.find((p) => p.port === OTHER)?.state, 'free');
    assert.equal(findNode(roots, 'service:web')?.description, 'engine unreachable · 1 port held by node');
  });

  test('engine unreachable: a forwarder cannot be judged', () => {
    const forwarder = {
      port: HELD,
      pid: 77,
      command: 'docker-proxy',
      cmdline: ['docker-proxy'],
      state: 'listen' as const,
      kind: 'docker-proxy' as const,
    };
    const { model, roots } = tree(config(), unreachable, new Map([[HELD, [forwarder]]]));
    assert.equal(model.services.find((s) => s.name === 'api')?.ports.find((p) => p.port === HELD)?.state, 'unknown');
    assert.equal(findNode(roots, 'service:api/port:http')?.description, 'held by docker-proxy');
    assert.equal(findNode(roots, 'service:api/port:http')?.contextValue, 'port.unknown.http');
    assert.equal(findNode(roots, 'service:api')?.description, 'engine unreachable');
  });
});
