// schemas/berth.schema.json and parseBerthYaml must agree: the examples pass both, and each invalid
// file below is rejected by both (semantic checks the schema cannot express are tested in berthYaml.test.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { parseBerthYaml } from '../../src/core/berthYaml';

const root = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'berth.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function examples(): string[] {
  return readdirSync(join(root, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => ['berth.yaml', 'berth.yml'].map((n) => join(root, 'examples', d.name, n)))
    .filter((p) => {
      try {
        readFileSync(p);
        return true;
      } catch {
        return false;
      }
    });
}

/** A service allocating http (18080) and pg (15433) whose stack has one step `web` with the given flow-map body. */
const step = (body: string) =>
  `version: 1\nservices:\n  a:\n    ports: { http: 18080, pg: 15433 }\n    stack:\n      web: ${body}\n`;

const VALID_STACK = `version: 1
services:
  a:
    ports: { pg: 15433, web: 18080, redis: 16379 }
    stack:
      db:
        image: postgres:16
        container_name: a_db
        ports: ["pg:5432"]
        environment:
          POSTGRES_PASSWORD: x
          PORT: 5432
          DEBUG: true
          EMPTY:
        ready: { exec: [pg_isready, -p, 5432], expect: accepting }
        timeout: 1m30s
      migrate:
        build: { context: ., dockerfile: Dockerfile.migrate, args: [VERSION=1] }
        depends_on: { db: { condition: ready } }
        command: migrate up
        entrypoint: ["/bin/sh", "-c"]
        env_file: [.env, .env.local]
        volumes: ./sql:/sql:ro
        labels: [team=core]
        run: once
      web:
        build: .
        ports: ["web:8080/tcp"]
        depends_on: { migrate: completed, db: started, cache: }
        ready: { http: { port: web, path: /health, status: 200, host: 10.0.0.5 } }
        timeout: 45
      cache:
        image: redis:7
        ports: [" redis:6379 "]
        ready: { tcp: { port: 6379, host: cache.internal } }
      worker:
        image: worker
        depends_on: [db]
        environment: [A=1, B=]
        command: [run, --port, 8080]
        ready: { log: '^listening on [0-9]+' }
      image-check:
        image: app
        depends_on: web
        ready: { health: true }
      seed:
        image: app
        run: once
        ready: { once: true }
        volumes: [data:/data, /cache]
`;

const VALID = [
  VALID_STACK,
  'version: 1\nservices:\n  a:\n    stack: { compose: deploy/docker-compose.yml }\n',
  'version: 1\nservices:\n  a:\n    ports: { http: 18080 }\n    stack:\n      web: { image: x, ports: ["http:80"], ready: { http: http } }\n',
  'version: 1\nservices: {}\n',
  'version: 1\ncheck: { unallocated: everywhere }\nservices: {}\n',
  'version: 1\ncheck: { unallocated: in-range }\nservices: {}\n',
  'version: 1\ncheck:\nservices: {}\n',
  'version: 1\nranges:\n  pg: 1-2\n  redis: { from: 3, to: 4 }\nservices:\n  a:\n    ports: { pg: 1, redis: { port: 3, shared_with: [b] } }\n    configs: ["x/**"]\n  b:\n  c:\n    ports:\n    stack:\nx-anything: [1, 2]\n',
  'version: 1\nservices:\n  a: { ports: { pg: 15433 }, workers: 4 }\n',
  'version: 1\nservices:\n  a: { kind: { cluster: e2e.local-1, config: deploy/kind-config.yaml } }\n  b: { kind: { cluster: e2e } }\n',
];

