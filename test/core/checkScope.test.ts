// One scope for `port-not-allocated` (berth.yaml `check: { unallocated }`), and which files are checked at
// all: prose only through a glob naming its extension.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { checkFile } from '../../src/core/rules';
import { globNamesExtension, serviceForFile } from '../../src/core/ownership';
import type { BerthConfig } from '../../src/core/types';

const berth = (check: string, configs = '["it/**"]') =>
  `version: 1\n${check}ranges:\n  redis: 16379-16399\nservices:\n  api:\n    ports: { redis: 16379 }\n    configs: ${configs}\n`;

function config(text: string): BerthConfig {
  const r = parseBerthYaml(text);
  assert.deepEqual(r.findings, []);
  return r.config!;
}

/** "code port@line" of each finding. */
const found = (c: BerthConfig, file: string, text: string) =>
  checkFile(c, file, text).map((f) => `${f.code} ${f.port}@${f.range.start.line + 1}`);

describe('check.unallocated', () => {
  const compose = 'services:\n  a:\n    image: x\n    ports: ["8080:80", "16390:6379"]\n';
  const yaml = 'url: http://localhost:8080/health\nredis: localhost:16391\nport: 9000\nredis_port: 16392\n';

  test('default in-range: every kind of reference is reported only inside a declared range', () => {
    const c = config(berth(''));
    assert.deepEqual(c.check, { unallocated: 'in-range' });
    assert.deepEqual(found(c, 'it/compose.yml', compose), ['port-not-allocated 16390@4']);
    assert.deepEqual(found(c, 'it/app.yaml', yaml), ['port-not-allocated 16391@2', 'port-not-allocated 16392@4']);
  });

  test('everywhere: every host port nobody owns, of every kind', () => {
    const c = config(berth('check: { unallocated: everywhere }\n'));
    assert.deepEqual(found(c, 'it/compose.yml', compose), ['port-not-allocated 8080@4', 'port-not-allocated 16390@4']);
    assert.deepEqual(found(c, 'it/app.yaml', yaml), [
      'port-not-allocated 8080@1',
      'port-not-allocated 16391@2',
      'port-not-allocated 9000@3',
      'port-not-allocated 16392@4',
    ]);
  });

  test('an owned port is reported whatever the scope', () => {
    const text =
      'version: 1\nservices:\n  api:\n    ports: { redis: 16379 }\n    configs: ["it/**"]\n  w:\n    ports: { redis: 26379 }\n';
    assert.deepEqual(found(config(text), 'it/a.yaml', 'redis_port: 26379\n'), ['port-owned-by-other-service 26379@1']);
  });

  test('bad values are located errors, with a suggestion where one is close', () => {
    const cases: [string, string, number, number][] = [
      ['check: [everywhere]\n', 'check must be a mapping such as { unallocated: in-range }', 1, 7],
      [
        'check: { unallocated: everywere }\n',
        'check.unallocated must be in-range or everywhere (got "everywere") — did you mean \'everywhere\'?',
        1,
        22,
      ],
      ['check: { unallocated: 3 }\n', 'check.unallocated must be in-range or everywhere (got 3)', 1, 22],
      ['check: { unallocated: }\n', 'check.unallocated must be in-range or everywhere', 1, 9],
      ['check: { unalocated: everywhere }\n', "unknown key 'unalocated' in check", 1, 9],
    ];
    for (const [check, message, line, character] of cases) {
      const r = parseBerthYaml(berth(check));
      assert.equal(r.findings.length, 1, check);
      const f = r.findings[0];
      assert.equal(f.code, 'schema');
      assert.equal(f.severity, 'error');
      assert.ok(f.message.startsWith(message), `${f.message} vs ${message}`);
      assert.deepEqual(f.range.start, { line, character }, check);
      assert.deepEqual(r.config?.check, { unallocated: 'in-range' }, 'a bad value keeps the default');
    }
  });
});

describe('prose files', () => {
  test('`**` does not claim markdown, text, rst or adoc files; a glob naming the extension does', () => {
    const all = config(berth('', '["it/**"]'));
    for (const f of ['it/README.md', 'it/notes.txt', 'it/doc.rst', 'it/guide.adoc', 'it/PORTS.MD'])
      assert.equal(serviceForFile(all, f), undefined, f);
    assert.equal(serviceForFile(all, 'it/compose.yml')?.name, 'api');
    const named = config(berth('', '["it/**", "docs/**/*.md", "it/*.{txt,rst}"]'));
    assert.equal(serviceForFile(named, 'docs/a/ports.md')?.name, 'api');
    assert.equal(serviceForFile(named, 'it/notes.txt')?.name, 'api');
    assert.equal(serviceForFile(named, 'it/README.md'), undefined, 'it/** names no extension');
    assert.equal(checkFile(all, 'it/README.md', 'see localhost:16395\n').length, 0);
  });

  test('what names an extension', () => {
    assert.equal(globNamesExtension('docs/*.md', 'md'), true);
    assert.equal(globNamesExtension('README.md', 'md'), true);
    assert.equal(globNamesExtension('**/*.{yaml,md}', 'md'), true);
    assert.equal(globNamesExtension('**/*.@(md|rst)', 'rst'), true);
    assert.equal(globNamesExtension('**', 'md'), false);
    assert.equal(globNamesExtension('docs/*', 'md'), false);
    assert.equal(globNamesExtension('*.mdx', 'md'), false);
    assert.equal(globNamesExtension('md/**', 'md'), false);
  });
});
