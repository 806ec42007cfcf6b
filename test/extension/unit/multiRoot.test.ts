// Multi-root workspaces without VS Code: the tree with a row per folder (and none with one folder), the status bar
// summed over the folders with a line per folder, and which folder a command acts in.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBerthYaml } from '../../../src/core/berthYaml';
import type { BerthConfig } from '../../../src/core/types';
import type { ServiceContainer } from '../../../src/model/container';
import { buildStatus } from '../../../src/model/status';
import { buildTree, findNode } from '../../../src/extension/tree/buildTree';
import { workspaceTree, type FolderTree } from '../../../src/extension/tree/folderNode';
import type { EngineView } from '../../../src/extension/tree/engineNode';
import type { TreeNode } from '../../../src/extension/tree/node';
import { statusSummary } from '../../../src/extension/statusSummary';
import { chooseFolder, sharedServiceNames, type FolderServices } from '../../../src/extension/folderChoice';

const A = 'file:///work/shop';
const B = 'file:///work/ledger';
/** A service with a one-step stack on its http port. */
const stacked = (name: string, port: number) => `  ${name}:
    ports: { http: ${port} }
    stack:
      web: { image: busybox:stable, ports: ["http:8080"] }
`;
const shopYaml = `version: 1\nservices:\n${stacked('we', 18097)}  hapi:\n    ports: { http: 18098 }\n`;
const ledgerYaml = `version: 1\nservices:\n${stacked('ledger', 18190)}`;

function parse(text: string): BerthConfig {
  const r = parseBerthYaml(text);
  assert.ok(r.config, JSON.stringify(r.findings));
  return r.config;
}

const engine: EngineView = {
  state: 'connected',
  kind: 'docker',
  version: '27.0',
  socket: '/var/run/docker.sock',
} as EngineView;

function running(service: string, id: string, port: number): ServiceContainer {
  return {
    id,
    name: `berth-${service}-web`,
    service,
    step: 'web',
    image: 'busybox:stable',
    state: 'running',
    health: 'healthy',
    ports: [{ hostPort: port, containerPort: 8080 }],
    labels: { 'berth.service': service, 'berth.step': 'web' },
  };
}

/** One folder as session.ts builds it: its own status model and tree from the shared engine report. */
function folder(key: string, name: string, config: BerthConfig, containers: ServiceContainer[]): FolderTree {
  const model = buildStatus(
    config,
    { engine: { state: 'connected', kind: 'docker' }, containers: [], services: containers },
    new Map(),
  );
  return {
    key,
    name,
    path: new URL(key).pathname,
    roots: buildTree({ engine, config, services: model.services, now: 0 }),
    services: model.services,
  };
}

const labels = (ns: TreeNode[]) => ns.map((n) => `${n.kind}:${n.label}`);

describe('the tree of a multi-root workspace', () => {
  const shop = folder(A, 'shop', parse(shopYaml), [running('we', 'a1', 18097)]);
  const ledger = folder(B, 'ledger', parse(ledgerYaml), []);

  test('one folder: no folder level, every row knows its folder', () => {
    const roots = workspaceTree([shop]);
    assert.deepEqual(labels(roots).slice(1), ['service:we', 'service:hapi']);
    assert.equal(roots[0]!.kind, 'engine');
    assert.equal(findNode(roots, 'service:we')?.ref.folder, A);
    assert.equal(findNode(roots, 'service:we/port:http')?.ref.folder, A);
    assert.equal(roots[0]!.ref.folder, undefined, 'the engine row serves every folder');
  });

  test('two folders: the engine row, then a row per folder with its own services beneath', () => {
    const roots = workspaceTree([shop, ledger]);
    assert.deepEqual(labels(roots), ['engine:' + roots[0]!.label, 'folder:shop', 'folder:ledger']);
    const [, shopRow, ledgerRow] = roots;
    assert.deepEqual(labels(shopRow!.children), ['service:we', 'service:hapi']);
    assert.deepEqual(labels(ledgerRow!.children), ['service:ledger']);
    assert.equal(shopRow!.description, '1/1 stack healthy');
    assert.equal(ledgerRow!.description, 'no stacks running');
    assert.equal(ledgerRow!.contextValue, 'folder');
    // Ids stay unique across folders; the rows' commands get the folder with the service.
    const ledgerSvc = ledgerRow!.children[0]!;
    assert.equal(ledgerSvc.id, `folder:${B}/service:ledger`);
    assert.deepEqual(ledgerSvc.ref, { service: 'ledger', folder: B });
    assert.ok(findNode(roots, `folder:${B}/service:ledger/port:http`));
    const ids = new Set<string>();
    const walk = (n: TreeNode) => (
      assert.ok(!ids.has(n.id), `duplicate id ${n.id}`),
      ids.add(n.id),
      n.children.forEach(walk)
    );
    roots.forEach(walk);
  });

  test('a service name two folders declare says so on its rows', () => {
    const twin = folder(B, 'ledger', parse(shopYaml.replace(/1809/g, '1819')), []);
    const shared = sharedServiceNames([
      { key: A, name: 'shop', services: ['we', 'hapi'] },
      { key: B, name: 'ledger', services: ['we', 'hapi'] },
    ]);
    const roots = workspaceTree([
      { ...shop, shared: shared.get(A) },
      { ...twin, shared: shared.get(B) },
    ]);
    assert.match(
      findNode(roots, `folder:${A}/service:we`)!.tooltip!,
      /also a service of ledger: on one engine both use the same containers/,
    );
    assert.match(findNode(roots, `folder:${B}/service:hapi`)!.tooltip!, /also a service of shop/);
  });
});

