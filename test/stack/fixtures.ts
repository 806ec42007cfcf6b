// Per-test berth.yaml fixtures in temp dirs, parsed by the real parser (so the runner sees what users write).
import type Dockerode from 'dockerode';
import { after, before } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseBerthYaml } from '../../src/core/berthYaml';
import type { BerthConfig } from '../../src/core/types';
import type { Engine } from '../../src/engine/connection';
import { LABEL_SERVICE } from '../../src/engine/labels';
import { networkName } from '../../src/stack/runner';
import { connectTestEngine, removeLabelled, type EngineKind } from '../support/engines';
import { rawDocker } from '../support/rawDocker';

export interface Fixture {
  root: string;
  config: BerthConfig;
  dispose(): void;
}

/** Writes berth.yaml (and extra files) to a fresh temp dir; fails when the parser reports an error. */
export function fixture(
  yaml: string,
  files: Record<string, string> = {},
  opts: { allowErrors?: boolean } = {},
): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'berth-stack-'));
  writeFileSync(join(root, 'berth.yaml'), yaml);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  const parsed = parseBerthYaml(yaml);
  const errors = parsed.findings.filter((f) => f.severity === 'error');
  if (!parsed.config || (errors.length && !opts.allowErrors)) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(
      `fixture berth.yaml does not parse: ${errors.map((f) => `${f.range.start.line + 1}: ${f.message}`).join('; ')}`,
    );
  }
  return { root, config: parsed.config, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * berth.yaml of the stack the `berth run` engine tests reach through fixtures/reach-ports.mjs: Redis, a
 * one-shot migration writing `migrated=yes` into it, and an HTTP step with /health.
 */
export function reachStackYaml(service: string, ports: { redis: number; http: number }, workers = 1): string {
  return `version: 1
services:
  ${service}:${workers > 1 ? `\n    workers: ${workers}` : ''}
    ports: { redis: ${ports.redis}, http: ${ports.http} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { exec: [ redis-cli, ping ], expect: PONG }
      migrate:
        image: redis:7-alpine
        command: [ redis-cli, -h, cache, set, migrated, "yes" ]
        depends_on: { cache: ready }
        run: once
      web:
        image: busybox:stable
        ports: [ "http:8080" ]
        depends_on: { migrate: completed }
        ready: { http: { port: http, path: /health } }
`;
}

/**
 * What a describe() of stack tests on one engine shares: the engine (connected before the first test), fixtures
 * (removed after the last), and the services it used, whose containers and networks are removed after the last.
 */
export function stackSuite(kind: EngineKind) {
  const fixtures: Fixture[] = [];
  const suite = {
    engine: undefined as unknown as Engine,
    used: [] as string[],
    make(yaml: string, files?: Record<string, string>, opts?: { allowErrors?: boolean }): Fixture {
      const f = fixture(yaml, files, opts);
      fixtures.push(f);
      return f;
    },
  };
  before(async () => {
    suite.engine = await connectTestEngine(kind);
  });
  after(async () => {
    if (suite.engine) {
      for (const s of suite.used) {
        await removeLabelled(suite.engine, LABEL_SERVICE, s);
        await rawDocker(suite.engine)
          .getNetwork(networkName(s))
          .remove()
          .catch(() => undefined);
      }
      suite.engine.close();
    }
    for (const f of fixtures) f.dispose();
  });
  return suite;
}

/** The service's containers (any state) on this engine, and whether its stack network exists. */
export async function stackListing(
  engine: Engine,
  service: string,
): Promise<{ containers: Dockerode.ContainerInfo[]; network: boolean }> {
  const containers = await rawDocker(engine).listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${LABEL_SERVICE}=${service}`] }),
  });
  const network = await rawDocker(engine)
    .getNetwork(networkName(service))
    .inspect()
    .then(
      () => true,
      () => false,
    );
  return { containers, network };
}

/** Removes what stacks of these services left on the test engine of this kind: containers, then their networks. */
export async function removeStacks(kind: EngineKind, services: string[]): Promise<void> {
  const engine = await connectTestEngine(kind);
  try {
    for (const svc of services) {
      await removeLabelled(engine, LABEL_SERVICE, svc);
      await rawDocker(engine)
        .getNetwork(networkName(svc))
        .remove()
        .catch(() => undefined);
    }
  } finally {
    engine.close();
  }
}

/** The service's containers (any state) and its stack network as the engine lists them. */
export async function stackOf(
  kind: EngineKind,
  service: string,
): Promise<{ containers: Dockerode.ContainerInfo[]; networks: Dockerode.NetworkInspectInfo[] }> {
  const engine = await connectTestEngine(kind);
  try {
    const containers = await rawDocker(engine).listContainers({
      all: true,
      filters: JSON.stringify({ label: [`${LABEL_SERVICE}=${service}`] }),
    });
    const networks = (await rawDocker(engine).listNetworks()).filter((n) => n.Name === networkName(service));
    return { containers, networks };
  } finally {
    engine.close();
  }
}
