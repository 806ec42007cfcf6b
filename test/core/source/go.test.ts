import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DeclarationIndex } from '../../../src/core/portFinders/source/index';
import { ports, refs } from './parse';

describe('Go source', () => {
  it('constants, variables, struct keys, assignments and port-named methods', async () => {
    const text = [
      'package infra',
      'const (',
      '\tWEIntegrationPostgresPort = 15441',
      '\tRedisPort, Name = 16387, "we"',
      ')',
      'var dataStoragePort = "18096"',
      'func f() {',
      '\tcfg := Config{Port: 18097, HostPort: "18098", "redis_port": 16388}',
      '\tcfg.MetricsPort = uint16(19097)',
      '}',
      'func (c Config) HealthPort() int { return 18099 }',
    ].join('\n');
    assert.deepEqual(await refs('infra/ports.go', text), [
      { port: 15441, kind: 'source-key', line: 2, name: 'WEIntegrationPostgresPort' },
      { port: 16387, kind: 'source-key', line: 3, name: 'RedisPort' },
      { port: 18096, kind: 'source-key', line: 5, name: 'dataStoragePort' },
      { port: 18097, kind: 'source-key', line: 7, name: 'Port' },
      { port: 18098, kind: 'source-key', line: 7, name: 'HostPort' },
      { port: 16388, kind: 'source-key', line: 7, name: 'redis_port' },
      { port: 19097, kind: 'source-key', line: 8, name: 'MetricsPort' },
      { port: 18099, kind: 'source-key', line: 10, name: 'HealthPort' },
    ]);
  });

  it('near misses: comments, container-side names, log and print calls, unrelated numbers', async () => {
    const text = [
      'package infra',
      '// RedisPort = 16387, see http://localhost:18100',
      '/* Port: 15441 */',
      'const ContainerPort = 5432',
      'var targetPort, internalPort = 8080, 9090',
      'const Timeout = 15441',
      'func f() {',
      '\tlog.Printf("listening on http://localhost:%d", 18101)',
      '\tfmt.Println("http://localhost:18102")',
      '\tGinkgoWriter.Printf("port %d\\n", 18103)',
      '\tlogger.Info("started", "url", "http://localhost:18104")',
      '\tspec := Spec{ContainerPort: 5432, Replicas: 15441}',
      '}',
    ].join('\n');
    assert.deepEqual(await refs('infra/x.go', text), []);
  });

  it('call arguments against the parameters of a function declared in the workspace', async () => {
    const index = new DeclarationIndex();
    const decl =
      'package infra\nfunc NewConfig(name string, postgresPort, redisPort, dsPort int, replicas int) *Config { return nil }\n';
    assert.deepEqual(await refs('infra/config.go', decl, index), []);
    const call =
      'package suite\nvar cfg = infra.NewConfig("svc", 15448, 16394, 18096, 3)\nvar other = Unknown(15449)\n';
    assert.deepEqual(await refs('suite/suite_test.go', call, index), [
      { port: 15448, kind: 'call-arg', line: 1, name: 'postgresPort', callee: 'NewConfig' },
      { port: 16394, kind: 'call-arg', line: 1, name: 'redisPort', callee: 'NewConfig' },
      { port: 18096, kind: 'call-arg', line: 1, name: 'dsPort', callee: 'NewConfig' },
    ]);
  });

  it('publish mappings in exec argument lists; docker/podman exec arguments are container-side', async () => {
    const text = [
      'package infra',
      'func start() {',
      '\targs := []string{"run", "-d", "-p", "15441:5432", "--publish", "127.0.0.1:16387:6379", "-p=18096:8080"}',
      '\texec.Command("podman", append([]string{"--remote"}, args...)...)',
      '\texec.Command("podman", "run", "--publish=19097:9090", "-e", "PORT=8080", "img")',
      '\texec.Command("podman", "exec", "ctr", "curl", "-sf", "http://localhost:8080/health")',
      '\texec.Command("docker", "exec", "-p", "15442:5432")',
      '}',
    ].join('\n');
    assert.deepEqual(await refs('infra/start.go', text), [
      { port: 15441, kind: 'publish', line: 2 },
      { port: 16387, kind: 'publish', line: 2 },
      { port: 18096, kind: 'publish', line: 2 },
      { port: 19097, kind: 'publish', line: 4 },
    ]);
  });

  it('listen addresses, URLs, env setters, port maps and host bindings', async () => {
    const text = [
      'package infra',
      'func f(t *testing.T) {',
      '\tsrv := &http.Server{Addr: ":18131"}',
      '\thealthAddr := "0.0.0.0:18132"',
      '\tgo http.ListenAndServe("127.0.0.1:18133", nil)',
      '\tos.Setenv("DATA_STORAGE_PORT", "18134")',
      '\tt.Setenv("REDIS_PORT", "16389")',
      '\tt.Setenv("LOG_LEVEL", "15441")',
      '\tforwards := map[int]int{18130: 8080}',
      '\tbinding := nat.PortBinding{HostIP: "0.0.0.0", HostPort: "15443"}',
      '\turl := "http://localhost:18100/api"',
      '\tremote := "postgres:5432"',
      '}',
    ].join('\n');
    assert.deepEqual(await refs('infra/f.go', text), [
      { port: 18131, kind: 'listen', line: 2, name: 'Addr' },
      { port: 18132, kind: 'listen', line: 3, name: 'healthAddr' },
      { port: 18133, kind: 'listen', line: 4 },
      { port: 18134, kind: 'env-set', line: 5, name: 'DATA_STORAGE_PORT' },
      { port: 16389, kind: 'env-set', line: 6, name: 'REDIS_PORT' },
      { port: 18130, kind: 'publish', line: 8 },
      { port: 15443, kind: 'source-key', line: 9, name: 'HostPort' },
      { port: 18100, kind: 'url', line: 10 },
    ]);
  });

  it('values of a map named for ports, keyed by role; PGPORT-style names', async () => {
    const text = [
      'package x',
      'var portByRole = map[string]int{"http": 18210, "redis": 16510}',
      'var containerPorts = map[string]int{"http": 8080}',
      'var timeouts = map[string]int{"http": 15000}',
      'func f() { os.Setenv("PGPORT", "15510") }',
    ].join('\n');
    assert.deepEqual(await refs('x/roles.go', text), [
      { port: 18210, kind: 'source-key', line: 1, name: 'portByRole[http]' },
      { port: 16510, kind: 'source-key', line: 1, name: 'portByRole[redis]' },
      { port: 15510, kind: 'env-set', line: 4, name: 'PGPORT' },
    ]);
  });

  it('YAML in a raw string is read by the config finders, positions in the file', async () => {
    const text = [
      'package infra',
      'const compose = `',
      'services:',
      '  db:',
      '    ports:',
      '      - "15441:5432"',
      '      - 5432',
      '`',
      'const config = `',
      'redis:',
      '  port: 16387',
      '`',
    ].join('\n');
    assert.deepEqual(await refs('infra/compose.go', text), [
      { port: 15441, kind: 'compose-published', line: 5 },
      { port: 16387, kind: 'key', line: 10 },
    ]);
  });

  it('a file the grammar cannot parse yields what can be read; ignore comments are honoured', async () => {
    const broken =
      'package x\nconst RedisPort = 16387\nfunc (( {{{ \nvar HTTPPort = 18090 // berth-ignore\nconst PostgresPort = 15441\n';
    assert.deepEqual(await ports('x/broken.go', broken), [16387, 15441]);
  });
});
