// The language server underlines conflicts in kind configs and manifests as `berth check` does: a manifest's
// nodePort routed by the service's kind config (read from disk, or from the editor once the config is open).
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { LspTestClient, tempWorkspace, codes } from './lspClient';
import { KIND_BERTH } from '../support/kindFixture';

const BERTH = KIND_BERTH;
const kindConfig = (notificationHost: number) => `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
  - role: control-plane
    extraPortMappings:
      - { containerPort: 30080, hostPort: 18091 }
      - { containerPort: 30096, hostPort: ${notificationHost} }
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: gateway }
spec:
  type: NodePort
  ports:
    - { port: 8080, targetPort: 18096, nodePort: 30096 }
`;

describe('server: kind configs and manifests', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let c: LspTestClient;
  beforeEach(async () => {
    ws = tempWorkspace({ 'berth.yaml': BERTH, 'deploy/kind-config.yaml': kindConfig(18096) });
    c = await LspTestClient.start(ws.root);
  });
  afterEach(async () => {
    await c.dispose();
    ws.cleanup();
  });

  test("the kind config's hostPort and a nodePort it routes to another service's port are underlined", async () => {
    const cfg = await c.open('deploy/kind-config.yaml', kindConfig(18096), 'yaml');
    const inConfig = await c.current(cfg);
    assert.deepEqual(codes(inConfig), ['port-owned-by-other-service']);
    assert.equal(inConfig[0].range.start.line, 6);
    const svc = await c.open('deploy/k8s/service.yaml', SERVICE, 'yaml');
    const found = await c.current(svc);
    assert.deepEqual(codes(found), ['port-owned-by-other-service']);
    assert.match(String(found[0].message), /^nodePort 30096 reaches host port 18096 through the kind config/);
    assert.deepEqual(found[0].range.start, { line: 6, character: 49 });
  });

  test('an edit of the open kind config changes what the nodePort reaches', async () => {
    const cfg = await c.open('deploy/kind-config.yaml', kindConfig(18096), 'yaml');
    await c.current(cfg);
    await c.replaceAll(cfg, kindConfig(18091));
    await c.diagnostics(cfg, (p) => p.diagnostics.length === 0);
    const svc = await c.open('deploy/k8s/service.yaml', SERVICE, 'yaml');
    assert.deepEqual(await c.current(svc), []);
  });
});
