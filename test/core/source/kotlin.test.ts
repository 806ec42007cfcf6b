import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DeclarationIndex } from '../../../src/core/portFinders/source/index';
import { refs } from './parse';

describe('Kotlin source', () => {
  it('constants, properties, named and positional arguments, publish lists, Testcontainers bindings, raw strings', async () => {
    const index = new DeclarationIndex();
    await refs(
      'src/test/kotlin/Stubs.kt',
      'fun startStub(name: String, hostPort: Int, containerPort: Int) {}\nclass Infra(val name: String, val postgresPort: Int)\n',
      index,
    );
    const text = [
      'private const val LEDGER_HTTP_PORT = 18610',
      'object Ports { const val REDIS_PORT = 16620 }',
      'class LedgerIT {',
      '    var adminPort: Int = 18611',
      '    fun setUp() {',
      '        startStub(name = "fx", hostPort = 18632, containerPort = 8080)',
      '        startStub("fx", 18633, 8080)',
      '        Infra("ledger", 15463)',
      '        ProcessBuilder("docker", "run", "-p", "16621:6379", "redis:7-alpine")',
      '        val args = listOf("podman", "run", "--publish", "16622:6379")',
      '        app.withFixedExposedPort(18612, 9090)',
      '        cmd.withPortBindings(PortBinding(Ports.Binding.bindPort(15462), ExposedPort(5432)))',
      '        config.port = 18613',
      '        val server = embeddedServer(Netty, port = 18630)',
      '        val props = mapOf("ledger.port" to 18614)',
      '        val url = "http://localhost:18615/actuator"',
      '        val yaml = """',
      '            services:',
      '              db:',
      '                ports: ["15464:5432"]',
      '        """',
      '    }',
      '}',
    ].join('\n');
    assert.deepEqual(await refs('src/test/kotlin/LedgerIT.kt', text, index), [
      { port: 18610, kind: 'source-key', line: 0, name: 'LEDGER_HTTP_PORT' },
      { port: 16620, kind: 'source-key', line: 1, name: 'REDIS_PORT' },
      { port: 18611, kind: 'source-key', line: 3, name: 'adminPort' },
      { port: 18632, kind: 'source-key', line: 5, name: 'hostPort' },
      { port: 18633, kind: 'call-arg', line: 6, name: 'hostPort', callee: 'startStub' },
      { port: 15463, kind: 'call-arg', line: 7, name: 'postgresPort', callee: 'Infra' },
      { port: 16621, kind: 'publish', line: 8 },
      { port: 16622, kind: 'publish', line: 9 },
      { port: 18612, kind: 'publish', line: 10 },
      { port: 15462, kind: 'publish', line: 11 },
      { port: 18613, kind: 'source-key', line: 12, name: 'port' },
      { port: 18630, kind: 'source-key', line: 13, name: 'port' },
      { port: 18614, kind: 'source-key', line: 14, name: 'ledger.port' },
      { port: 18615, kind: 'url', line: 15 },
      { port: 15464, kind: 'compose-published', line: 19 },
    ]);
  });

  it('near misses: comments, loggers and println, random host ports, container-side addresses, a Gradle script', async () => {
    const text = [
      '// private const val OLD_PORT = 18600; http://localhost:18601',
      '/** KDoc: the suite listens on 18602 */',
      'class X {',
      '    private val containerPort = 5432',
      '    fun m() {',
      '        logger.info("listening on http://localhost:18603")',
      '        println("port 18604")',
      '        pg.withExposedPorts(5432)',
      '        val mapped = pg.getMappedPort(5432)',
      '        val jdbc = "jdbc:postgresql://ledger-db:5432/ledger"',
      '        val retries = 15441',
      '    }',
      '}',
    ].join('\n');
    assert.deepEqual(await refs('X.kt', text), []);
    assert.deepEqual(await refs('build.gradle.kts', 'tasks.test {\n    environment("LEDGER_PORT", "18610")\n}\n'), [
      { port: 18610, kind: 'source-key', line: 1, name: 'LEDGER_PORT' },
    ]);
  });

  it('defaults, port tables, sockets, settings strings, and a container reaching the host', async () => {
    const text = [
      'data class GatewayConfig(val httpPort: Int = 18630, val host: String = "x")',
      'fun awaitStub(hostPort: Int = 18632) {}',
      'object Ports {',
      '    const val GATEWAY_HTTP = 18630',
      '    const val WIREMOCK_CONTAINER = 8080',
      '}',
      'class T {',
      '    private val fallbackPort = System.getenv("LEDGER_REDIS_PORT")?.toInt() ?: 16620',
      '    private val webhook = ServerSocket(18631)',
      '    fun m() {',
      '        Socket().connect(InetSocketAddress("127.0.0.1", 16620), 500)',
      '        InetSocketAddress("ledger-db", 5432)',
      '        app.withEnv("DB_URL", "jdbc:postgresql://host.docker.internal:15462/ledger")',
      '        app.withEnv("DB_URL2", "jdbc:postgresql://localhost:5432/ledger")',
      '        args("--spring.profiles.active=local", "--server.port=18610")',
      '        ProcessBuilder("docker", "run", "-e", "PORT=8080", "img")',
      '    }',
      '}',
      '@SpringBootTest(properties = ["management.server.port=18615"])',
      'class U',
    ].join('\n');
    assert.deepEqual(await refs('T.kt', text), [
      { port: 18630, kind: 'source-key', line: 0, name: 'httpPort' },
      { port: 18632, kind: 'source-key', line: 1, name: 'hostPort' },
      { port: 18630, kind: 'source-key', line: 3, name: 'Ports[GATEWAY_HTTP]' },
      { port: 16620, kind: 'source-key', line: 7, name: 'fallbackPort' },
      { port: 18631, kind: 'listen', line: 8 },
      { port: 16620, kind: 'hostport', line: 10 },
      { port: 15462, kind: 'url', line: 12 },
      { port: 18610, kind: 'source-key', line: 14, name: 'server.port' },
      { port: 18615, kind: 'source-key', line: 18, name: 'management.server.port' },
    ]);
  });
});
