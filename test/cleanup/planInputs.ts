// Hand-built inputs of the pure cleanup planner (no engine, no processes): a two-service config, containers,
// holders and the inputs record, shared by the planner's unit tests.
import { parseBerthYaml } from '../../src/core/berthYaml';
import type { BerthConfig } from '../../src/core/types';
import type { Container } from '../../src/model/container';
import type { PortHolder } from '../../src/model/holder';
import { buildPlan, type CleanupInputs } from '../../src/cleanup/plan';

const yaml = `version: 1
services:
  a:
    ports: { redis: 23001, http: 23002, metrics: 23003 }
    stack:
      web:
        image: busybox:stable
        container_name: a_web
        ports: [ "http:80" ]
  b:
    ports: { redis: 23011, http: 23012 }
`;
export const config: BerthConfig = parseBerthYaml(yaml).config!;

let nextId = 1;
export function container(over: Partial<Container> & { service?: string }): Container {
  const id = (nextId++).toString(16).padStart(4, '0').repeat(16);
  const { service, ...rest } = over;
  return {
    id,
    name: `c${id.slice(-4)}`,
    image: 'redis:7-alpine',
    state: 'running',
    ports: [],
    labels: service ? { 'berth.service': service } : {},
    ...rest,
  };
}
export function holder(over: Partial<PortHolder> & { port: number; pid: number }): PortHolder {
  return {
    command: 'node',
    cmdline: ['node', 'server.js'],
    state: 'listen',
    kind: 'process',
    user: 'root',
    uid: 0,
    ...over,
  };
}
/** A docker-proxy for one host port (stale unless a container publishes it). */
export function dockerProxy(port: number, pid: number): PortHolder {
  return holder({
    port,
    pid,
    kind: 'docker-proxy',
    command: 'docker-proxy',
    cmdline: ['/usr/sbin/docker-proxy', '-proto', 'tcp', '-host-port', String(port)],
  });
}
export function inputs(over: Partial<CleanupInputs> = {}): CleanupInputs {
  const holders = over.holders ?? new Map();
  return {
    config,
    service: 'a',
    engine: { kind: 'docker', socket: 'unix:///var/run/docker.sock' },
    containers: [],
    ownChain: new Set([1, 4242, 4241]),
    protectedPids: new Set(),
    ...over,
    holders,
  };
}
export const holdersOf = (...hs: PortHolder[]) => {
  const m = new Map<number, PortHolder[]>();
  for (const h of hs) m.set(h.port, [...(m.get(h.port) ?? []), h]);
  return m;
};
export const actionable = (items: ReturnType<typeof buildPlan>['items']) => items.filter((i) => i.action !== 'none');
