// The port rules in a kind cluster config and in Kubernetes manifests a service claims: extraPortMappings'
// hostPort and apiServerPort are host ports, containerPort is not; in manifests hostPort is, containerPort,
// targetPort and a Service's port are not, and a nodePort is the host port the service's kind config maps it to.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { kindRoutes, readKindMappings } from '../../src/core/kindConfig';
import { serviceFileGlobs, serviceForFile } from '../../src/core/ownership';
import { checkFile } from '../../src/core/rules';
import type { Finding } from '../../src/core/types';
import { run as check } from '../../src/cli/check';
import { runCommand } from '../support/cli';
import { KIND_BERTH } from '../support/kindFixture';
import { removeTempWorkspaces, tempWorkspace } from '../cli/tempWorkspace';

const BERTH = KIND_BERTH;
const KIND = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
networking:
  apiServerPort: 18097
nodes:
  - role: control-plane
    extraPortMappings:
      - containerPort: 30080
        hostPort: 18091
      - containerPort: 30096
        hostPort: 18096
        listenAddress: 127.0.0.1
      - containerPort: 18096
        hostPort: 18091
`;
const MANIFESTS = `apiVersion: v1
kind: Service
metadata: { name: gateway }
spec:
  type: NodePort
  ports:
    - port: 18096
      targetPort: 18096
      nodePort: 30080
    - port: 8080
      nodePort: 30096
    - port: 9090
      nodePort: 30555
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: gateway }
spec:
  template:
    spec:
      containers:
        - name: gateway
          ports:
            - containerPort: 18096
            - containerPort: 8080
              hostPort: 18096
`;
const config = parseBerthYaml(BERTH).config!;
const brief = (fs: Finding[]) =>
  fs.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`);

describe('kind configs and manifests', () => {
  after(removeTempWorkspaces);

  test('the kind config a service names is its file, even without a configs glob', () => {
    assert.equal(serviceForFile(config, 'deploy/kind-config.yaml')?.name, 'gateway');
    assert.equal(serviceForFile(config, './deploy/kind-config.yaml')?.name, 'gateway');
    assert.ok(serviceFileGlobs(config).includes('deploy/kind-config.yaml'));
  });

  test('kind config: hostPort and apiServerPort are host ports; containerPort is not (18096 there is a near miss)', () => {
    assert.deepEqual(brief(checkFile(config, 'deploy/kind-config.yaml', KIND)), [
      "4:18 port-not-allocated port 18097 is not allocated to any service in berth.yaml (it lies in the http range 18090-18119; 'gateway' uses 18091 for http)",
      "11:19 port-owned-by-other-service port 18096 belongs to 'notification' (http); 'gateway' uses 18091 for http",
    ]);
    assert.deepEqual(
      readKindMappings(KIND).map((m) => [m.containerPort, m.hostPort, m.role, m.listenAddress, m.range.start.line + 1]),
      [
        [30080, 18091, 'control-plane', undefined, 9],
        [30096, 18096, 'control-plane', '127.0.0.1', 11],
        [18096, 18091, 'control-plane', undefined, 14],
      ],
    );
  });

  test('manifests: only hostPort, and a nodePort through the kind config; containerPort, targetPort and port are not', () => {
    const routes = kindRoutes(config, (p) => (p === 'deploy/kind-config.yaml' ? KIND : undefined));
    const found = checkFile(config, 'deploy/k8s/gateway.yaml', MANIFESTS, undefined, routes);
    assert.deepEqual(brief(found), [
      "26:25 port-owned-by-other-service port 18096 belongs to 'notification' (http); 'gateway' uses 18091 for http",
      "11:17 port-owned-by-other-service nodePort 30096 reaches host port 18096 through the kind config (deploy/kind-config.yaml:11): port 18096 belongs to 'notification' (http); 'gateway' uses 18091 for http",
    ]);
    const routed = found[1];
    assert.equal(routed.data, undefined, 'no quick fix replaces a nodePort by a host port');
    assert.deepEqual(routed.related?.[0], {
      file: 'deploy/kind-config.yaml',
      range: { start: { line: 10, character: 18 }, end: { line: 10, character: 23 } },
      message: 'extraPortMappings: containerPort 30096 → hostPort 18096',
    });
    // Without the service's kind config a nodePort reaches no host port: only the hostPort is a finding.
    assert.equal(checkFile(config, 'deploy/k8s/gateway.yaml', MANIFESTS).length, 1);
    const ignored = MANIFESTS.replace('nodePort: 30096', 'nodePort: 30096 # berth-ignore');
    assert.equal(checkFile(config, 'deploy/k8s/gateway.yaml', ignored, undefined, routes).length, 1);
  });

  test('berth check reads the kind config and reports the routed nodePort, located, exit 1', async () => {
    const root = tempWorkspace({
      'berth.yaml': BERTH,
      'deploy/kind-config.yaml': KIND,
      'deploy/k8s/gateway.yaml': MANIFESTS,
    });
    const r = await runCommand(check, ['--root', root, '--format', 'json'], root);
    assert.equal(r.code, 1, r.err);
    const rows = (JSON.parse(r.out) as { file: string; line: number; message: string }[]).map(
      (f) => `${f.file}:${f.line} ${f.message.split(':')[0]}`,
    );
    assert.deepEqual(rows.sort(), [
      'deploy/k8s/gateway.yaml:11 nodePort 30096 reaches host port 18096 through the kind config (deploy/kind-config.yaml',
      "deploy/k8s/gateway.yaml:26 port 18096 belongs to 'notification' (http); 'gateway' uses 18091 for http",
      "deploy/kind-config.yaml:11 port 18096 belongs to 'notification' (http); 'gateway' uses 18091 for http",
      "deploy/kind-config.yaml:4 port 18097 is not allocated to any service in berth.yaml (it lies in the http range 18090-18119; 'gateway' uses 18091 for http)",
    ]);
  });
});
