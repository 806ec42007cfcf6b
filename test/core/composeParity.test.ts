// test-needs: engine
// (No engine is used: what this needs is the provisioned docker-compose, which only the engine suite's
// machines are promised.) Compose unchanged or better: the host ports Berth finds in each compose file under
// test/fixtures/compose-parity are exactly those `docker-compose config` says the file publishes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { findPorts } from '../../src/core/portFinders/index';

const run = promisify(execFile);
const dir = join(__dirname, '..', 'fixtures', 'compose-parity');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.compose.yml'))
  .sort();

/** The host ports of one `ports:` entry as docker-compose normalises it (long form, or a short string with an IP). */
function published(entry: unknown): number[] {
  let spec: string | undefined;
  if (typeof entry === 'object' && entry !== null) {
    const p = (entry as { published?: unknown }).published;
    spec = p === undefined ? undefined : String(p);
  } else if (typeof entry === 'string') {
    spec = /^(?:.*:)?([^:]*):[^:]+$/.exec(entry)?.[1]; // the part before the container side
  }
  if (!spec) return [];
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
  assert.ok(m, `unexpected published spec ${JSON.stringify(entry)}`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function composeConfig(file: string): Promise<number[]> {
  // A bare environment: ${VAR:-default} takes its default, as Berth's rules read it.
  const { stdout } = await run('docker-compose', ['-f', join(dir, file), '--project-directory', dir, 'config'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  const config = parse(stdout) as { services?: Record<string, { ports?: unknown[] }> };
  const ports = Object.values(config.services ?? {}).flatMap((s) => (s.ports ?? []).flatMap(published));
  return [...new Set(ports)].sort((a, b) => a - b);
}

function berthPorts(file: string): number[] {
  const refs = findPorts(`compose-parity/${file}`, readFileSync(join(dir, file), 'utf8'));
  return [...new Set(refs.filter((r) => r.kind === 'compose-published').map((r) => r.port))].sort((a, b) => a - b);
}

describe('compose parity with docker-compose config', () => {
  test('docker-compose is installed', async () => {
    await run('docker-compose', ['version', '--short']).catch((e: unknown) => {
      assert.fail(`docker-compose is missing (${String(e)}): run scripts/provision.sh (scripts/provision/tools.sh)`);
    });
  });

  test(`at least 30 compose files, each: none missed, none extra`, async () => {
    assert.ok(files.length >= 30, `only ${files.length} fixtures`);
    // Two at a time: each docker-compose start costs a few hundred milliseconds of a shared CPU.
    const results = new Map<string, number[]>();
    const queue = [...files];
    await Promise.all(
      [0, 1].map(async () => {
        for (let f = queue.shift(); f !== undefined; f = queue.shift()) results.set(f, await composeConfig(f));
      }),
    );
    let total = 0;
    for (const f of files) {
      const expected = results.get(f)!;
      total += expected.length;
      assert.deepEqual(berthPorts(f), expected, `${f}: Berth's host ports vs docker-compose config's`);
    }
    assert.ok(total >= 100, `the fixtures publish only ${total} host ports`);
  });
});