const INVALID: Record<string, string> = {
  'empty document': '',
  'not a mapping': '- 1\n',
  'missing version': 'services: {}\n',
  'missing services': 'version: 1\n',
  'version 2': 'version: 2\nservices: {}\n',
  'version as string': 'version: "1"\nservices: {}\n',
  'services a list': 'version: 1\nservices: [a]\n',
  'check a list': 'version: 1\ncheck: [everywhere]\nservices: {}\n',
  'check.unallocated unknown': 'version: 1\ncheck: { unallocated: sometimes }\nservices: {}\n',
  'check.unallocated a boolean': 'version: 1\ncheck: { unallocated: true }\nservices: {}\n',
  'check unknown key': 'version: 1\ncheck: { unalocated: everywhere }\nservices: {}\n',
  'unknown top-level key': 'version: 1\nservices: {}\nservice: {}\n',
  'unknown service key': 'version: 1\nservices:\n  a: { prots: {} }\n',
  'service a scalar': 'version: 1\nservices:\n  a: 5\n',
  'bad service name': 'version: 1\nservices:\n  "-a": {}\n',
  'port as string': 'version: 1\nservices:\n  a: { ports: { pg: "15433" } }\n',
  'port zero': 'version: 1\nservices:\n  a: { ports: { pg: 0 } }\n',
  'port too high': 'version: 1\nservices:\n  a: { ports: { pg: 65536 } }\n',
  'port fractional': 'version: 1\nservices:\n  a: { ports: { pg: 1.5 } }\n',
  'ports a list': 'version: 1\nservices:\n  a: { ports: [1] }\n',
  'long form without port': 'version: 1\nservices:\n  a: { ports: { pg: { shared_with: [b] } } }\n  b: {}\n',
  'long form unknown key': 'version: 1\nservices:\n  a: { ports: { pg: { port: 1, shared: [b] } } }\n  b: {}\n',
  'shared_with a string': 'version: 1\nservices:\n  a: { ports: { pg: { port: 1, shared_with: b } } }\n  b: {}\n',
  'shared_with holding a number': 'version: 1\nservices:\n  a: { ports: { pg: { port: 1, shared_with: [1] } } }\n',
  'bad role name': 'version: 1\nservices:\n  a: { ports: { "x y": 1 } }\n',
  'workers zero': 'version: 1\nservices:\n  a: { workers: 0 }\n',
  'workers as string': 'version: 1\nservices:\n  a: { workers: "2" }\n',
  'workers fractional': 'version: 1\nservices:\n  a: { workers: 1.5 }\n',
  'workers too many': 'version: 1\nservices:\n  a: { workers: 257 }\n',
  'kind a string': 'version: 1\nservices:\n  a: { kind: e2e }\n',
  'kind without cluster': 'version: 1\nservices:\n  a: { kind: { config: kind.yaml } }\n',
  'kind cluster upper-case': 'version: 1\nservices:\n  a: { kind: { cluster: E2E } }\n',
  'kind cluster a number': 'version: 1\nservices:\n  a: { kind: { cluster: 5 } }\n',
  'kind config empty': 'version: 1\nservices:\n  a: { kind: { cluster: e2e, config: "" } }\n',
  'kind unknown key': 'version: 1\nservices:\n  a: { kind: { cluster: e2e, nodes: 2 } }\n',
  'configs a string': 'version: 1\nservices:\n  a: { configs: "x/**" }\n',
  'configs holding an empty string': 'version: 1\nservices:\n  a: { configs: [""] }\n',
  'configs holding a number': 'version: 1\nservices:\n  a: { configs: [1] }\n',
  'range as number': 'version: 1\nranges: { pg: 15433 }\nservices: {}\n',
  'range text with spaces': 'version: 1\nranges: { pg: "1 - 2" }\nservices: {}\n',
  'range map missing to': 'version: 1\nranges: { pg: { from: 1 } }\nservices: {}\n',
  'range map unknown key': 'version: 1\nranges: { pg: { from: 1, to: 2, step: 1 } }\nservices: {}\n',
  'range bound out of ports': 'version: 1\nranges: { pg: { from: 0, to: 2 } }\nservices: {}\n',
  'ranges a list': 'version: 1\nranges: [1]\nservices: {}\n',
  'stack a scalar': 'version: 1\nservices:\n  a: { stack: 5 }\n',
  'stack a list': 'version: 1\nservices:\n  a: { stack: [web] }\n',
  'compose beside steps': 'version: 1\nservices:\n  a:\n    stack: { compose: c.yml, web: { image: x } }\n',
  'compose empty': 'version: 1\nservices:\n  a:\n    stack: { compose: "" }\n',
  'compose null': 'version: 1\nservices:\n  a:\n    stack: { compose: }\n',
  'step a scalar': step('nginx'),
  'step null': step(''),
  'step without image or build': step('{ ports: ["http:80"] }'),
  'bad step name': 'version: 1\nservices:\n  a:\n    stack: { "-web": { image: x } }\n',
  'ports a string': step('{ image: x, ports: "http:80" }'),
  'ports entry a number': step('{ image: x, ports: [80] }'),
  'ports entry a host port': step('{ image: x, ports: ["18080:80"] }'),
  'ports entry without container port': step('{ image: x, ports: [http] }'),
  'ports entry udp': step('{ image: x, ports: ["http:80/udp"] }'),
  'container port out of range': step('{ image: x, ports: ["http:70000"] }'),
  'image a list': step('{ image: [x] }'),
  'environment a string': step('{ image: x, environment: A=1 }'),
  'environment entry without =': step('{ image: x, environment: [A] }'),
  'environment value a map': step('{ image: x, environment: { A: { b: 1 } } }'),
  'labels entry starting with =': step('{ image: x, labels: ["=x"] }'),
  'command a map': step('{ image: x, command: { a: 1 } }'),
  'volumes a map': step('{ image: x, volumes: { a: b } }'),
  'build a list': step('{ build: [.] }'),
  'build args a string': step('{ build: { context: ., args: X } }'),
  'depends_on a number': step('{ image: x, depends_on: 5 }'),
  'depends_on condition unknown':
    'version: 1\nservices:\n  a:\n    stack:\n      db: { image: x }\n      web: { image: x, depends_on: { db: healthy } }\n',
  "depends_on compose's service_healthy":
    'version: 1\nservices:\n  a:\n    stack:\n      db: { image: x }\n      web: { image: x, depends_on: { db: { condition: service_healthy } } }\n',
  'ready a string': step('{ image: x, ready: pg_isready }'),
  'ready empty': step('{ image: x, ready: {} }'),
  'ready with two probes': step('{ image: x, ports: ["http:80"], ready: { exec: [true], tcp: http } }'),
  'ready unknown probe': step('{ image: x, ready: { script: x } }'),
  'expect beside http': step('{ image: x, ports: ["http:80"], ready: { http: http, expect: ok } }'),
  'exec empty list': step('{ image: x, ready: { exec: [] } }'),
  'exec blank string': step('{ image: x, ready: { exec: " " } }'),
  'http without port': step('{ image: x, ready: { http: { path: /health } } }'),
  'http status out of range': step('{ image: x, ports: ["http:80"], ready: { http: { port: http, status: 99 } } }'),
  'http port a list': step('{ image: x, ready: { http: [http] } }'),
  'http host a URL': step('{ image: x, ports: ["http:80"], ready: { http: { port: http, host: "http://box" } } }'),
  'tcp host with a port': step('{ image: x, ports: ["http:80"], ready: { tcp: { port: http, host: "box:80" } } }'),
  'tcp map without port': step('{ image: x, ready: { tcp: { host: x } } }'),
  'health false': step('{ image: x, ready: { health: false } }'),
  'log a list': step('{ image: x, ready: { log: [a] } }'),
  'run not once': step('{ image: x, run: one }'),
  'timeout not a duration': step('{ image: x, timeout: soon }'),
  'timeout zero': step('{ image: x, timeout: 0 }'),
  'timeout empty': step('{ image: x, timeout: "" }'),
};

