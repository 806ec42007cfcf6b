// serviceInputs joins berth.yaml, containers and a holder scan: here with the real holder scan and a
// real foreign listener (a spawned node server), so the tree row names the actual pid and command.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { ResultPromise } from 'execa';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import type { BerthConfig } from '../../../src/core/types';
import { classifyPorts } from '../../../src/host/classify';
import { scanHolders } from '../../../src/host/holders';
import { allocatedPorts, serviceInputs } from '../../../src/extension/serviceInputs';
import { buildTree, findNode } from '../../../src/extension/tree/buildTree';

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

describe('serviceInputs with the real holder scan', () => {
  let server: ResultPromise | undefined;

  before(async () => {
    // Dynamic import: execa is ESM-only and this test file loads as CommonJS.
    const { execa } = await import('execa');
    server = execa(process.execPath, ['-e', `require('net').createServer().listen(${HELD}, '127.0.0.1', () => console.log('ready'))`], { stdout: 'pipe', reject: false });
    const [chunk] = (await once(server.stdout!, 'data')) as [Buffer];
    assert.match(String(chunk), /ready/);
  });
  after(async () => {
    server?.kill('SIGTERM');
    await server;
  });

  test('a foreign listener shows with its pid and command; an unheld port is free', async () => {
    const scans: number[][] = [];
    const inputs = await serviceInputs(config(), [], {
      scanHolders: (ports) => (scans.push(ports), scanHolders(ports)),
      classifyPorts,
    });
    assert.deepEqual(scans, [[HELD, FREE, OTHER]], 'one scan for every allocated port');
    const api = inputs.find((i) => i.service.name === 'api');
    assert.ok(api);
    const held = api.ports.find((p) => p.port === HELD);
    assert.equal(held?.state, 'foreign');
    assert.equal(held?.holders[0]?.pid, server!.pid);
    assert.equal(api.ports.find((p) => p.port === FREE)?.state, 'free');

    const { roots } = buildTree({ engine: { state: 'connected', kind: 'docker', version: '20.10' }, services: inputs, now: Date.now() });
    const row = findNode(roots, 'service:api/port:http');
    assert.match(row?.description ?? '', new RegExp(`^held by ${server!.pid} `));
    assert.equal(row?.contextValue, 'port.foreign');
    assert.match(findNode(roots, 'service:api')?.contextValue ?? '', /\.conflict$/);
    assert.match(findNode(roots, 'service:api')?.description ?? '', /^no stack · 1 port held by /);
  });

  test('engine unreachable: a plain process still reads foreign, an unheld port free', async () => {
    const inputs = await serviceInputs(config(), undefined, { scanHolders, classifyPorts });
    const web = inputs.find((i) => i.service.name === 'web');
    assert.equal(web?.containers, undefined);
    const row = web?.ports.find((p) => p.port === HELD);
    assert.equal(row?.state, 'foreign');
    assert.equal(row?.holders[0]?.pid, server!.pid);
    assert.equal(web?.ports.find((p) => p.port === OTHER)?.state, 'free');
    const { roots } = buildTree({ engine: { state: 'unreachable', tried: [] }, services: inputs, now: Date.now() });
    assert.match(findNode(roots, 'service:web')?.description ?? '', /^engine unreachable · 1 port held by node$/);
  });

  test('engine unreachable: a forwarder cannot be judged', async () => {
    const forwarder = { port: HELD, pid: 77, command: 'docker-proxy', cmdline: ['docker-proxy'], state: 'listen' as const, kind: 'docker-proxy' as const };
    const inputs = await serviceInputs(config(), undefined, { scanHolders: async () => new Map([[HELD, [forwarder]]]), classifyPorts });
    const row = inputs.find((i) => i.service.name === 'api')?.ports.find((p) => p.port === HELD);
    assert.equal(row?.state, 'unknown');
    const { roots } = buildTree({ engine: { state: 'unreachable', tried: [] }, services: inputs, now: Date.now() });
    assert.equal(findNode(roots, 'service:api/port:http')?.description, 'held by docker-proxy');
    assert.equal(findNode(roots, 'service:api')?.description, 'engine unreachable');
  });

  test('allocatedPorts lists each port once', () => {
    assert.deepEqual(allocatedPorts(config()), [HELD, FREE, OTHER]);
  });
});
