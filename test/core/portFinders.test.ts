import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileKind, findPorts, ignoredLines } from '../../src/core/portFinders/index';
import { LineIndex } from '../../src/core/text';

/** Each reference as "port kind 'text under its range'@line" so positions are checked through the text they cover. */
function refs(path: string, text: string): string[] {
  const idx = new LineIndex(text);
  return findPorts(path, text).map((r) => {
    const covered = text.slice(idx.offsetAt(r.range.start), idx.offsetAt(r.range.end));
    return `${r.port} ${r.kind} '${covered}'@${r.range.start.line + 1}${r.host ? ` host=${r.host}` : ''}`;
  });
}

describe('file kinds', () => {
  test('dispatch on the file name', () => {
    assert.equal(fileKind('a/docker-compose.yml'), 'compose');
    assert.equal(fileKind('compose.yaml'), 'compose');
    assert.equal(fileKind('a/podman-compose.test.yml'), 'compose');
    assert.equal(fileKind('config/config.yaml'), 'yaml');
    assert.equal(fileKind('settings.json'), 'json');
    assert.equal(fileKind('.env'), 'env');
    assert.equal(fileKind('x/.env.test'), 'env');
    assert.equal(fileKind('x/integration.env'), 'env');
    assert.equal(fileKind('audit_test.go'), 'text');
    assert.equal(fileKind('composer.json'), 'json');
  });
});

describe('compose ports', () => {
  test('short syntax: H:C, IP:H:C, [::1]:H:C, /proto, and bare C has no host port', () => {
    const text = [
      'services:',
      '  db:',
      '    ports:',
      '      - "15441:5432"',
      "      - '127.0.0.1:16379:6379'",
      '      - 8080:80/tcp',
      '      - "[::1]:9000:9000/udp"',
      '      - 6379',
      '      - "5432"',
      '      - "127.0.0.1::80"',
    ].join('\n');
    assert.deepEqual(refs('docker-compose.yml', text), [
      "15441 compose-published '15441'@4",
      "16379 compose-published '16379'@5 host=127.0.0.1",
      "8080 compose-published '8080'@6",
      "9000 compose-published '9000'@7 host=::1",
    ]);
  });

  test('ranges H1-H2:C1-C2 yield every host port; the ends point at their own digits', () => {
    assert.deepEqual(refs('compose.yml', 'services:\n  a:\n    ports:\n      - "18000-18002:8000-8002"\n'), [
      "18000 compose-published '18000'@4",
      "18001 compose-published '18000-18002'@4",
      "18002 compose-published '18002'@4",
    ]);
  });

  test('${VAR:-N} and ${VAR-N} defaults; ${VAR} without default names no port', () => {
    const text =
      'services:\n  a:\n    ports:\n      - "${REDIS_PORT:-16387}:6379"\n      - "${PG-15441}:5432"\n      - "${WEB}:80"\n      - "127.0.0.1:${X:-18000-18001}:80-81"\n';
    assert.deepEqual(refs('compose.yml', text), [
      "16387 compose-published '16387'@4",
      "15441 compose-published '15441'@5",
      "18000 compose-published '18000'@7 host=127.0.0.1",
      "18001 compose-published '18001'@7 host=127.0.0.1",
    ]);
  });

  test('long syntax: published (number, string, default), target never counts', () => {
    const text = [
      'services:',
      '  a:',
      '    ports:',
      '      - target: 6379',
      '        published: 16388',
      '        host_ip: 127.0.0.1',
      '      - target: 80',
      '        published: "${WEB:-18097}"',
      '        protocol: tcp',
      '      - { target: 5432, published: 15441, host_ip: 0.0.0.0 }',
      '      - target: 9090',
    ].join('\n');
    assert.deepEqual(refs('compose.yml', text), [
      "16388 compose-published '16388'@5 host=127.0.0.1",
      "18097 compose-published '18097'@8",
      "15441 compose-published '15441'@10 host=0.0.0.0",
    ]);
  });

  test('flow sequences, on one line and over several', () => {
    const text =
      'services:\n  a:\n    ports: ["16379:6379", \'8080:80\', 9000]\n  b:\n    ports: [\n      "15433:5432",\n      { target: 1, published: 15434 }\n    ]\n    image: x\n';
    assert.deepEqual(refs('compose.yml', text), [
      "16379 compose-published '16379'@3",
      "8080 compose-published '8080'@3",
      "15433 compose-published '15433'@6",
      "15434 compose-published '15434'@7",
    ]);
  });

  test('sequence items at the same indentation as the ports key, and the block ends at the next key', () => {
    const text =
      'services:\n  a:\n    ports:\n    - 16380:6379\n    expose:\n    - 6379\n    healthcheck:\n      test: ["CMD", "redis-cli", "-p", "6379"]\n';
    assert.deepEqual(refs('compose.yml', text), ["16380 compose-published '16380'@4"]);
  });

  test('environment runs in the container: only host-gateway URLs there are host ports', () => {
    const text = [
      'services:',
      '  app:',
      '    environment:',
      '      DATABASE_URL: postgres://u:p@host.containers.internal:15441/db',
      '      REDIS_ADDR: redis:6379',
      '      DS_PORT: 18097',
      '    # ports:',
      '    #   - "1234:1234"',
      '  other:',
      '    environment:',
      '      - METRICS_PORT=19097',
      '      - API=http://localhost:18100',
    ].join('\n');
    // DS_PORT, METRICS_PORT and localhost:18100 are the container's own (issue 11); the host gateway is the host.
    assert.deepEqual(refs('docker-compose.yaml', text), ["15441 url '15441'@4 host=host.containers.internal"]);
  });

  test('anchored and tagged ports sequences', () => {
    const text =
      'x-ports: &p\n  - "1:1"\nservices:\n  a:\n    ports: &web !!seq\n      - "18080:80"\n  b:\n    ports: *web\n  c:\n    ports: !!seq ["18081:80"]\n';
    assert.deepEqual(refs('compose.yml', text), [
      "18080 compose-published '18080'@6",
      "18081 compose-published '18081'@10",
    ]);
  });

  test('comments after items are not ports', () => {
    assert.deepEqual(
      refs('compose.yml', 'services:\n  a:\n    ports:\n      - "15439:5432"   # shared with 1234:1234\n'),
      ["15439 compose-published '15439'@4"],
    );
  });
});

