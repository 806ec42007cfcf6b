// A YAML file is compose by its content only when it has compose-spec's shape; the YAML files that also
// say `services:` (GitLab CI, Helm values, Kubernetes manifests, GitHub workflows) stay plain YAML.
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { isComposeText } from '../../src/core/composeShape';
import { fileKind, findPorts } from '../../src/core/portFinders/index';

const compose = `# docker compose -f deploy/stack.yml up
name: demo
x-common: &common
  restart: unless-stopped
services:
  api:
    <<: *common
    image: localhost/api:demo
    ports: ["18210:8080"]
    environment:
      PUBLIC_URL: http://localhost:8080
  worker:
    build: ./worker
    x-owner: team-a
  proxy:
    extends: { file: base.yml, service: proxy }
volumes:
  data: {}
`;

test('compose by content: image, build or extends in every entry, compose keys only', () => {
  assert.equal(isComposeText(compose), true);
  assert.equal(fileKind('deploy/stack.yml', compose), 'compose');
  assert.equal(fileKind('deploy/stack.yml'), 'yaml', 'without its text, by name alone');
  assert.equal(fileKind('docker-compose.yml', 'anything: 1'), 'compose', 'the name still decides first');
  // Read as compose: the environment is the container's, the published port is found as such.
  const refs = findPorts('deploy/stack.yml', compose).map((r) => `${r.range.start.line + 1}:${r.port}:${r.kind}`);
  assert.deepEqual(refs, ['9:18210:compose-published']);
  assert.equal(isComposeText('services: { db: { image: postgres:16-alpine, ports: ["15432:5432"] } }\n'), true);
});

test('near misses: YAML with a services: key that is not compose', () => {
  const notCompose: Record<string, string> = {
    'GitLab CI (a list of images)':
      'image: node:20\nservices:\n  - postgres:16-alpine\n  - name: redis:7\n    alias: cache\n',
    'Helm values (image as a mapping, port keys)':
      'replicaCount: 1\nservices:\n  api:\n    image:\n      repository: localhost/api\n    port: 8080\n',
    'Helm values (image a string, but a key compose has not)':
      'services:\n  api:\n    image: localhost/api:1\n    port: 8080\n',
    'top-level keys compose has not': 'replicaCount: 1\nservices:\n  api:\n    image: localhost/api:1\n',
    'Kubernetes manifest': 'apiVersion: v1\nkind: ConfigMap\nservices:\n  api:\n    image: x\n',
    'GitHub workflow (services under jobs)':
      'on: [push]\njobs:\n  test:\n    services:\n      pg:\n        image: postgres:16\n        ports: ["15540:5432"]\n',
    'an entry without image, build or extends': 'services:\n  api:\n    ports: ["18210:8080"]\n',
    'an entry that is no mapping': 'services:\n  api: localhost/api:1\n',
    'empty services': 'services: {}\n',
    'services only indented': 'config:\n  services:\n    api:\n      image: x\n',
    'not YAML': 'services:\n  api: [\n',
  };
  for (const [what, text] of Object.entries(notCompose)) {
    assert.equal(isComposeText(text), false, what);
    assert.equal(fileKind('deploy/x.yml', text), 'yaml', what);
  }
});

test('every compose file of the parity corpus is compose by its content too', () => {
  const dir = join(__dirname, '..', 'fixtures', 'compose-parity');
  const files = readdirSync(dir).filter((f) => f.endsWith('.compose.yml'));
  assert.ok(files.length > 30);
  for (const f of files) assert.equal(isComposeText(readFileSync(join(dir, f), 'utf8')), true, f);
});
