// Huge and minified source files are skipped with a notice, never read (a generated bundle is nobody's port
// table, and a 10 MB line would stall the parser); a file beside them is still checked.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { run as runCheck } from '../../src/cli/check';
import { runCommand } from '../support/cli';
import { removeTempWorkspaces, tempWorkspace } from './tempWorkspace';

const berthYaml = `version: 1
services:
  api:
    ports: { http: 18100 }
    configs: ["api/**"]
  billing:
    ports: { redis: 16387 }
`;

describe('berth check: huge and minified source files', () => {
  after(removeTempWorkspaces);

  test('a minified bundle and a huge Go file are skipped with a notice; a normal file still reports', async () => {
    const minified = `const redisPort = 16387;${'x'.repeat(12_000)}\n`;
    const huge = `package api\n\nconst RedisPort = 16387\n${'// filler line for size\n'.repeat(50_000)}`;
    const root = tempWorkspace({
      'berth.yaml': berthYaml,
      'api/dist/bundle.min.js': minified,
      'api/gen/huge.go': huge,
      'api/suite_test.go': 'package api\n\nconst RedisPort = 16387\n',
    });
    const r = await runCommand(runCheck, ['--root', root, '--format', 'json'], root);
    const findings = JSON.parse(r.out) as { file: string; code: string; port?: number }[];
    assert.deepEqual(
      findings.map((f) => `${f.file} ${f.code} ${f.port}`),
      ['api/suite_test.go port-owned-by-other-service 16387'],
    );
    assert.match(r.err, /skipped api\/dist\/bundle\.min\.js: minified \(line 1 is longer than 10000 characters\)/);
    assert.match(r.err, /skipped api\/gen\/huge\.go: source file larger than 1 MiB/);
  });
});