describe('YAML and JSON configs', () => {
  test('port-like keys: port, *_port, *-port, *Port, PORT; not support/transport', () => {
    const text =
      'port: 8080\nredis_port: 16379\nhttp-port: 18097\nmetricsPort: 19090\nREDIS_PORT: 16380\nsupport: 15\ntransport: 16\nports: 17\nport: 0\nport: 70000\nport: "15441"\n';
    assert.deepEqual(refs('config.yaml', text), [
      "8080 key '8080'@1",
      "16379 key '16379'@2",
      "18097 key '18097'@3",
      "19090 key '19090'@4",
      "16380 key '16380'@5",
      "15441 key '15441'@11",
    ]);
  });

  test('flow mappings and JSON', () => {
    assert.deepEqual(refs('c.yml', 'db: { host: localhost, port: 15441 }\n'), ["15441 key '15441'@1"]);
    const json =
      '{\n  "redis": { "host": "127.0.0.1", "port": 16388 },\n  "dataStorageUrl": "http://localhost:18097/api",\n  "listenPort": 8080\n}\n';
    assert.deepEqual(refs('settings.json', json), [
      "16388 key '16388'@2",
      "18097 url '18097'@3 host=localhost",
      "8080 key '8080'@4",
    ]);
  });

  test('strings holding URLs or host:port, host-side hosts only', () => {
    const text = [
      'a: http://localhost:18100',
      'b: "127.0.0.1:16387"',
      'c: postgres:5432',
      'd: https://db.example.com:443/x',
      'e: host.docker.internal:15433',
      'f: redis://[::1]:16379/0',
      'g: mylocalhost:1234',
      'h: localhost.example.com:1235',
      'i: http://localhost/no-port',
      'j: 0.0.0.0:9090',
      '# k: localhost:1111',
      'l: localhost:99999',
    ].join('\n');
    assert.deepEqual(refs('c.yaml', text), [
      "18100 url '18100'@1 host=localhost",
      "16387 hostport '16387'@2 host=127.0.0.1",
      "15433 hostport '15433'@5 host=host.docker.internal",
      "16379 url '16379'@6 host=::1",
      "9090 hostport '9090'@10 host=0.0.0.0",
    ]);
  });
});

describe('.env files', () => {
  test('PORT keys, URL and host:port values, quotes, export, comments', () => {
    const text = [
      '# comment localhost:1111',
      'POSTGRES_PORT=15439',
      'export REDIS_PORT="16385"',
      'REDIS_URL=redis://localhost:16385/0',
      "DS='http://127.0.0.1:18096'",
      'OTHER=42',
      'HOST_PORT=abc',
      'API=localhost:18100 # inline localhost:2222',
      'CONTAINER_ADDR=postgres:5432',
    ].join('\n');
    assert.deepEqual(refs('.env', text), [
      "15439 key '15439'@2",
      "16385 key '16385'@3",
      "16385 url '16385'@4 host=localhost",
      "18096 url '18096'@5 host=127.0.0.1",
      "18100 hostport '18100'@8 host=localhost",
    ]);
  });
});

describe('other text files', () => {
  test('URLs and host:port in source code, including CRLF lines', () => {
    const go =
      'package x\r\n\r\nconst u = "http://localhost:18100"\r\nvar addr = fmt.Sprintf("localhost:%d", port)\r\nconst pg = "postgres://slm_user@postgres:5432/db"\r\nconst r = "127.0.0.1:16387"\r\n';
    assert.deepEqual(refs('audit_test.go', go), [
      "18100 url '18100'@3 host=localhost",
      "16387 hostport '16387'@6 host=127.0.0.1",
    ]);
    assert.deepEqual(refs('x.ts', 'fetch(`http://LOCALHOST:8080/health`); // see host.containers.internal:9\n'), [
      "8080 url '8080'@1 host=localhost",
      "9 hostport '9'@1 host=host.containers.internal",
    ]);
  });
});

describe('ignore comments', () => {
  test('berth-ignore silences its line; berth-ignore-next-line the following one', () => {
    const text =
      'a = "localhost:1001" // berth-ignore\n// berth-ignore-next-line\nb = "localhost:1002"\nc = "localhost:1003"\n';
    assert.deepEqual(refs('x.go', text), ["1003 hostport '1003'@4 host=localhost"]);
    assert.deepEqual([...ignoredLines(text)].sort(), [0, 2]);
  });

  test('they work in every finder', () => {
    assert.deepEqual(
      refs(
        'compose.yml',
        'services:\n  a:\n    ports:\n      # berth-ignore-next-line\n      - "16387:6379"\n      - "16388:6379"  # berth-ignore\n',
      ),
      [],
    );
    assert.deepEqual(refs('.env', '# berth-ignore-next-line\nPORT=1\n'), []);
    assert.deepEqual(refs('a.yaml', 'port: 1 # berth-ignore\n'), []);
  });
});
