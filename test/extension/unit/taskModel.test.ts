// The `berth` task type without VS Code: which tasks are offered, and the CLI argv (or the reason) per definition.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import { formatFindings } from '../../../src/cli/format';
import type { Finding } from '../../../src/core/types';
import {
  providedDefinitions,
  taskArgv,
  taskName,
  type BerthTaskDefinition,
} from '../../../src/extension/tasks/taskModel';

const def = (d: Partial<BerthTaskDefinition>) => ({ type: 'berth', command: 'up', ...d }) as BerthTaskDefinition;

describe('berth tasks', () => {
  test('up and down for each service with a stack, then one check', () => {
    const { config } = parseBerthYaml(
      'version: 1\nservices:\n  we:\n    ports: { http: 18080 }\n    stack:\n      web: { image: x, ports: ["http:80"] }\n  plain:\n    ports: { http: 18081 }\n',
    );
    assert.deepEqual(providedDefinitions(config!).map(taskName), ['up we', 'down we', 'check']);
  });

  test('argv per command; run takes the test command after --, with its worker', () => {
    assert.deepEqual(taskArgv(def({ command: 'check' })), { argv: ['check', '--format', 'text'] });
    assert.deepEqual(taskArgv(def({ command: 'up', service: 'we' })), { argv: ['up', 'we'] });
    assert.deepEqual(taskArgv(def({ command: 'down', service: 'we' })), { argv: ['down', 'we'] });
    assert.deepEqual(taskArgv(def({ command: 'run', service: 'we', worker: 2, args: ['go', 'test', './...'] })), {
      argv: ['run', 'we', '--worker', '2', '--', 'go', 'test', './...'],
    });
    assert.equal(taskName(def({ command: 'run', service: 'we', worker: 2 })), 'run we (worker 2)');
    // berth.engine.host goes to the commands that talk to the engine.
    const host = 'unix:///run/podman/podman.sock';
    assert.deepEqual(taskArgv(def({ command: 'down', service: 'we' }), host), {
      argv: ['down', 'we', '--host', host],
    });
    assert.deepEqual(taskArgv(def({ command: 'run', service: 'we', args: ['make'] }), host), {
      argv: ['run', 'we', '--host', host, '--', 'make'],
    });
    assert.deepEqual(taskArgv(def({ command: 'check' }), host), { argv: ['check', '--format', 'text'] });
  });

  test('a definition that cannot run says why', () => {
    assert.deepEqual(taskArgv(def({ command: 'start' as never })), {
      error: '"command" must be one of up, down, run, check (got "start")',
    });
    assert.match((taskArgv(def({ command: 'up' })) as { error: string }).error, /needs "service"/);
    assert.match((taskArgv(def({ command: 'run', service: 'we' })) as { error: string }).error, /needs "args"/);
    assert.match(
      (taskArgv(def({ command: 'run', service: 'we', args: [1 as never] })) as { error: string }).error,
      /needs "args"/,
    );
  });
});

test('the $berth problem matcher reads the lines berth check prints as text', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
  const { pattern } = pkg.contributes.problemMatchers.find((m: { name: string }) => m.name === 'berth');
  const finding = (severity: Finding['severity'], file: string): Finding => ({
    file,
    range: { start: { line: 9, character: 33 }, end: { line: 9, character: 38 } },
    severity,
    code: 'port-owned-by-other-service',
    message: "port 16387 belongs to 'hapi' (redis);  two spaces inside",
  });
  // A port another service owns says where its allocation is, after the code.
  const owned: Finding = {
    ...finding('error', 'a b/config.yaml'),
    data: { owner: { service: 'hapi', role: 'redis' } },
    related: [{ file: 'berth.yaml', range: finding('error', '').range, message: 'allocated here' }],
  };
  const text = formatFindings([owned, finding('warning', 'x.go'), finding('info', 'y.env')], 'text');
  assert.match(text, /\[port-owned-by-other-service\] {2}allocated at berth\.yaml:10\n/);
  const re = new RegExp(pattern.regexp);
  const rows = text
    .split('\n')
    .map((l) => re.exec(l))
    .filter((m) => m !== null)
    .map((m) => [
      m[pattern.file],
      m[pattern.line],
      m[pattern.column],
      m[pattern.severity],
      m[pattern.message],
      m[pattern.code],
    ]);
  assert.deepEqual(rows, [
    [
      'a b/config.yaml',
      '10',
      '34',
      'error',
      "port 16387 belongs to 'hapi' (redis);  two spaces inside",
      'port-owned-by-other-service',
    ],
    [
      'x.go',
      '10',
      '34',
      'warning',
      "port 16387 belongs to 'hapi' (redis);  two spaces inside",
      'port-owned-by-other-service',
    ],
    [
      'y.env',
      '10',
      '34',
      'info',
      "port 16387 belongs to 'hapi' (redis);  two spaces inside",
      'port-owned-by-other-service',
    ],
  ]);
});