describe('the status bar of a multi-root workspace', () => {
  test('sums the folders and lists each in the tooltip', () => {
    const shop = folder(A, 'shop', parse(shopYaml), [running('we', 'a1', 18097)]);
    const ledger = folder(B, 'ledger', parse(ledgerYaml), [running('ledger', 'b1', 18190)]);
    const s = statusSummary(engine, [
      { name: 'shop', services: shop.services },
      { name: 'ledger', services: ledger.services },
    ]);
    assert.equal(s.text, '$(pass) 2/2 stacks healthy');
    assert.equal(
      s.tooltip,
      [
        'Berth: click to show the services',
        'shop: 1/1 stack healthy',
        '  we: 1/1 healthy',
        '  hapi: no stack',
        'ledger: 1/1 stack healthy',
        '  ledger: 1/1 healthy',
      ].join('\n'),
    );
  });

  test('one folder: the tooltip has no folder lines', () => {
    const shop = folder(A, 'shop', parse(shopYaml), []);
    assert.equal(
      statusSummary(engine, [{ name: 'shop', services: shop.services }]).tooltip,
      'Berth: click to show the services\nwe: not running\nhapi: no stack',
    );
  });
});

describe('which folder a command acts in', () => {
  const folders: FolderServices[] = [
    { key: A, name: 'shop', services: ['we', 'hapi'] },
    { key: B, name: 'ledger', services: ['ledger', 'hapi'] },
  ];

  test('the folder the target names (tree row, CodeLens, compose file)', () => {
    assert.deepEqual(chooseFolder(folders, { folder: B, service: 'ledger' }), { kind: 'one', key: B });
    assert.deepEqual(chooseFolder(folders, { folder: A }), { kind: 'one', key: A });
    assert.deepEqual(chooseFolder(folders, { folder: A, service: 'ledger' }), {
      kind: 'none',
      error: 'berth.yaml of shop has no service "ledger".',
    });
    assert.equal(chooseFolder(folders, { folder: 'file:///elsewhere' }).kind, 'none');
  });

  test('a service name only one folder has needs no question; a shared one asks among those that have it', () => {
    assert.deepEqual(chooseFolder(folders, { service: 'ledger' }), { kind: 'one', key: B });
    assert.deepEqual(chooseFolder(folders, { service: 'hapi' }), { kind: 'ask', keys: [A, B] });
    assert.deepEqual(chooseFolder(folders, { service: 'nope' }), {
      kind: 'none',
      error: 'no berth.yaml of this workspace has a service "nope".',
    });
  });

  test('no target: one folder is the answer, several are a question', () => {
    assert.deepEqual(chooseFolder(folders.slice(0, 1), {}), { kind: 'one', key: A });
    assert.deepEqual(chooseFolder(folders, {}), { kind: 'ask', keys: [A, B] });
    assert.deepEqual(chooseFolder(folders.slice(0, 1), { service: 'nope' }), {
      kind: 'none',
      error: 'berth.yaml has no service "nope".',
    });
    assert.equal(chooseFolder([], {}).kind, 'none');
  });
});
