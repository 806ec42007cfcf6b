// `berth up` / `berth down` usage and an unusable berth.yaml: exit 2 with the reason, before any engine is asked.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { run as down } from '../../src/cli/down';
import { run as up } from '../../src/cli/up';
import { runCommand } from '../support/cli';
import { fixture, type Fixture } from './fixtures';

const cli = runCommand;

const fixtures: Fixture[] = [];
after(() => fixtures.forEach((f) => f.dispose()));
function make(yaml: string, allowErrors = false): Fixture {
  const f = fixture(yaml, {}, { allowErrors });
  fixtures.push(f);
  return f;
}

describe('berth up/down: usage and unusable berth.yaml exit 2 (no engine needed)', () => {
  const f = make(
    `version: 1
services:
  good:
    ports: { redis: 22299 }
    stack:
      cache: { image: redis:7-alpine, ports: [ "redis:6379" ] }
  nostack:
    ports: { redis: 22298 }
  looped:
    ports: { redis: 22297 }
    stack:
      a: { image: x, depends_on: [ b ] }
      b: { image: x, depends_on: [ a ] }
`,
    true,
  );

  test('no service named', async () => {
    const r = await cli(up, [], f.root);
    assert.equal(r.code, 2);
    assert.match(r.err, /which service\?/);
    assert.match(r.err, /usage: berth up/);
  });
  test('unknown option and bad --timeout', async () => {
    assert.equal((await cli(up, ['good', '--fast'], f.root)).code, 2);
    const r = await cli(up, ['good', '--timeout', 'soon'], f.root);
    assert.equal(r.code, 2);
    assert.match(r.err, /--timeout must be a positive number of seconds/);
  });
  test('--pull takes missing, always or never, checked before berth.yaml or an engine is read', async () => {
    const r = await cli(up, ['good', '--pull', 'sometimes', '--host', 'unix:///nonexistent.sock'], f.root);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /^berth up: --pull must be missing, always, never \(got 'sometimes'\)\nusage: berth up .*--pull/,
    );
  });
  test('unknown service, service without stack', async () => {
    const r = await cli(up, ['ghost'], f.root);
    assert.equal(r.code, 2);
    assert.match(r.err, /no service "ghost".*good, nostack, looped/);
    assert.match((await cli(up, ['nostack'], f.root)).err, /has no stack/);
  });
  test('a cycle in the service stack: located error, exit 2', async () => {
    const r = await cli(up, ['looped'], f.root);
    assert.equal(r.code, 2);
    assert.match(r.err, /berth\.yaml:12:\d+: dependency cycle: a → b → a/);
  });
  test('no berth.yaml', async () => {
    const r = await cli(down, ['good', '--root', '/nonexistent-berth-dir'], f.root);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot open/);
  });
  test('--help', async () => {
    const r = await cli(up, ['--help'], f.root);
    assert.equal(r.code, 0);
    assert.match(r.out, /usage: berth up <service>/);
  });
});
