import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, isMap, type Pair } from 'yaml';
import { parseStackNode } from '../../src/core/stackDef';
import { parseDuration, splitCommand } from '../../src/core/stepValues';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { LineIndex } from '../../src/core/text';

/** Parses `stack:` of a one-key YAML text with the given roles. */
function parse(text: string, roles = ['postgres', 'redis', 'http']) {
  const doc = parseDocument(text);
  assert.ok(isMap(doc.contents));
  const node = (doc.contents.items[0] as Pair).value;
  return parseStackNode(node, { index: new LineIndex(text), file: 'berth.yaml', service: 'svc', roles });
}
const at = (text: string, needle: string) => {
  const idx = new LineIndex(text);
  return idx.positionAt(text.indexOf(needle));
};

describe('parseStackNode: inline steps', () => {
  const text = `stack:
  postgres:
    image: postgres:16-alpine
    container_name: we_postgres
    ports: [ "postgres:5432" ]
    environment: { POSTGRES_USER: slm, PORT: 5432, EMPTY: }
    ready: { exec: [ pg_isready, -U, slm ], expect: accepting }
    timeout: 45s
  migrations:
    build: { context: ./db, dockerfile: Migrate.Dockerfile, args: { V: "1" } }
    depends_on: { postgres: ready }
    environment: [ "A=1", "B=x=y" ]
    env_file: .env.test
    command: psql -h postgres -c "select 1"
    volumes: [ "./sql:/sql:ro", "pgdata:/data" ]
    labels: [ "team=we" ]
    run: once
  app:
    image: busybox:stable
    ports: [ "http:8080" ]
    depends_on: [ migrations, redis ]
    entrypoint: [ httpd, -f ]
    ready: { http: { port: http, path: health, status: 200 } }
  redis:
    image: redis:7-alpine
    ports: [ "redis:6379" ]
    ready: { tcp: 6379 }
`;
  const r = parse(text);

  test('reads every compose-like key without findings', () => {
    assert.deepEqual(r.findings, []);
    assert.ok(r.stack);
    assert.deepEqual(
      r.stack.steps.map((s) => s.name),
      ['postgres', 'migrations', 'app', 'redis'],
    );
  });

  test('ports carry the role, the host side comes from the allocation later', () => {
    const pg = r.stack!.steps[0];
    assert.deepEqual(pg.ports, [{ role: 'postgres', containerPort: 5432 }]);
    assert.equal(pg.containerName, 'we_postgres');
    assert.deepEqual(pg.environment, { POSTGRES_USER: 'slm', PORT: '5432', EMPTY: '' });
    assert.deepEqual(pg.ready, { kind: 'exec', command: ['pg_isready', '-U', 'slm'], expect: 'accepting' });
    assert.equal(pg.timeoutMs, 45_000);
  });

  test('one-shot with build, list environment, shell-split command, volumes, labels', () => {
    const m = r.stack!.steps[1];
    assert.deepEqual(m.build, { context: './db', dockerfile: 'Migrate.Dockerfile', args: { V: '1' } });
    assert.deepEqual(m.environment, { A: '1', B: 'x=y' });
    assert.deepEqual(m.envFile, ['.env.test']);
    assert.deepEqual(m.command, ['psql', '-h', 'postgres', '-c', 'select 1']);
    assert.deepEqual(m.volumes, ['./sql:/sql:ro', 'pgdata:/data']);
    assert.deepEqual(m.labels, { team: 'we' });
    assert.equal(m.runOnce, true);
    assert.deepEqual(m.ready, { kind: 'once' });
    assert.deepEqual(m.dependsOn, [{ step: 'postgres', condition: 'ready' }]);
  });

  test('list depends_on means ready; http path gets its slash; tcp by container port', () => {
    const app = r.stack!.steps[2];
    assert.deepEqual(app.dependsOn, [
      { step: 'migrations', condition: 'ready' },
      { step: 'redis', condition: 'ready' },
    ]);
    assert.deepEqual(app.ready, { kind: 'http', port: 'http', path: '/health', status: 200 });
    assert.deepEqual(app.entrypoint, ['httpd', '-f']);
    assert.deepEqual(r.stack!.steps[3].ready, { kind: 'tcp', port: 6379 });
  });

  test('step range points at the step key', () => {
    assert.deepEqual(r.stack!.steps[1].range.start, at(text, 'migrations:'));
  });
});

