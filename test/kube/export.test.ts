// `berth export kube`: examples/demo's inline stack, a compose-file stack and a stack with one-shots, written
// by the CLI command itself. Each output is compared with its reviewed snapshot (test/kube/snapshots/), and
// checked apart from it: every object valid against its Kubernetes schema, the kind config against kind's
// v1alpha4 schema, a readinessProbe for every step whose probe Kubernetes can run, a Job for every one-shot,
// and the kind config's host ports equal to the service's allocations.
// BERTH_UPDATE_SNAPSHOTS=1 rewrites the snapshots (review the diff).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseAllDocuments } from 'yaml';
import { run } from '../../src/cli/export';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { kindConfigErrors, kubeErrors } from './validate';

const REPO = join(__dirname, '..', '..');
const SNAPSHOTS = join(__dirname, 'snapshots');
const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

async function exportCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += String(d)));
  err.on('data', (d) => (stderr += String(d)));
  const code = await run(args, { stdout: out, stderr: err, stdin: new PassThrough(), cwd: REPO });
  return { code, stdout, stderr };
}

function matchSnapshot(name: string, text: string): void {
  const path = join(SNAPSHOTS, name);
  if (process.env.BERTH_UPDATE_SNAPSHOTS === '1') writeFileSync(path, text);
  assert.equal(text, readFileSync(path, 'utf8'), `${name} differs from its snapshot`);
}

type Obj = Record<string, any>;
const docs = (text: string): Obj[] => parseAllDocuments(text).map((d) => d.toJS() as Obj);
const pod = (o: Obj): Obj => o.spec.template.spec;

interface Case {
  title: string;
  root: string;
  service: string;
  /** Steps whose probe Kubernetes can run (exec, http, tcp): each must have a readinessProbe. */
  probed: string[];
  oneShots: string[];
  /** [hostPort, nodePort] the service's kind config maps. */
  keptNodePorts?: [number, number][];
}

const CASES: Case[] = [
  {
    title: "examples/demo's workflowexecution (inline stack)",
    root: 'examples/demo',
    service: 'workflowexecution',
    probed: ['postgres', 'redis', 'datastorage'],
    oneShots: ['migrations'],
  },
  {
    title: 'a compose-file stack (hapi)',
    root: 'test/kube/fixtures/compose',
    service: 'hapi',
    probed: ['postgres', 'redis'],
    oneShots: ['migrate'],
    keptNodePorts: [[18098, 30098]],
  },
  {
    title: 'one-shots, a port-less dependency and probes Kubernetes cannot run (notification)',
    root: 'test/kube/fixtures/oneshot',
    service: 'notification',
    probed: ['mail-sink', 'api'],
    oneShots: ['seed'],
  },
];

