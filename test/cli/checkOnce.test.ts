// `berth check` in-process: a compose file a stack runs is parsed once for the stack reader and the port rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { PassThrough } from 'node:stream';
import { run } from '../../src/cli/check';
import { composeParses } from '../../src/core/composeFile';
import { removeTempWorkspaces, tempWorkspace } from './tempWorkspace';

test('each compose file is parsed once per check, also among many other compose files', async (t) => {
  t.after(removeTempWorkspaces);
  const files: Record<string, string> = {
    'berth.yaml':
      'version: 1\nservices:\n  api:\n    ports: { redis: 16379 }\n    configs: ["it/**"]\n    stack: { compose: it/stack/docker-compose.yml }\n',
    'it/stack/docker-compose.yml': 'services:\n  redis:\n    image: redis\n    ports: ["16379:6379"]\n',
  };
  for (let i = 0; i < 20; i++)
    files[`it/c${i}/docker-compose.yml`] = `services:\n  s:\n    image: x\n    ports: ["${18000 + i}:80"]\n`;
  const root = tempWorkspace(files);
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const before = composeParses();
  const code = await run(['--root', root, '--format', 'json'], {
    stdout: out,
    stderr: out,
    stdin: process.stdin,
    cwd: root,
  });
  assert.equal(code, 0, text);
  assert.equal(composeParses() - before, 21, 'one parse per compose file');
  assert.equal(JSON.parse(text).length, 0);
});