describe('parseStackNode: located findings', () => {
  test('unknown role in ports names the roles the service has', () => {
    const text = `stack:\n  db:\n    image: x\n    ports: [ "mysql:3306" ]\n`;
    const r = parse(text);
    assert.equal(r.findings.length, 1);
    const f = r.findings[0];
    assert.equal(f.code, 'stack');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /unknown role "mysql".*postgres, redis, http/);
    assert.deepEqual(f.range.start, at(text, '"mysql:3306"'));
    assert.equal(f.service, 'svc');
  });

  test('a literal host port is refused: the host side must be a role', () => {
    const r = parse(`stack:\n  db:\n    image: x\n    ports: [ "15432:5432" ]\n`);
    assert.match(r.findings[0].message, /names a host port; write the allocated role/);
  });

  test('unknown dependency is located at the reference', () => {
    const text = `stack:\n  app:\n    image: x\n    depends_on: { ghost: ready }\n`;
    const r = parse(text);
    assert.equal(r.findings.length, 1);
    assert.match(r.findings[0].message, /unknown step "ghost"/);
    assert.deepEqual(r.findings[0].range.start, at(text, 'ghost'));
  });

  test('a cycle is reported at each edge of it', () => {
    const text = `stack:\n  a: { image: x, depends_on: [ b ] }\n  b: { image: x, depends_on: { c: started } }\n  c: { image: x, depends_on: [ a ] }\n`;
    const r = parse(text);
    const cyc = r.findings.filter((f) => /dependency cycle/.test(f.message));
    assert.equal(cyc.length, 3);
    assert.match(cyc[0].message, /a → b → c → a|b → c → a → b|c → a → b → c/);
    assert.ok(cyc.every((f) => f.code === 'stack' && f.severity === 'error'));
  });

  test('self dependency, bad condition, missing image, bad probe, bad duration, unknown key', () => {
    const text = `stack:
  a:
    depends_on: { a: ready }
  b:
    image: x
    depends_on: { a: healthy }
    ready: { exec: [true], http: { port: http } }
    timeout: soon
    restart: always
  c:
    image: x
    ready: { http: { port: 9999 } }
`;
    const r = parse(text);
    const msgs = r.findings.map((f) => `${f.code}/${f.severity}: ${f.message}`);
    assert.ok(
      msgs.some((m) => /depends on itself/.test(m)),
      msgs.join('\n'),
    );
    assert.ok(
      msgs.some((m) => /^schema\/error: depends_on condition must be started, ready or completed/.test(m)),
      msgs.join('\n'),
    );
    assert.ok(
      msgs.some((m) => /step "a" needs an image or a build/.test(m)),
      msgs.join('\n'),
    );
    assert.ok(
      msgs.some((m) => /exactly one probe/.test(m)),
      msgs.join('\n'),
    );
    assert.ok(
      msgs.some((m) => /timeout must be a duration/.test(m)),
      msgs.join('\n'),
    );
    assert.ok(
      msgs.some((m) => /^schema\/warning: unknown step key "restart"/.test(m)),
      msgs.join('\n'),
    );
    assert.ok(
      msgs.some((m) => /probe port 9999 is not a container port this step publishes/.test(m)),
      msgs.join('\n'),
    );
  });

  test('completed on a long-running step warns', () => {
    const r = parse(`stack:\n  db: { image: x }\n  app: { image: x, depends_on: { db: completed } }\n`);
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].severity, 'warning');
    assert.match(r.findings[0].message, /not a one-shot/);
  });

  test('shape errors never throw', () => {
    for (const t of [
      'stack: 3\n',
      'stack: [a, b]\n',
      'stack:\n  a: 1\n',
      'stack:\n  a: { ports: 5 }\n',
      'stack:\n  a: { ready: [x] }\n',
      'stack:\n  "bad name!": { image: x }\n',
    ]) {
      const r = parse(t);
      assert.ok(r.findings.length > 0, t);
      assert.ok(
        r.findings.every((f) => f.code === 'schema' || f.code === 'stack'),
        t,
      );
    }
  });

  test('compose form takes only the compose key', () => {
    assert.deepEqual(
      parse('stack: { compose: tests/docker-compose.yml }\n').stack?.compose,
      'tests/docker-compose.yml',
    );
    const r = parse('stack: { compose: x.yml, postgres: { image: y } }\n');
    assert.match(r.findings[0].message, /only the compose key/);
  });
});

describe('berth.yaml parser surfaces stack findings', () => {
  test('a cycle in a service stack is a finding of that service', () => {
    const text = `version: 1
services:
  we:
    ports: { postgres: 22001 }
    stack:
      a: { image: x, depends_on: [ b ] }
      b: { image: x, depends_on: [ a ], ports: [ "nope:1" ] }
`;
    const r = parseBerthYaml(text);
    const stackFindings = r.findings.filter((f) => f.code === 'stack');
    assert.ok(
      stackFindings.some((f) => /dependency cycle/.test(f.message) && f.service === 'we'),
      JSON.stringify(r.findings),
    );
    assert.ok(stackFindings.some((f) => /unknown role "nope"/.test(f.message)));
  });
});

describe('helpers', () => {
  test('durations', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration(2), 2000);
    assert.equal(parseDuration('2'), 2000);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseDuration(0), undefined);
  });
  test('command splitting honours quotes and escapes', () => {
    assert.deepEqual(splitCommand(`sh -c 'echo "hi there"' a\\ b ""`), ['sh', '-c', 'echo "hi there"', 'a b', '']);
  });
});

describe('parseStackNode: pull policy', () => {
  test('pull: missing | always | never is read; anything else is a located schema error', () => {
    const ok = parse(`stack:\n  a: { image: x, pull: always }\n  b: { image: x, pull: never }\n  c: { image: x }\n`);
    assert.deepEqual(ok.findings, []);
    assert.deepEqual(
      ok.stack!.steps.map((s) => s.pull),
      ['always', 'never', undefined],
    );
    const text = `stack:\n  a: { image: x, pull: sometimes }\n`;
    const bad = parse(text);
    assert.equal(bad.findings.length, 1);
    assert.equal(bad.findings[0].code, 'schema');
    assert.match(bad.findings[0].message, /pull must be missing, always, never \(got "sometimes"\)/);
    assert.deepEqual(bad.findings[0].range.start, at(text, 'sometimes'));
  });
});
