import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { refs } from './parse';

describe('shell scripts and Makefile recipes', () => {
  it('publish flags across line continuations, variables, option values, URLs, heredoc YAML', async () => {
    const text = [
      '#!/usr/bin/env bash',
      'export REDIS_PORT=16387',
      'PG_PORT=15441',
      'podman run -d --name pg \\',
      '  -p 15442:5432 \\',
      '  --publish=127.0.0.1:16379:6379 -p "18090:8080" \\',
      '  -p ${DS_PORT:-18091}:8080 \\',
      '  postgres:16',
      './server --port=18092 --metrics-port 19092',
      'curl -sf http://localhost:18100/health',
      'cat > kind.yaml <<EOF',
      'extraPortMappings:',
      '  - hostPort: 18093',
      'EOF',
    ].join('\n');
    assert.deepEqual(await refs('scripts/up.sh', text), [
      { port: 16387, kind: 'env-set', line: 1, name: 'REDIS_PORT' },
      { port: 15441, kind: 'source-key', line: 2, name: 'PG_PORT' },
      { port: 15442, kind: 'publish', line: 4 },
      { port: 16379, kind: 'publish', line: 5 },
      { port: 18090, kind: 'publish', line: 5 },
      { port: 18091, kind: 'publish', line: 6 },
      { port: 18092, kind: 'source-key', line: 8, name: 'port' },
      { port: 19092, kind: 'source-key', line: 8, name: 'metrics-port' },
      { port: 18100, kind: 'url', line: 9 },
      { port: 18093, kind: 'key', line: 12 },
    ]);
  });

  it('near misses: comments, echo, exec arguments, container env, container-only -p', async () => {
    const text = [
      '# podman run -p 15442:5432 http://localhost:18100',
      'echo "open http://localhost:18101"',
      'printf "port %s\\n" 18102',
      'podman exec ctr curl http://localhost:8080/health',
      'docker run -e PORT=8080 -e REDIS_URL=redis://redis:6379 -p 5432 img',
    ].join('\n');
    assert.deepEqual(await refs('scripts/x.sh', text), []);
  });

  it('lsof -ti:PORT and kubectl port-forward are host ports; kubectl exec runs in the pod', async () => {
    const text = [
      'lsof -ti:18097 | xargs kill -9',
      'lsof -i :16388',
      'kubectl port-forward svc/orders-api 18183:80 &',
      'kubectl exec deploy/orders-api -- wget -qO- http://localhost:8080/health',
    ].join('\n');
    assert.deepEqual(await refs('scripts/clean.sh', text), [
      { port: 18097, kind: 'hostport', line: 0 },
      { port: 16388, kind: 'hostport', line: 1 },
      { port: 18183, kind: 'publish', line: 2 },
    ]);
  });

  it('${VAR:=N} assigns a default to a port-named variable', async () => {
    const text = ': "${WORKER_PORT:=18230}"\n: "${RETRIES:=15441}"\n';
    assert.deepEqual(await refs('worker/run.sh', text), [
      { port: 18230, kind: 'source-key', line: 0, name: 'WORKER_PORT' },
    ]);
  });

  it('Makefile: variables and recipe lines; other make syntax is not shell', async () => {
    const text = [
      'DB_PORT ?= 15441',
      'API_URL := http://localhost:18100 # the API',
      'TIMEOUT = 15441',
      '',
      'test: deps ## run the suite (port 18101)',
      '\t@podman run -d -p 15442:5432 \\',
      '\t\tpostgres',
      '\t-curl http://localhost:18102/health',
      '\techo "http://localhost:18103"',
    ].join('\n');
    assert.deepEqual(await refs('Makefile', text), [
      { port: 15441, kind: 'source-key', line: 0, name: 'DB_PORT' },
      { port: 18100, kind: 'url', line: 1 },
      { port: 15442, kind: 'publish', line: 5 },
      { port: 18102, kind: 'url', line: 7 },
    ]);
  });
});
