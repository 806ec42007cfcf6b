import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DeclarationIndex } from '../../../src/core/portFinders/source/index';
import { refs } from './parse';

describe('TypeScript, TSX and JavaScript source', () => {
  it('constants, object keys, class fields, defaults, env assignments', async () => {
    const text = [
      'export const REDIS_PORT = 16387;',
      "const cfg = { port: 18096, 'hostPort': '18097', db: { containerPort: 5432 } } as const;",
      "process.env.DATA_STORAGE_PORT = '18098';",
      "process.env['REDIS_PORT'] = '16388';",
      'class Api { private httpPort = 18099; }',
      'function connect(host: string, postgresPort = 15441) {}',
    ].join('\n');
    assert.deepEqual(await refs('svc/config.ts', text), [
      { port: 16387, kind: 'source-key', line: 0, name: 'REDIS_PORT' },
      { port: 18096, kind: 'source-key', line: 1, name: 'port' },
      { port: 18097, kind: 'source-key', line: 1, name: 'hostPort' },
      { port: 18098, kind: 'env-set', line: 2, name: 'DATA_STORAGE_PORT' },
      { port: 16388, kind: 'env-set', line: 3, name: 'REDIS_PORT' },
      { port: 18099, kind: 'source-key', line: 4, name: 'httpPort' },
      { port: 15441, kind: 'source-key', line: 5, name: 'postgresPort' },
    ]);
  });

  it('near misses: comments, console and logger calls, container-side keys, exec arguments', async () => {
    const text = [
      '// const PORT = 18100; http://localhost:18100',
      '/* port: 15441 */',
      'console.log(`listening on http://localhost:18101`, 18101);',
      "logger.info('ready', { port: 18102 });",
      'const spec = { containerPort: 8080, targetPort: 9090, timeout: 15441 };',
      "await execa('podman', ['exec', 'ctr', 'curl', 'http://localhost:8080/health']);",
    ].join('\n');
    assert.deepEqual(await refs('svc/x.ts', text), []);
  });

  it('call and constructor arguments, publish arrays, testcontainers host side, listen', async () => {
    const index = new DeclarationIndex();
    await refs(
      'svc/infra.ts',
      'export function startStack(name: string, postgresPort: number, redisPort: number) {}\nexport class Api { constructor(readonly name: string, httpPort: number) {} }\n',
      index,
    );
    const text = [
      "startStack('svc', 15448, 16394);",
      "new Api('api', 18090);",
      "await execa('podman', ['run', '-p', '15442:5432', '--publish=127.0.0.1:16379:6379', 'postgres']);",
      "await new GenericContainer('redis').withExposedPorts({ container: 6379, host: 16380 }).start();",
      'app.listen(18091);',
      'const url = `http://localhost:18100/api/${id}`;',
    ].join('\n');
    assert.deepEqual(await refs('svc/suite.test.ts', text, index), [
      { port: 15448, kind: 'call-arg', line: 0, name: 'postgresPort', callee: 'startStack' },
      { port: 16394, kind: 'call-arg', line: 0, name: 'redisPort', callee: 'startStack' },
      { port: 18090, kind: 'call-arg', line: 1, name: 'httpPort', callee: 'Api' },
      { port: 15442, kind: 'publish', line: 2 },
      { port: 16379, kind: 'publish', line: 2 },
      { port: 16380, kind: 'source-key', line: 3, name: 'hostPort' },
      { port: 18091, kind: 'listen', line: 4 },
      { port: 18100, kind: 'url', line: 5 },
    ]);
  });

  it('kubectl port-forward arguments; a container environment and builder chains', async () => {
    const text = [
      "await execa('kubectl', ['port-forward', 'svc/orders-api', '18183:80']);",
      "await new GenericContainer('api').withExposedPorts({ container: 8080, host: 18184 }).withEnvironment({ PORT: '8080', API_PORT: '18185' }).start();",
    ].join('\n');
    assert.deepEqual(await refs('deploy/cluster.ts', text), [
      { port: 18183, kind: 'publish', line: 0 },
      { port: 18184, kind: 'source-key', line: 1, name: 'hostPort' },
    ]);
  });

  it('a destructuring default of a port-named variable', async () => {
    const text = "const { WEB_PORT = '18220', LOG_LEVEL = '15441' } = process.env;\n";
    assert.deepEqual(await refs('web/dev.ts', text), [{ port: 18220, kind: 'source-key', line: 0, name: 'WEB_PORT' }]);
  });

  it('TSX attributes and JSX in .js files; YAML in a template literal', async () => {
    const tsx = 'export const App = () => <Dev port={18092} proxy="http://localhost:18093" />;\n';
    assert.deepEqual(await refs('web/App.tsx', tsx), [
      { port: 18092, kind: 'source-key', line: 0, name: 'port' },
      { port: 18093, kind: 'url', line: 0 },
    ]);
    const js =
      'const kind = `\nkind: Cluster\nnodes:\n  - extraPortMappings:\n      - hostPort: 18094\n`;\nmodule.exports = { port: 18095 };\n';
    assert.deepEqual(await refs('web/kind.js', js), [
      { port: 18094, kind: 'key', line: 4 },
      { port: 18095, kind: 'source-key', line: 6, name: 'port' },
    ]);
  });
});