/** The schema rejects these; the parser accepts them with a warning (ignored or suspicious, not fatal). */
const WARNED: Record<string, string> = {
  'stack without steps': 'version: 1\nservices:\n  a:\n    stack: {}\n',
  'unknown step key': step('{ image: x, imgae: y }'),
  'unknown build key': step('{ build: { context: ., target: dev } }'),
  'unknown ready.tcp key': step('{ image: x, ports: ["http:80"], ready: { tcp: { port: http, hots: x } } }'),
  'unknown ready.http key': step('{ image: x, ports: ["http:80"], ready: { http: { port: http, method: GET } } }'),
};

describe('schemas/berth.schema.json agrees with the parser', () => {
  test('every example berth.yaml validates and parses without schema findings', () => {
    const files = examples();
    assert.ok(files.length >= 1, 'no examples found');
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.ok(validate(parse(text)), `${file}: ${JSON.stringify(validate.errors)}`);
      assert.deepEqual(
        parseBerthYaml(text).findings.filter((f) => f.code === 'schema'),
        [],
        file,
      );
    }
  });

  test('valid files pass both', () => {
    for (const text of VALID) {
      assert.ok(validate(parse(text)), `${text}: ${JSON.stringify(validate.errors)}`);
      assert.deepEqual(parseBerthYaml(text).findings, []);
    }
  });

  for (const [name, text] of Object.entries(WARNED)) {
    test(`flagged by both (schema: invalid; parser: warning): ${name}`, () => {
      assert.equal(validate(parse(text)), false, 'schema accepted it');
      const findings = parseBerthYaml(text).findings;
      assert.ok(findings.length > 0 && findings.every((f) => f.severity === 'warning'), JSON.stringify(findings));
    });
  }

  for (const [name, text] of Object.entries(INVALID)) {
    test(`invalid: ${name}`, () => {
      assert.equal(validate(parse(text) ?? null), false, 'schema accepted it');
      const findings = parseBerthYaml(text).findings;
      assert.ok(
        findings.length > 0 &&
          findings.every((f) => f.severity === 'error' && (f.code === 'schema' || f.code === 'stack')),
        JSON.stringify(findings),
      );
    });
  }
});
