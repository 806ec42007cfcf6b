import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DeclarationIndex } from '../../../src/core/portFinders/source/index';
import { refs } from './parse';

describe('Python source', () => {
  it('constants, attributes, dict keys, keyword arguments, os.environ and setenv', async () => {
    const text = [
      'REDIS_PORT = 16387',
      'DB = {"port": 15441, "hostPort": "15442"}',
      'os.environ["DATA_STORAGE_PORT"] = "18096"',
      'self.http_port = 18097',
      'client = Redis(host="localhost", port=16388)',
      'monkeypatch.setenv("METRICS_PORT", "19097")',
      'HOST, PG_PORT = "localhost", 15443',
    ].join('\n');
    assert.deepEqual(await refs('tests/conftest.py', text), [
      { port: 16387, kind: 'source-key', line: 0, name: 'REDIS_PORT' },
      { port: 15441, kind: 'source-key', line: 1, name: 'port' },
      { port: 15442, kind: 'source-key', line: 1, name: 'hostPort' },
      { port: 18096, kind: 'env-set', line: 2, name: 'DATA_STORAGE_PORT' },
      { port: 18097, kind: 'source-key', line: 3, name: 'http_port' },
      { port: 16388, kind: 'source-key', line: 4, name: 'port' },
      { port: 19097, kind: 'env-set', line: 5, name: 'METRICS_PORT' },
      { port: 15443, kind: 'source-key', line: 6, name: 'PG_PORT' },
    ]);
  });

  it('getenv defaults, YAML after a line continuation, *args declarations', async () => {
    const index = new DeclarationIndex();
    await refs(
      'tests/infra.py',
      'def start_container(name: str, image: str, host_port: int, container_port: int, *extra: str) -> None:\n    pass\n',
      index,
    );
    const text = [
      'REDIS_PORT = int(os.getenv("HAPI_REDIS_PORT", "16387"))',
      'CONFIG = """\\',
      'database:',
      '  port: 15439',
      '"""',
      'start_container("pg", "postgres:16", 15440, 5432,',
      '                "-e", "POSTGRES_USER=u")',
    ].join('\n');
    assert.deepEqual(await refs('tests/conftest.py', text, index), [
      { port: 16387, kind: 'source-key', line: 0, name: 'HAPI_REDIS_PORT' },
      { port: 15439, kind: 'key', line: 3 },
      { port: 15440, kind: 'call-arg', line: 5, name: 'host_port', callee: 'start_container' },
    ]);
  });

  it('near misses: comments, print and logging, container-side names, exec', async () => {
    const text = [
      '# REDIS_PORT = 16387 http://localhost:18100',
      'print("open http://localhost:18101", 18101)',
      'logging.info("port %d", 18102)',
      'logger.warning("http://localhost:18103")',
      'spec = {"containerPort": 5432, "target_port": 8080, "retries": 15441}',
      'subprocess.run(["podman", "exec", "ctr", "curl", "http://localhost:8080/health"])',
      '"""docstring: port 15441 http://localhost:18104 is the API"""',
    ].join('\n');
    assert.deepEqual(await refs('tests/x.py', text), [{ port: 18104, kind: 'url', line: 6 }]);
  });

  it('call arguments, publish lists, testcontainers and docker-py host bindings, YAML strings', async () => {
    const index = new DeclarationIndex();
    await refs(
      'tests/infra.py',
      'def start_stack(name, postgres_port, redis_port=None):\n    pass\nclass Api:\n    def __init__(self, name, http_port):\n        pass\n',
      index,
    );
    const text = [
      'start_stack("svc", 15448, redis_port=16394)',
      'Api("api", 18090)',
      'subprocess.run(["podman", "run", "-p", "15444:5432", "postgres"])',
      'pg = PostgresContainer("postgres:16").with_bind_ports(5432, 15445)',
      'client.containers.run("redis", ports={"6379/tcp": 16389})',
      'COMPOSE = """',
      'services:',
      '  db:',
      '    ports: ["15446:5432"]',
      '"""',
    ].join('\n');
    assert.deepEqual(await refs('tests/test_api.py', text, index), [
      { port: 15448, kind: 'call-arg', line: 0, name: 'postgres_port', callee: 'start_stack' },
      { port: 16394, kind: 'source-key', line: 0, name: 'redis_port' },
      { port: 18090, kind: 'call-arg', line: 1, name: 'http_port', callee: 'Api' },
      { port: 15444, kind: 'publish', line: 2 },
      { port: 15445, kind: 'publish', line: 3 },
      { port: 16389, kind: 'publish', line: 4 },
      { port: 15446, kind: 'compose-published', line: 8 },
    ]);
  });
});