describe('berth export kube', () => {
  for (const c of CASES)
    test(c.title, async () => {
      const out = mkdtempSync(join(tmpdir(), 'berth-kube-'));
      temps.push(out);
      const res = await exportCli(['kube', c.service, '--kind', '--root', c.root, '--out', out]);
      assert.equal(res.code, 0, res.stderr);
      const manifests = readFileSync(join(out, `${c.service}.yaml`), 'utf8');
      const kind = readFileSync(join(out, 'kind-config.yaml'), 'utf8');
      matchSnapshot(`${c.service}.yaml`, manifests);
      matchSnapshot(`${c.service}.kind-config.yaml`, kind);

      const objects = docs(manifests);
      assert.deepEqual(objects.flatMap(kubeErrors), []);
      const [cluster] = docs(kind);
      assert.deepEqual(kindConfigErrors(cluster), []);

      const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
      const byName = new Map(workloads.map((o) => [o.metadata.name as string, o]));
      for (const step of c.probed)
        assert.ok(pod(byName.get(step)!).containers[0].readinessProbe, `${step} has a readinessProbe`);
      assert.deepEqual(
        workloads.filter((o) => o.kind === 'Job').map((o) => o.metadata.name),
        c.oneShots,
      );
      for (const job of c.oneShots) assert.equal(pod(byName.get(job)!).restartPolicy, 'Never');

      // The kind config maps exactly the service's allocated host ports, each onto a Service's nodePort.
      const config = parseBerthYaml(readFileSync(join(REPO, c.root, 'berth.yaml'), 'utf8')).config!;
      const allocated = config.services.find((s) => s.name === c.service)!.ports.map((p) => p.port);
      const mappings = (cluster.nodes as Obj[]).flatMap((n) => n.extraPortMappings as Obj[]);
      const published = objects.filter((o) => o.kind === 'Service').flatMap((s) => s.spec.ports ?? []);
      assert.deepEqual(mappings.map((m) => m.hostPort).sort(), [...allocated].sort());
      // A host port the service's own kind config already maps keeps that NodePort.
      for (const [host, nodePort] of c.keptNodePorts ?? [])
        assert.equal(mappings.find((m) => m.hostPort === host)?.containerPort, nodePort);
      const nodePorts = new Set(published.map((p: Obj) => p.nodePort));
      for (const m of mappings) assert.ok(nodePorts.has(m.containerPort), `nodePort ${m.containerPort} is a Service's`);
    });

  test('without --kind: ClusterIP Services, no kind config, the same workloads; stdout holds the manifests', async () => {
    const res = await exportCli(['kube', 'workflowexecution', '--root', 'examples/demo']);
    assert.equal(res.code, 0, res.stderr);
    const objects = docs(res.stdout);
    assert.deepEqual(objects.flatMap(kubeErrors), []);
    for (const s of objects.filter((o) => o.kind === 'Service')) {
      assert.equal(s.spec.type, undefined);
      assert.ok(s.spec.ports.every((p: Obj) => p.nodePort === undefined));
    }
    assert.match(res.stderr, /the Services are ClusterIP: the host ports 15441, 16388, 18097 are not published/);
  });

  test('bad usage, an unknown service and a service without a stack are said, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['helm', 'x'], /unknown export target 'helm' \(known: kube\)/],
      [['kube'], /missing <service>/],
      [['kube', 'workflowexecution', '--kind', '--root', 'examples/demo'], /--kind writes .*give --out DIR/],
      [['kube', 'nope', '--root', 'examples/demo'], /no service "nope" in berth.yaml \(services: datastorage,/],
      [['kube', 'gateway', '--root', 'examples/demo'], /service "gateway" has no stack/],
      [['kube', 'workflowexecution', '--root', 'examples/demo', '--timeout', '0'], /--timeout must be a positive/],
    ];
    for (const [args, message] of cases) {
      const res = await exportCli(args);
      assert.equal(res.code, 2, args.join(' '));
      assert.match(res.stderr, message);
    }
  });
});

describe('the validators reject what Kubernetes and kind would', () => {
  test('a Deployment with a string period and without selector; a Service port out of range', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { template: { spec: { containers: [{ name: 'x', image: 'i', readinessProbe: { periodSeconds: '1' } }] } } },
    };
    assert.match(
      kubeErrors(deployment).join('\n'),
      /must have required property selector.*periodSeconds must be integer/,
    );
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 'http' }] } };
    assert.match(kubeErrors(svc).join('\n'), /port must be integer/);
    assert.match(kubeErrors({ apiVersion: 'v9', kind: 'Nope' }).join(), /no schema/);
  });

  test('a kind config with an unknown field, a string hostPort or another apiVersion', () => {
    const base = { kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4' };
    assert.deepEqual(kindConfigErrors(base), []);
    assert.match(
      kindConfigErrors({ ...base, nodes: [{ role: 'control-plane', extraPortMapping: [] }] }).join(),
      /additional/,
    );
    assert.match(
      kindConfigErrors({
        ...base,
        nodes: [{ extraPortMappings: [{ containerPort: 30080, hostPort: '8080' }] }],
      }).join(),
      /hostPort must be integer/,
    );
    assert.match(kindConfigErrors({ ...base, apiVersion: 'kind.x-k8s.io/v1alpha3' }).join(), /constant/);
  });
});
