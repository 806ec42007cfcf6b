// `berth check` spawned as a process on fixtures, asserting exact output and exit codes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawnedCli } from './buildCli';
import { tempWorkspace as workspace } from './tempWorkspace';

const repo = join(__dirname, '..', '..');
const fixtures = join(__dirname, 'fixtures');
const berth = spawnedCli(repo);

describe('berth check', () => {
  test('the demo: JSON shows the WE/HAPI Redis clash and the hard-coded 18100; exit 1', async () => {
    const r = await berth(['check', '--root', 'examples/demo', '--format', 'json']);
    assert.equal(r.stderr, '');
    assert.equal(r.exitCode, 1);
    assert.deepEqual(JSON.parse(r.stdout), [
      {
        file: 'test/integration/workflowexecution/audit_datastorage_test.go',
        line: 16,
        column: 42,
        endLine: 16,
        endColumn: 47,
        severity: 'warning',
        code: 'port-not-allocated',
        message:
          "port 18100 is not allocated to any service in berth.yaml (it lies in the http range 18090-18119; 'workflowexecution' uses 18097 for http)",
        service: 'workflowexecution',
        port: 18100,
      },
      {
        file: 'test/integration/workflowexecution/config/config.yaml',
        line: 10,
        column: 34,
        endLine: 10,
        endColumn: 39,
        severity: 'error',
        code: 'port-owned-by-other-service',
        message: "port 16387 belongs to 'hapi' (redis); 'workflowexecution' uses 16388 for redis",
        service: 'workflowexecution',
        port: 16387,
      },
    ]);
  });

  test("text output reads like a compiler's, with a summary; DIR may be positional", async () => {
    const r = await berth(['check', 'examples/demo']);
    assert.equal(r.exitCode, 1);
    assert.equal(
      r.stdout,
      [
        "test/integration/workflowexecution/audit_datastorage_test.go:16:42  warning  port 18100 is not allocated to any service in berth.yaml (it lies in the http range 18090-18119; 'workflowexecution' uses 18097 for http)  [port-not-allocated]",
        "test/integration/workflowexecution/config/config.yaml:10:34  error  port 16387 belongs to 'hapi' (redis); 'workflowexecution' uses 16388 for redis  [port-owned-by-other-service]  allocated at berth.yaml:55",
        '1 error, 1 warning (6 files checked)',
      ].join('\n'),
    );
  });

  test('a clean workspace: exit 0, empty JSON array, "no problems" text; --root defaults to the cwd', async () => {
    const json = await berth(['check', '--format', 'json'], join(fixtures, 'clean'));
    assert.deepEqual([json.exitCode, json.stdout, json.stderr], [0, '[]', '']);
    const text = await berth(['check'], join(fixtures, 'clean'));
    assert.deepEqual([text.exitCode, text.stdout], [0, 'no problems (2 files checked)']);
  });

  test('berth.yaml problems: schema and duplicate-allocation findings, exit 1', async () => {
    const r = await berth(['check', '--root', join(fixtures, 'broken'), '--format', 'json']);
    assert.equal(r.exitCode, 1);
    assert.deepEqual(
      JSON.parse(r.stdout).map((f: Record<string, unknown>) => [
        f.line,
        f.column,
        f.endColumn,
        f.code,
        f.service,
        f.port,
      ]),
      [
        [4, 21, 26, 'duplicate-allocation', 'api', 16379],
        [4, 34, 40, 'schema', 'api', null],
        [7, 5, 9, 'schema', 'worker', null],
        [9, 21, 26, 'duplicate-allocation', 'cron', 16379],
      ],
    );
    assert.equal(JSON.parse(r.stdout)[2].message, "unknown key 'port' in service 'worker' — did you mean 'ports'?");
  });

  test('warnings only: exit 0; ignore comments honoured', async () => {
    const r = await berth(['check', '--root', join(fixtures, 'warnings')]);
    assert.equal(r.exitCode, 0);
    assert.equal(
      r.stdout,
      [
        "berth.yaml:6:21  warning  port 16400 (redis of 'api') is outside the redis range 16379-16399  [out-of-range]",
        "svc/client.ts:3:41  warning  port 16391 is not allocated to any service in berth.yaml (it lies in the redis range 16379-16399; 'api' uses 16400 for redis)  [port-not-allocated]",
        '0 errors, 2 warnings (2 files checked)',
      ].join('\n'),
    );
  });

  test("stacks run from compose files: the compose file's stack problems, one finding per port; a missing file at berth.yaml", async () => {
    const r = await berth(['check', '--root', join(fixtures, 'stack'), '--format', 'json']);
    assert.equal(r.stderr, '');
    assert.equal(r.exitCode, 1);
    const compose = 'deploy/docker-compose.yml';
    const at = (file: string, line: number, column: number, endLine: number, endColumn: number) => ({
      file,
      line,
      column,
      endLine,
      endColumn,
    });
    assert.deepEqual(JSON.parse(r.stdout), [
      // worker's stack names a file that is not there: located at its `compose:` in berth.yaml
      {
        ...at('berth.yaml', 11, 7, 12, 1),
        severity: 'error',
        code: 'stack',
        message: 'cannot read compose file deploy/missing.yml: ENOENT',
        service: 'worker',
        port: null,
      },
      // the rules and the stack both object to these two published ports: once each, as errors (berth up refuses them)
      {
        ...at(compose, 8, 10, 8, 15),
        severity: 'error',
        code: 'port-owned-by-other-service',
        message:
          "port 16380 belongs to 'worker' (redis); 'api' uses 16379 for redis; `berth up api` refuses to publish it",
        service: 'api',
        port: 16380,
      },
      {
        ...at(compose, 9, 10, 9, 15),
        severity: 'error',
        code: 'port-not-allocated',
        message:
          "port 16395 is not allocated to any service in berth.yaml (it lies in the redis range 16379-16399; 'api' uses 16379 for redis); `berth up api` refuses to publish it",
        service: 'api',
        port: 16395,
      },
      // an ignore comment silences the rule, not what `berth up` would refuse
      {
        ...at(compose, 10, 9, 10, 21),
        severity: 'error',
        code: 'stack',
        message: 'published port 16396 is not allocated to service "api" in berth.yaml',
        service: 'api',
        port: 16396, // the stack's findings about a published port carry it (the merge matches on it)
      },
      {
        ...at(compose, 11, 9, 11, 15),
        severity: 'warning',
        code: 'stack',
        message: 'step "app": container port 9100 has no published host port; Berth publishes only allocated ports',
        service: 'api',
        port: null,
      },
      {
        ...at(compose, 12, 25, 12, 30),
        severity: 'error',
        code: 'stack',
        message: 'step "app" depends on unknown step "cache" (steps: redis, app)',
        service: 'api',
        port: null,
      },
      {
        ...at(compose, 14, 5, 14, 12),
        severity: 'warning',
        code: 'stack',
        message: 'compose key "cap_add" is not supported by Berth and is ignored',
        service: 'api',
        port: null,
      },
    ]);
  });

  test('--format github prints workflow-command annotations', async () => {
    const r = await berth(['check', '--root', join(fixtures, 'warnings'), '--format', 'github']);
    assert.equal(r.exitCode, 0);
    assert.equal(
      r.stdout,
      [
        "::warning file=berth.yaml,line=6,col=21,endLine=6,endColumn=26,title=berth out-of-range::port 16400 (redis of 'api') is outside the redis range 16379-16399",
        "::warning file=svc/client.ts,line=3,col=41,endLine=3,endColumn=46,title=berth port-not-allocated::port 16391 is not allocated to any service in berth.yaml (it lies in the redis range 16379-16399; 'api' uses 16400 for redis)",
      ].join('\n'),
    );
  });

  test('--format sarif prints one SARIF 2.1.0 log, one result per finding', async () => {
    const r = await berth(['check', '--root', join(fixtures, 'warnings'), '--format', 'sarif']);
    assert.deepEqual([r.exitCode, r.stderr], [0, '']);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(
      log.runs[0].results.map(
        (x: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }) => [
          x.ruleId,
          x.locations[0].physicalLocation.region.startLine,
        ],
      ),
      [
        ['out-of-range', 6],
        ['port-not-allocated', 3],
      ],
    );
  });

  test('exit 2 with a one-line reason: no berth.yaml, missing directory, bad usage', async () => {
    const empty = workspace({ 'readme.md': 'x' });
    const cases: [string[], RegExp][] = [
      [['check', '--root', empty], /^berth check: no berth\.yaml in .+$/],
      [['check', join(empty, 'nope')], /^berth check: cannot open .+nope: ENOENT$/],
      [['check', '--format', 'xml'], /^berth check: --format must be one of text, json, github, sarif \(got 'xml'\)$/],
      [['check', '--bogus'], /^berth check: Unknown option '--bogus'$/],
      [['check', 'a', 'b'], /^berth check: unexpected argument 'b'$/],
      [['check', 'a', '--root', 'b'], /^berth check: give the root either as DIR or with --root, not both$/],
      [['check', '--root'], /^berth check: Option '--root <value>' argument missing$/],
    ];
    const results = await Promise.all(cases.map(([args]) => berth(args)));
    for (const [i, [args, reason]] of cases.entries()) {
      const r = results[i];
      assert.equal(r.exitCode, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr.split('\n')[0], reason);
    }
  });

  test('an unparseable berth.yaml is reported as findings (exit 1), not a crash', async () => {
    const root = workspace({ 'berth.yaml': 'version: 1\nservices: [\n' });
    const r = await berth(['check', '--root', root, '--format', 'json']);
    assert.equal(r.exitCode, 1);
    const f = JSON.parse(r.stdout);
    assert.ok(
      f.length >= 1 && f.every((x: { code: string; file: string }) => x.code === 'schema' && x.file === 'berth.yaml'),
      r.stdout,
    );
  });

  test('node_modules and .git are skipped; berth.yml is accepted; binary files are skipped', async () => {
    const root = workspace({
      'berth.yml':
        'version: 1\nservices:\n  a:\n    ports: { redis: 16379 }\n    configs: ["**"]\n  b:\n    ports: { redis: 16380 }\n',
      'src/app.env': 'REDIS=localhost:16380\n',
      'node_modules/x/app.env': 'REDIS=localhost:16380\n',
      '.git/config.env': 'REDIS=localhost:16380\n',
      'src/blob.bin': 'localhost:16380\u0000',
    });
    const r = await berth(['check', '--root', root, '--format', 'json']);
    assert.equal(r.exitCode, 1);
    assert.deepEqual(
      JSON.parse(r.stdout).map((f: { file: string; code: string }) => `${f.file} ${f.code}`),
      ['src/app.env port-owned-by-other-service'],
    );
    assert.equal(r.stderr, 'berth check: skipped src/blob.bin: binary');
  });
});

describe('berth dispatch', () => {
  test('no command: usage on stderr, exit 2; unknown command: exit 2; --help: exit 0', async () => {
    const [none, unknown, help, checkHelp] = await Promise.all([
      berth([]),
      berth(['frobnicate']),
      berth(['--help']),
      berth(['check', '--help']),
    ]);
    assert.equal(none.exitCode, 2);
    assert.match(none.stderr, /^usage: berth <command>/);
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.stderr, /^berth: unknown command 'frobnicate'\n/);
    assert.equal(help.exitCode, 0);
    for (const c of ['check', 'status', 'up', 'down', 'clean']) assert.match(help.stdout, new RegExp(`^  ${c} `, 'm'));
    assert.deepEqual(
      [checkHelp.exitCode, checkHelp.stdout],
      [0, 'usage: berth check [DIR] [--root DIR] [--format text|json|github|sarif]'],
    );
  });
});
