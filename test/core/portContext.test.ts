// Where a port literal is not a host port: inside a container (compose healthcheck, command, entrypoint,
// environment; `docker|podman exec`), and in Kubernetes manifests and kind configs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findPorts } from '../../src/core/portFinders/index';
import { findComposePortsByLine } from '../../src/core/portFinders/composeLines';
import { isPortKey } from '../../src/core/portFinders/yamlJson';
import { LineIndex } from '../../src/core/text';
import type { PortRef } from '../../src/core/types';

function show(text: string, refs: PortRef[]): string[] {
  const idx = new LineIndex(text);
  return refs.map(
    (r) =>
      `${r.port} ${r.kind} '${text.slice(idx.offsetAt(r.range.start), idx.offsetAt(r.range.end))}'@${r.range.start.line + 1}`,
  );
}
const refs = (path: string, text: string) => show(text, findPorts(path, text));

describe('compose: what runs inside the container', () => {
  const compose = [
    'services:',
    '  api:',
    '    image: api',
    '    ports: ["18090:8080"]',
    '    environment:',
    '      FLASK_SERVER_PORT: 9091',
    '    healthcheck:',
    '      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]',
    '    command: ["--listen", "0.0.0.0:9091"]',
    '    entrypoint: >',
    '      sh -c "wait-for localhost:5432 &&',
    '      exec app --port 9091"',
    '  worker:',
    '    image: w',
    '    environment:',
    '      - REDIS_PORT=6379',
    '      - API=http://host.docker.internal:18090/v1',
    '    command: curl http://localhost:8080/',
    '    x-debug:',
    '      debug_port: 18091',
  ].join('\n');

  test('healthcheck.test, command, entrypoint and environment name container ports; the host gateway is the host', () => {
    const expected = ["18090 compose-published '18090'@4", "18090 url '18090'@17", "18091 key '18091'@20"];
    assert.deepEqual(refs('docker-compose.yml', compose), expected);
    // while the file does not parse (typing at its end), the line fallback reads the same
    const broken = `${compose}\nx-typing: [`;
    assert.deepEqual(refs('docker-compose.yml', broken), expected);
    assert.deepEqual(show(broken, findComposePortsByLine(broken)), expected);
  });

  test('an anchor of container-side keys merged into a service stays container-side', () => {
    const text =
      'x-env: &env\n  environment:\n    PORT: 8080\n    URL: http://localhost:8080\nservices:\n  a:\n    <<: *env\n    image: x\n';
    assert.deepEqual(refs('compose.yml', text), []);
  });
});

describe('docker|podman exec', () => {
  test('what follows exec runs in the container, also over continued lines; before it is the host', () => {
    const text = [
      'curl http://localhost:18100/health',
      'docker exec db psql postgres://u@localhost:5432/x',
      'podman exec -it redis redis-cli -u redis://127.0.0.1:6379 \\',
      '  --url http://localhost:8080',
      'echo localhost:18101',
      'URL=http://localhost:18102 docker compose exec app curl http://localhost:8080',
      'podman exec app curl http://host.containers.internal:18103',
    ].join('\n');
    assert.deepEqual(refs('commands.txt', text), [
      "18100 url '18100'@1",
      "18101 hostport '18101'@5",
      "18102 url '18102'@6",
      "18103 url '18103'@7",
    ]);
  });

  test('in YAML values (a CI step) too', () => {
    const text =
      'steps:\n  - run: docker exec db pg_isready -h localhost -p 5432 && curl localhost:18100\n  - url: http://localhost:18101\n';
    assert.deepEqual(refs('ci.yml', text), ["18101 url '18101'@3"]);
  });
});

describe('Kubernetes and kind', () => {
  test('manifests: containerPort, targetPort, a Service port and nodePort are not host ports; hostPort is', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'spec:',
      '  type: NodePort',
      '  ports:',
      '    - port: 8080',
      '      targetPort: 8080',
      '      nodePort: 30080',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          ports:',
      '            - containerPort: 8080',
      '              hostPort: 18080',
      '          env:',
      '            - { name: DB, value: "localhost:5432" }',
      '---',
      'plain: config',
      'port: 18081',
    ].join('\n');
    assert.deepEqual(refs('deploy/app.yaml', text), ["18080 key '18080'@19", "18081 key '18081'@24"]);
  });

  test('kind cluster config: extraPortMappings hostPort and apiServerPort are host ports; containerPort is not', () => {
    const text = [
      'kind: Cluster',
      'apiVersion: kind.x-k8s.io/v1alpha4',
      'networking:',
      '  apiServerPort: 16443',
      'nodes:',
      '  - role: control-plane',
      '    extraPortMappings:',
      '      - containerPort: 30080',
      '        hostPort: 18080',
      '        listenAddress: "127.0.0.1"',
      '        protocol: TCP',
    ].join('\n');
    assert.deepEqual(refs('kind-config.yaml', text), ["16443 key '16443'@4", "18080 key '18080'@9"]);
  });

  test('port-like keys everywhere leave container-side names out', () => {
    for (const k of ['port', 'PORT', 'redis_port', 'http-port', 'hostPort', 'listenPort'])
      assert.equal(isPortKey(k), true, k);
    for (const k of ['containerPort', 'CONTAINER_PORT', 'target_port', 'targetPort', 'internalPort', 'nodePort'])
      assert.equal(isPortKey(k), false, k);
    assert.deepEqual(refs('c.yaml', 'containerPort: 8080\ntarget_port: 80\nport: 18000\n'), ["18000 key '18000'@3"]);
    assert.deepEqual(refs('.env', 'CONTAINER_PORT=80\nSUPPORT=5\nAPI_PORT=18001\n'), ["18001 key '18001'@3"]);
    const labels =
      'services:\n  a:\n    image: x\n    labels:\n      - traefik.http.services.a.loadbalancer.server.port=8080\n';
    assert.deepEqual(refs('compose.yml', labels), [], "a Traefik label names the container's port");
  });
});
