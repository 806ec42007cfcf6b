// berth.yaml's `kind: { cluster, config }` on a service: read with its range; bad shapes are located schema errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';

const yaml = (kind: string) => `version: 1\nservices:\n  web:\n    ports: { http: 18080 }\n    kind: ${kind}\n`;

test('a service names its kind cluster and config', () => {
  const res = parseBerthYaml(yaml('{ cluster: e2e, config: deploy/kind-config.yaml }'));
  assert.deepEqual(res.findings, []);
  const { kind } = res.config!.services[0];
  assert.deepEqual(kind && { cluster: kind.cluster, config: kind.config, line: kind.range.start.line }, {
    cluster: 'e2e',
    config: 'deploy/kind-config.yaml',
    line: 4,
  });
});

test('a bad cluster name, a missing cluster, an unknown key and a scalar are located errors', () => {
  const cases: [string, RegExp, number][] = [
    ['{ cluster: E2E_Cluster }', /cluster of kind of 'web' must be a kind cluster name/, 4],
    ['{ config: kind.yaml }', /kind of 'web' needs 'cluster'/, 4],
    ['{ cluster: e2e, confg: kind.yaml }', /unknown key 'confg'.*did you mean 'config'/, 4],
    ['e2e', /kind of 'web' must be a mapping/, 4],
  ];
  for (const [kind, message, line] of cases) {
    const res = parseBerthYaml(yaml(kind));
    assert.equal(res.findings.length, 1, `${kind}: ${JSON.stringify(res.findings.map((f) => f.message))}`);
    assert.match(res.findings[0].message, message);
    assert.equal(res.findings[0].range.start.line, line);
    assert.equal(res.findings[0].code, 'schema');
  }
});
