// Stack definitions resolved against the allocation and the files beside berth.yaml (no engine).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { composeStackFindings, resolveStack, StackConfigError } from '../../src/stack/resolve';
import { fixture, type Fixture } from './fixtures';

const fixtures: Fixture[] = [];
after(() => fixtures.forEach((f) => f.dispose()));
const make = (yaml: string, files: Record<string, string> = {}) => {
  const f = fixture(yaml, files);
  fixtures.push(f);
  return f;
};

describe('resolveStack', () => {
  const yaml = (env: string) => `version: 1
services:
  we:
    ports: { postgres: 22401, http: 22402 }
    stack:
      db:
        image: pg
        ports: [ "postgres:5432" ]
        env_file: [ env/common.env ]
        environment: { B: from-yaml, C: ${env} }
        volumes: [ "./sql:/sql:ro", "pgdata:/var/lib/postgresql/data", "/scratch" ]
`;
  const files = { 'env/common.env': '# comment\nA=1\nexport B="from-file"\nC=\'x\'\n\nnot a pair\n' };

  test('host ports come from the allocation; env_file under environment; bind paths absolute', async () => {
    const f = make(yaml('c'), files);
    const r = await resolveStack(f.root, f.config, 'we');
    const db = r.steps[0];
    assert.deepEqual(db.ports, [{ role: 'postgres', hostPort: 22401, containerPort: 5432, hostIp: undefined }]);
    assert.deepEqual(db.env.sort(), ['A=1', 'B=from-yaml', 'C=c']);
    assert.deepEqual(db.binds, [`${join(f.root, 'sql')}:/sql:ro`, 'pgdata:/var/lib/postgresql/data']);
    assert.deepEqual(db.namedVolumes, ['pgdata']);
    assert.deepEqual(db.anonymousVolumes, ['/scratch']);
    assert.deepEqual(r.waves, [['db']]);
  });

  test('the spec hash follows what shapes the container', async () => {
    const f1 = make(yaml('c'), files);
    const f2 = make(yaml('d'), files);
    const h1 = (await resolveStack(f1.root, f1.config, 'we')).steps[0].specHash;
    const h2 = (await resolveStack(f2.root, f2.config, 'we')).steps[0].specHash;
    assert.notEqual(h1, h2);
    assert.equal((await resolveStack(f1.root, f1.config, 'we')).steps[0].specHash, h1, 'same definition, same hash');
  });

  test("worker K's instance: every host port + K-1, its own named volumes; a worker beyond workers: is refused", async () => {
    const w = (workers: string) =>
      yaml('c').replace(
        '    ports: { postgres: 22401, http: 22402 }',
        `    workers: ${workers}\n    ports: { postgres: 22401, http: 22405 }`,
      );
    const f = make(w('3'), files);
    const one = (await resolveStack(f.root, f.config, 'we')).steps[0];
    const three = (await resolveStack(f.root, f.config, 'we', 3)).steps[0];
    assert.deepEqual(
      three.ports.map((p) => p.hostPort),
      [22403],
    );
    assert.deepEqual(
      one.ports.map((p) => p.hostPort),
      [22401],
      'worker 1 keeps the allocated port',
    );
    assert.deepEqual(three.namedVolumes, ['pgdata-w3']);
    assert.deepEqual(three.binds, [`${join(f.root, 'sql')}:/sql:ro`, 'pgdata-w3:/var/lib/postgresql/data']);
    assert.deepEqual(one.namedVolumes, ['pgdata']);
    assert.notEqual(three.specHash, one.specHash);
    await assert.rejects(
      resolveStack(f.root, f.config, 'we', 4),
      (e: Error) => e instanceof StackConfigError && /worker 4 is beyond the 3 workers of 'we'/.test(e.message),
    );
  });

  test('a missing env_file, an unknown service, a service without stack: StackConfigError', async () => {
    const f = make(yaml('c'));
    await assert.rejects(
      resolveStack(f.root, f.config, 'we'),
      (e: Error) => e instanceof StackConfigError && /cannot read env_file env\/common.env/.test(e.message),
    );
    await assert.rejects(resolveStack(f.root, f.config, 'nope'), /no service "nope" in berth.yaml \(services: we\)/);
    const g = make('version: 1\nservices:\n  bare:\n    ports: { http: 22403 }\n');
    await assert.rejects(resolveStack(g.root, g.config, 'bare'), /has no stack/);
  });
});

describe('compose stacks', () => {
  const yaml = `version: 1
services:
  hapi:
    ports: { redis: 22411, http: 22412 }
    stack: { compose: it/docker-compose.yml }
  gone:
    ports: { redis: 22413 }
    stack: { compose: missing/docker-compose.yml }
`;
  const compose = `services:
  cache:
    image: redis
    ports: [ "\${REDIS_PORT:-22499}:6379" ]
    volumes: [ "./data:/data" ]
`;

  test('paths are relative to the compose file; .env feeds interpolation', async () => {
    const f = make(yaml, { 'it/docker-compose.yml': compose, 'it/.env': 'REDIS_PORT=22411\n' });
    const r = await resolveStack(f.root, f.config, 'hapi');
    assert.equal(r.source, 'it/docker-compose.yml');
    assert.deepEqual(r.steps[0].ports, [{ role: 'redis', hostPort: 22411, containerPort: 6379, hostIp: undefined }]);
    assert.deepEqual(r.steps[0].binds, [`${join(f.root, 'it', 'data')}:/data`]);
  });

  test('errors in the compose file refuse the start and are findings for check/diagnostics', async () => {
    const f = make(yaml, { 'it/docker-compose.yml': compose });
    await assert.rejects(
      resolveStack(f.root, f.config, 'hapi'),
      (e: Error) =>
        e instanceof StackConfigError &&
        /it\/docker-compose.yml:4:\d+: published port 22499 is not allocated to service "hapi"/.test(e.message),
    );
    const findings = await composeStackFindings(f.root, f.config);
    const byFile = findings.map((x) => `${x.file}:${x.range.start.line + 1} ${x.service} ${x.message}`);
    assert.ok(
      byFile.some((l) => /^it\/docker-compose.yml:4 hapi published port 22499/.test(l)),
      byFile.join('\n'),
    );
    assert.ok(
      byFile.some((l) => /^berth.yaml:8 gone cannot read compose file missing\/docker-compose.yml: ENOENT/.test(l)),
      byFile.join('\n'),
    );
  });
});
