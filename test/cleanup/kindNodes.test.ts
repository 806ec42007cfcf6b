// test-needs: engine
// kind clusters on real Docker AND Podman, without kind: busybox containers carrying kind's node labels
// (io.x-k8s.kind.cluster, io.x-k8s.kind.role) and publishing 127.0.0.1:HOSTPORT:NODEPORT as kind's
// extraPortMappings do. `berth status` shows the service's own cluster serving its ports (with role and
// nodePort) and another cluster's node holding one as foreign; the cleanup plan offers the own cluster's
// nodes unselected, saying that removing one ends the cluster, and never offers the other cluster's node.
// A host port the service's kind config maps without berth.yaml allocating it is the service's port too.
// Ports: docker 28700-28709, podman 28720-28729.
import { after, before, describe, test } from 'node:test';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { run as status } from '../../src/cli/status';
import { defaultSelection, planCleanup } from '../../src/cleanup/plan';
import type { Engine } from '../../src/engine/connection';
import { runCommand } from '../support/cli';
import { closeClean, connectClean, testEngines } from '../support/engines';
import { rawDocker } from '../support/rawDocker';
import { loadWorkspace } from '../../src/host/workspaceFiles';
import { TEST_LABEL, workspace } from './helpers';

const BASE = { docker: 28700, podman: 28720 } as const;

for (const { kind, host } of testEngines()) {
  const P = BASE[kind];
  const tag = `cleanup-kind-${kind}`;
  const own = `berth-e2e-${kind}`;
  const other = `berth-other-${kind}`;
  describe(`kind clusters on ${kind}`, () => {
    let engine: Engine;
    let root: string;
    const ids: Record<string, string> = {};

    /** A kind-like node: kind's labels, the mapping bound on 127.0.0.1 as kind binds it, httpd on the nodePort. */
    const node = async (name: string, cluster: string, role: string, maps: [number, number][], start = true) => {
      const bindings = Object.fromEntries(
        maps.map(([h, n]) => [`${n}/tcp`, [{ HostIp: '127.0.0.1', HostPort: String(h) }]]),
      );
      const c = await rawDocker(engine).createContainer({
        name,
        Image: 'busybox:stable',
        Cmd: ['httpd', '-f', '-p', String(maps[0]?.[1] ?? 30000)],
        Labels: { 'io.x-k8s.kind.cluster': cluster, 'io.x-k8s.kind.role': role, [TEST_LABEL]: tag },
        ExposedPorts: Object.fromEntries(maps.map(([, n]) => [`${n}/tcp`, {}])),
        // kind's node image has no HEALTHCHECK; the offline busybox's is switched off to match.
        Healthcheck: { Test: ['NONE'] },
        HostConfig: { PortBindings: bindings },
      });
      if (start) await c.start();
      return c.id;
    };

    before(async () => {
      engine = await connectClean(kind, TEST_LABEL, tag);
      ({ root } = await workspace(`version: 1
services:
  gateway:
    ports: { http: ${P + 1}, admin: ${P + 2} }
    kind: { cluster: ${own}, config: kind-config.yaml }
`));
      // The kind config maps one more host port than berth.yaml allocates: it is gateway's too.
      const mappings = [
        [P + 1, 30080],
        [P + 3, 30090],
      ].map(([h, n]) => `      - { containerPort: ${n}, hostPort: ${h}, listenAddress: 127.0.0.1 }`);
      await writeFile(
        join(root, 'kind-config.yaml'),
        `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n    extraPortMappings:\n${mappings.join('\n')}\n`,
      );
      ids.cp = await node(`${own}-control-plane`, own, 'control-plane', [
        [P + 1, 30080],
        [P + 3, 30090],
      ]);
      ids.worker = await node(`${own}-worker`, own, 'worker', [], false);
      ids.other = await node(`${other}-control-plane`, other, 'control-plane', [[P + 2, 30081]]);
    });
    after(async () => {
      await closeClean(engine, TEST_LABEL, tag);
      if (root) await rm(root, { recursive: true, force: true });
    });

    test('status: the own cluster serves its mapped ports (also one only its kind config maps); another cluster holds one', async () => {
      const r = await runCommand(status, ['--json', '--host', host, '--root', root], '/');
      assert.equal(r.code, 0, r.err);
      const gw = JSON.parse(r.out).services.find((s: { name: string }) => s.name === 'gateway');
      assert.deepEqual(
        gw.ports.map((p: { role: string; port: number; state: string; detail: string }) => [
          p.role,
          p.port,
          p.state,
          p.detail,
        ]),
        [
          ['http', P + 1, 'served', `served by kind cluster ${own} (control-plane, nodePort 30080)`],
          [
            'admin',
            P + 2,
            'foreign',
            `held by kind cluster ${other} (control-plane, nodePort 30081), which no berth.yaml service names`,
          ],
          ['kind:30090', P + 3, 'served', `served by kind cluster ${own} (control-plane, nodePort 30090)`],
        ],
      );
      // The cluster's nodes are the service's containers; the other cluster's node is nobody's.
      assert.deepEqual(gw.containers.map((c: { name: string; summary: string }) => [c.name, c.summary]).sort(), [
        [`${own}-control-plane`, `running · kind control-plane node of cluster ${own}`],
        [`${own}-worker`, `created · kind worker node of cluster ${own}`],
      ]);
    });

    test('cleanup: the own nodes are offered unselected as the end of the cluster; the other node is never offered', async () => {
      // As berth clean loads it: with the kind config's mappings.
      const loaded = await loadWorkspace(root);
      assert.ok('parse' in loaded && loaded.parse.config);
      const plan = await planCleanup({ engine, config: loaded.parse.config, service: 'gateway' });
      assert.deepEqual(
        plan.ports.map((p) => [p.port, p.role]),
        [
          [P + 1, 'http'],
          [P + 2, 'admin'],
          [P + 3, 'kind:30090'],
        ],
      );
      const byContainer = (id: string) => plan.items.find((i) => i.container?.id === id);
      for (const id of [ids.cp, ids.worker]) {
        const item = byContainer(id);
        assert.ok(item, `an item for ${id.slice(0, 12)}: ${JSON.stringify(plan.items.map((i) => i.why))}`);
        assert.equal(item.action, 'remove-container');
        assert.equal(item.preselected, false);
        assert.match(item.risk ?? '', new RegExp(`ends the whole kind cluster ${own}`));
      }
      assert.equal(byContainer(ids.other), undefined);
      const otherPort = plan.items.filter((i) => i.ports.includes(P + 2));
      assert.ok(otherPort.length > 0 && otherPort.every((i) => i.action === 'none'), JSON.stringify(otherPort));
      assert.ok(otherPort.some((i) => new RegExp(`kind cluster ${other}.*never touched`).test(i.why)));
      assert.deepEqual(defaultSelection(plan), []);
      assert.deepEqual(defaultSelection(plan, { includeForeign: true }), []);
    });
  });
}
