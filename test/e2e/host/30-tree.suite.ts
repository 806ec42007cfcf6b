// The Services tree lists the demo's services with their allocated ports, and the engine it reached.
import assert from 'node:assert/strict';
import { berthApi, serviceNode, waitTree, workspaceConfig } from './support';

describe('services tree', () => {
  it("lists every service of the demo's berth.yaml with its ports", async () => {
    const api = await berthApi();
    const config = await workspaceConfig();
    const roots = await waitTree(api, 'every service listed', (r) =>
      config.services.every((s) => serviceNode(r, s.name)),
    );
    for (const s of config.services) {
      const node = serviceNode(roots, s.name)!;
      const ports = node.children.find((c) => c.kind === 'ports');
      assert.ok(ports, `${s.name} has no Ports group`);
      const labels = ports.children.map((p) => p.label);
      for (const a of s.ports)
        assert.ok(
          labels.includes(`${a.role} ${a.port}`),
          `${s.name}: no row "${a.role} ${a.port}" in ${JSON.stringify(labels)}`,
        );
    }
  });

  it('shows the engine set in berth.engine.host as connected', async () => {
    const api = await berthApi();
    const roots = await waitTree(
      api,
      'the engine connected',
      (r) => r[0]?.kind === 'engine' && r[0].icon.id === 'vm-running',
    );
    const kind = process.env.BERTH_E2E_ENGINE_KIND;
    assert.match(
      roots[0]!.label,
      kind === 'podman' ? /^Podman\b/ : kind === 'docker' ? /^Docker\b/ : /^(Docker|Podman)\b/,
    );
  });
});
