// test-needs: engine
// `berth up` / `berth down`: exit codes, one line per step, errors and logs on stderr. Ports: docker
// 22200-22219, podman 22700-22719 (STACK block).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { run as down } from '../../src/cli/down';
import { run as up } from '../../src/cli/up';
import { testEngines } from '../support/engines';
import { networkName } from '../../src/stack/runner';
import { runCommand } from '../support/cli';
import { fixture, removeStacks, type Fixture } from './fixtures';

const cli = runCommand;

const fixtures: Fixture[] = [];
after(() => fixtures.forEach((f) => f.dispose()));
function make(yaml: string, allowErrors = false): Fixture {
  const f = fixture(yaml, {}, { allowErrors });
  fixtures.push(f);
  return f;
}

const HOSTS = { docker: 'unix:///var/run/docker.sock', podman: 'unix:///run/podman/podman.sock' } as const;
const BASE = { docker: 22200, podman: 22700 } as const;

for (const { kind } of testEngines()) {
  describe(`berth up/down on ${kind}`, () => {
    const base = BASE[kind];
    const s = `cli${kind}`;
    const bad = `cli${kind}bad`;
    const f = make(`version: 1
services:
  ${s}:
    ports: { redis: ${base + 1}, http: ${base + 2} }
    stack:
      cache:
        image: redis:7-alpine
        ports: [ "redis:6379" ]
        ready: { exec: [ redis-cli, ping ], expect: PONG }
      web:
        image: busybox:stable
        ports: [ "http:8080" ]
        depends_on: { cache: ready }
        ready: { http: { port: http, path: /health } }
  ${bad}:
    ports: { http: ${base + 3} }
    stack:
      web:
        image: busybox:stable
        command: [ sh, -c, "echo cli-crash-marker; exit 4" ]
        ports: [ "http:8080" ]
        ready: { tcp: http }
`);
    after(() => removeStacks(kind, [s, bad]));

    test('up prints a line per step with timing, exits 0; again: already up; down removes all', async () => {
      const r = await cli(up, [s, '--host', HOSTS[kind], '--timeout', '30'], f.root);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`on ${kind} `));
      assert.match(r.out, /✓ cache +ready in \d+\.\d s/);
      assert.match(r.out, /✓ web +ready in \d+\.\d s/);
      assert.ok(r.out.indexOf('cache ') < r.out.indexOf('web '), r.out);
      assert.match(r.out, /Stack of cli\w+ ready in/);

      const again = await cli(up, [s, '--host', HOSTS[kind], '--json'], f.root);
      assert.equal(again.code, 0, again.err);
      const json = JSON.parse(again.out);
      assert.equal(json.alreadyUp, true);
      assert.deepEqual(
        json.steps.map((x: { state: string }) => x.state),
        ['reused', 'reused'],
      );

      const d = await cli(down, [s, '--host', HOSTS[kind]], f.root);
      assert.equal(d.code, 0, d.err);
      assert.match(d.out, /✓ web +removed/);
      assert.match(d.out, /✓ cache +removed/);
      assert.ok(d.out.indexOf('web ') < d.out.indexOf('cache '), 'dependents stop first');
      assert.match(d.out, new RegExp(`network ${networkName(s)} removed`));
      const nothing = await cli(down, [s, '--host', HOSTS[kind]], f.root);
      assert.equal(nothing.code, 0);
      assert.match(nothing.out, /Nothing of .* was running/);
    });

    test('a failing step exits 1 with the error and its log lines on stderr', async () => {
      const r = await cli(up, [bad, '--host', HOSTS[kind]], f.root);
      assert.equal(r.code, 1);
      assert.match(r.out, /✗ web +failed/);
      assert.match(r.err, /step "web": container exited with code 4/);
      assert.match(r.err, /\| cli-crash-marker/);
    });
  });
}
