import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DeclarationIndex } from '../../../src/core/portFinders/source/index';
import { refs } from './parse';

describe('Java source', () => {
  it('fields, locals, setters, constructor arguments, ProcessBuilder publish, text blocks', async () => {
    const index = new DeclarationIndex();
    await refs(
      'src/test/java/Infra.java',
      'class Infra { Infra(String name, int postgresPort, int redisPort) {} }\n',
      index,
    );
    const text = [
      'class ApiIT {',
      '  static final int REDIS_PORT = 16387;',
      '  private int httpPort = 18096;',
      '  void setUp() {',
      '    new Infra("svc", 15448, 16394);',
      '    config.setPort(18097);',
      '    new ProcessBuilder("podman", "run", "-p", "15442:5432", "postgres");',
      '    var pg = new FixedHostPortGenericContainer<>("postgres").withFixedExposedPort(15443, 5432);',
      '    String url = "http://localhost:18100/api";',
      '    String yaml = """',
      '        services:',
      '          db:',
      '            ports:',
      '              - "15444:5432"',
      '        """;',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(await refs('src/test/java/ApiIT.java', text, index), [
      { port: 16387, kind: 'source-key', line: 1, name: 'REDIS_PORT' },
      { port: 18096, kind: 'source-key', line: 2, name: 'httpPort' },
      { port: 15448, kind: 'call-arg', line: 4, name: 'postgresPort', callee: 'Infra' },
      { port: 16394, kind: 'call-arg', line: 4, name: 'redisPort', callee: 'Infra' },
      { port: 18097, kind: 'source-key', line: 5, name: 'Port' },
      { port: 15442, kind: 'publish', line: 6 },
      { port: 15443, kind: 'publish', line: 7 },
      { port: 18100, kind: 'url', line: 8 },
      { port: 15444, kind: 'compose-published', line: 13 },
    ]);
  });

  it('a wait strategy probes the container port; a later builder call does not enclose an earlier one', async () => {
    const text = [
      'class OrdersIT {',
      '  static final GenericContainer<?> api = new FixedHostPortGenericContainer<>("orders:test")',
      '      .withFixedExposedPort(18110, 8080)',
      '      .withEnv("PORT", "8080")',
      '      .waitingFor(Wait.forHttp("/health").forPort(8080));',
      '}',
    ].join('\n');
    assert.deepEqual(await refs('OrdersIT.java', text), [{ port: 18110, kind: 'publish', line: 2 }]);
  });

  it('near misses: comments, System.out and loggers, container-side names', async () => {
    const text = [
      'class X {',
      '  // static final int PORT = 15441; http://localhost:18100',
      '  static final int CONTAINER_PORT = 5432;',
      '  void m() { System.out.println("http://localhost:18101"); LOG.info("port {}", 18102); int retries = 15441; }',
      '}',
    ].join('\n');
    assert.deepEqual(await refs('X.java', text), []);
  });
});
