// The npm package as users install it: `npm pack` (prepack builds the bundles), then `npm install -g` of the tarball
// into a temporary prefix (no registry needed: the CLI is one bundle with no runtime dependencies), and the
// installed `berth` runs `--version` and `check` on examples/demo.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

function npm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  // Without the outer npm's npm_config_* (an `npm test` run would hand its own prefix and flags down).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the npm package (scoped, with a berth bin)', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-npm-test-'));
  const prefix = join(dir, 'prefix');
  let files: string[] = [];
  let tarball = '';

  before(() => {
    const packed = npm(['pack', '--json', '--pack-destination', dir], ROOT);
    assert.equal(packed.status, 0, packed.stderr);
    const info = (JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[])[0];
    tarball = join(dir, info.filename);
    files = info.files.map((f) => f.path).sort();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the tarball holds the CLI bundle and its docs, no sources, tests or maps; no runtime dependencies', () => {
    assert.match(pkg.name, /^@[a-z0-9-]+\/berth$/);
    // The source finders' tree-sitter runtime and grammars are loaded from dist/grammars at run time.
    for (const f of [
      'package.json',
      'dist/cli.js',
      'dist/grammars/tree-sitter.wasm',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
    ])
      assert.ok(files.includes(f), `${f} missing: ${files.join(', ')}`);
    const stray = files.filter(
      (f) => /^(src|test|bench|scripts|examples|node_modules)\//.test(f) || f.endsWith('.map'),
    );
    assert.deepEqual(stray, []);
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'the bundles carry their libraries: nothing to install at run time');
  });

  test('installed globally into a prefix, `berth --version` and `berth check examples/demo` run', () => {
    const installed = npm(['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], dir);
    assert.equal(installed.status, 0, installed.stderr);
    const berth = join(prefix, 'bin', 'berth');
    const version = spawnSync(berth, ['--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout, `berth ${pkg.version}\n`);
    // The demo reproduces the seeds' Redis 16387 clash: exit 1 with that finding.
    const check = spawnSync(berth, ['check', join(ROOT, 'examples', 'demo')], { cwd: dir, encoding: 'utf8' });
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /port 16387 belongs to 'hapi' \(redis\)/);
    // A Go test file's URL: read through the packaged tree-sitter grammars.
    assert.match(check.stdout, /audit_datastorage_test\.go:\d+:\d+ +warning +port 18100 is not allocated/);
  });
});
