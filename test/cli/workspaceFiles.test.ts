// src/host/workspaceFiles.ts on real temp directories (what `berth check` and the language server walk).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { listConfigFiles, loadWorkspace } from '../../src/host/workspaceFiles';
import { removeTempWorkspaces, tempWorkspace as workspace } from './tempWorkspace';

after(removeTempWorkspaces);

const BERTH = `version: 1
services:
  a:
    configs: ["svc/a/**", "svc/a/deep/**/*.yaml", "docs/a.md", "missing/**", "./top.env"]
  b:
    configs: ["**/*.go", "berth.yaml"]
`;

test('lists matched files: globs, literal paths, ./ prefixes; skips node_modules, .git, berth.yaml; sorted, forward slashes', async () => {
  const root = workspace({
    'berth.yaml': BERTH,
    'svc/a/x.yaml': '',
    'svc/a/deep/er/y.yaml': '',
    'svc/a/.hidden.env': '',
    'docs/a.md': '',
    'docs/b.md': '',
    'top.env': '',
    'cmd/main.go': '',
    'node_modules/m/z.go': '',
    '.git/hooks/h.go': '',
    'svc/a/node_modules/q.yaml': '',
  });
  const ws = await loadWorkspace(root);
  assert.ok(!('error' in ws));
  assert.equal(ws.configPath, join(root, 'berth.yaml'));
  assert.deepEqual(ws.parse.findings, []);
  assert.deepEqual(await listConfigFiles(root, ws.parse.config!), [
    'cmd/main.go',
    'docs/a.md',
    'svc/a/.hidden.env',
    'svc/a/deep/er/y.yaml',
    'svc/a/x.yaml',
    'top.env',
  ]);
});

test('compose files named by stacks are listed', async () => {
  const text =
    'version: 1\nservices:\n  a:\n    stack: { compose: ops/compose.yaml }\n  b:\n    stack: { compose: ops/missing.yaml }\n';
  const root = workspace({ 'berth.yaml': text, 'ops/compose.yaml': '', 'ops/other.yaml': '' });
  assert.deepEqual(await listConfigFiles(root, parseBerthYaml(text).config!), ['ops/compose.yaml']);
});

test('directory symlinks are not followed (no loops); file symlinks are listed', async () => {
  const root = workspace({ 'berth.yaml': 'version: 1\nservices:\n  a:\n    configs: ["**"]\n', 'd/f.env': '' });
  symlinkSync(join(root, 'd'), join(root, 'd', 'loop'));
  symlinkSync(join(root, 'd', 'f.env'), join(root, 'd', 'link.env'));
  const config = parseBerthYaml('version: 1\nservices:\n  a:\n    configs: ["**"]\n').config!;
  assert.deepEqual(await listConfigFiles(root, config), ['d/f.env', 'd/link.env']);
});

test('no configs: nothing to walk', async () => {
  const root = workspace({ 'x.go': '' });
  assert.deepEqual(await listConfigFiles(root, parseBerthYaml('version: 1\nservices:\n  a: {}\n').config!), []);
});

test('loadWorkspace: berth.yml fallback, and clear errors for a missing file, a missing root, an unreadable berth.yaml', async () => {
  const yml = workspace({ 'berth.yml': 'version: 1\nservices: {}\n' });
  const r = await loadWorkspace(yml);
  assert.ok(!('error' in r) && r.parse.config?.file === 'berth.yml');
  const none = workspace({});
  assert.deepEqual(await loadWorkspace(none), { error: `no berth.yaml in ${none}` });
  assert.deepEqual(await loadWorkspace(join(none, 'nope')), { error: `cannot open ${join(none, 'nope')}: ENOENT` });
  const dir = workspace({ 'berth.yaml/x': '' });
  assert.deepEqual(await loadWorkspace(dir), { error: `cannot read ${join(dir, 'berth.yaml')}: EISDIR` });
  const file = join(yml, 'berth.yml');
  assert.deepEqual(await loadWorkspace(file), { error: `${file} is not a directory` });
});
