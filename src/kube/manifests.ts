// A service's stack as Kubernetes manifests: a Deployment per long-running step, a Job per one-shot, a
// Service per step that publishes ports (named after the step, so the names the steps reach each other by
// keep working as cluster DNS names), the readiness probe as readinessProbe, depends_on as initContainers
// that wait for the dependency, environment and bind-mounted files as ConfigMaps and Secrets. With a kind
// cluster, the Services are NodePorts and the kind config maps the allocated host ports onto them.
// Pure: bind-mounted files are read beforehand (files.ts). What cannot be carried is a note, never dropped.
import { relative } from 'node:path';
import type { ResolvedStack, ResolvedStep } from '../stack/resolve';
import { dnsLabel, configMapKey, isSecretName } from './names';
import { readinessProbe } from './probe';
import { splitBind, type BindContent } from './files';
import { assignNodePorts, kindClusterConfig, type PortMappingPlan } from './kindCluster';
import { waitContainers, waitAccess, type WaitTarget } from './waits';

import type { KubeObject } from './kubeObject';

export type { KubeObject };

export interface KubeExportInput {
  stack: ResolvedStack;
  /** Workspace root: notes name files relative to it. */
  root: string;
  files: ReadonlyMap<string, BindContent>;
  /** Export for this kind cluster: NodePort Services and a kind cluster config. */
  kindCluster?: string;
  /** Readiness deadline of a step without its own `timeout`. */
  defaultTimeoutMs: number;
}

export interface KubeExport {
  objects: KubeObject[];
  kindConfig?: Record<string, unknown>;
  /** What could not be carried over, one sentence each. */
  notes: string[];
}

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'berth' };

export function exportKube(input: KubeExportInput): KubeExport {
  const { stack } = input;
  const service = stack.service.name;
  const notes: string[] = [];
  const order = stack.waves.flat();
  const steps = order.map((n) => stack.steps.find((s) => s.name === n)).filter((s) => s !== undefined);
  const names = new Map(steps.map((s) => [s.name, dnsLabel(s.name)]));
  for (const [step, name] of names)
    if (name !== step)
      notes.push(
        `step "${step}" is named "${name}" in Kubernetes (a DNS label): what reaches it as "${step}" must use "${name}"`,
      );
  // The NodePorts the service's own kind config already maps its host ports to are kept.
  const mapped = new Map((stack.service.kind?.mappings ?? []).map((m) => [m.hostPort, m.containerPort]));
  const nodePorts = input.kindCluster
    ? assignNodePorts(
        steps.flatMap((s) => s.ports.map((p) => p.hostPort)),
        mapped,
      )
    : undefined;
  const targets = new Map<string, WaitTarget>(
    steps.map((s) => [
      s.name,
      {
        name: names.get(s.name)!,
        oneShot: s.def.runOnce,
        port: s.ports[0]?.containerPort,
        timeoutMs: s.def.timeoutMs ?? input.defaultTimeoutMs,
      },
    ]),
  );
  const objects: KubeObject[] = [];
  const mappings: PortMappingPlan[] = [];
  const access = waitAccess(service, steps, targets);
  objects.push(...access.objects);
  for (const step of steps) {
    const name = names.get(step.name)!;
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': dnsLabel(service) };
    const meta = (n: string) => ({ name: n, labels: { ...labels, ...MANAGED_BY } });
    const timeoutMs = step.def.timeoutMs ?? input.defaultTimeoutMs;
    const env = envObjects(step, name, meta);
    objects.push(...env.objects);
    const vols = volumes(step, name, input, meta, notes);
    objects.push(...vols.objects);
    if (step.def.build)
      notes.push(
        `step "${step.name}" is built from ${step.def.build.context}: build it as ${imageOf(step, service)} and load it into the cluster (kind load docker-image) before applying`,
      );
    if (step.def.containerName)
      notes.push(
        `step "${step.name}": container_name "${step.def.containerName}" is not carried (Kubernetes names the pods)`,
      );
    const probe = readinessProbe(step, step.def.ready, timeoutMs);
    notes.push(...probe.notes);
    const container: Record<string, unknown> = {
      name,
      image: imageOf(step, service),
      ...(step.def.build ? { imagePullPolicy: 'Never' } : {}),
      ...(step.def.entrypoint ? { command: step.def.entrypoint } : {}),
      ...(step.def.command ? { args: step.def.command } : {}),
      ...(step.ports.length
        ? { ports: step.ports.map((p) => ({ containerPort: p.containerPort, protocol: 'TCP' })) }
        : {}),
      ...(env.envFrom.length ? { envFrom: env.envFrom } : {}),
      ...(vols.mounts.length ? { volumeMounts: vols.mounts } : {}),
      ...(probe.probe ? { readinessProbe: probe.probe } : {}),
    };
    const waits = waitContainers(step, targets);
    const annotations = Object.keys(step.def.labels).length ? { annotations: step.def.labels } : {};
    const podSpec: Record<string, unknown> = {
      ...(waits.some((w) => w.usesApi) && access.serviceAccount ? { serviceAccountName: access.serviceAccount } : {}),
      ...(waits.length ? { initContainers: waits.map((w) => w.container) } : {}),
      containers: [container],
      ...(vols.volumes.length ? { volumes: vols.volumes } : {}),
    };
    const template = { metadata: { labels, ...annotations }, spec: podSpec };
    if (step.ports.length) objects.push(serviceObject(step, name, meta(name), labels, nodePorts, mappings));
    if (step.def.runOnce)
      objects.push({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta(name),
        spec: { backoffLimit: 0, template: { ...template, spec: { ...podSpec, restartPolicy: 'Never' } } },
      });
    else
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta(name),
        spec: { replicas: 1, selector: { matchLabels: labels }, template },
      });
  }
  if (!input.kindCluster && steps.some((s) => s.ports.length))
    notes.push(
      `the Services are ClusterIP: the host ports ${steps.flatMap((s) => s.ports.map((p) => p.hostPort)).join(', ')} are not published (export with --kind for a kind config that maps them, or use kubectl port-forward)`,
    );
  if (input.kindCluster && (stack.service.workers ?? 1) > 1)
    notes.push(`workers: ${stack.service.workers}: the kind config maps worker 1's ports only`);
  const kindConfig = input.kindCluster ? kindClusterConfig(input.kindCluster, mappings) : undefined;
  return { objects, ...(kindConfig ? { kindConfig } : {}), notes };
}

function imageOf(step: ResolvedStep, service: string): string {
  return step.def.image ?? `${dnsLabel(service)}-${dnsLabel(step.name)}:berth`;
}

type Meta = (name: string) => { name: string; labels: Record<string, string> };

/** Environment as a ConfigMap, with the variables that look like secrets (passwords, tokens …) in a Secret. */
function envObjects(step: ResolvedStep, name: string, meta: Meta) {
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const kv of step.env) {
    const i = kv.indexOf('=');
    const [k, v] = [kv.slice(0, i), kv.slice(i + 1)];
    (isSecretName(k) ? secret : plain)[k] = v;
  }
  const objects: KubeObject[] = [];
  const envFrom: Record<string, unknown>[] = [];
  if (Object.keys(plain).length) {
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${name}-env`), data: plain });
    envFrom.push({ configMapRef: { name: `${name}-env` } });
  }
  if (Object.keys(secret).length) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(`${name}-env`),
      type: 'Opaque',
      stringData: secret,
    });
    envFrom.push({ secretRef: { name: `${name}-env` } });
  }
  return { objects, envFrom };
}

/** Bind-mounted files as one ConfigMap mounted file by file; named and anonymous volumes as emptyDirs. */
function volumes(step: ResolvedStep, name: string, input: KubeExportInput, meta: Meta, notes: string[]) {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const mounts: Record<string, unknown>[] = [];
  const vols: Record<string, unknown>[] = [];
  const rel = (p: string) => relative(input.root, p).replace(/\\/g, '/') || '.';
  for (const bind of step.binds) {
    const { source, target, readOnly } = splitBind(bind);
    if (step.namedVolumes.includes(source)) {
      const vol = `vol-${dnsLabel(source)}`.slice(0, 63);
      if (!vols.some((v) => v.name === vol)) vols.push({ name: vol, emptyDir: {} });
      mounts.push({ name: vol, mountPath: target, ...(readOnly ? { readOnly } : {}) });
      notes.push(
        `step "${step.name}": named volume "${source}" becomes an emptyDir (its data does not outlive the pod)`,
      );
      continue;
    }
    const content = input.files.get(source);
    const why =
      !content || content.kind === 'unreadable'
        ? `cannot be read${content ? ` (${content.error})` : ''}`
        : content.kind === 'directory'
          ? 'is a directory (a ConfigMap holds files: bake it into the image or mount a volume)'
          : content.kind === 'too-large'
            ? `holds ${content.bytes} bytes, beyond a ConfigMap's 1 MiB`
            : undefined;
    if (why || !content || (content.kind !== 'text' && content.kind !== 'binary')) {
      notes.push(`step "${step.name}": bind mount ${rel(source)} → ${target} is not carried: it ${why}`);
      continue;
    }
    let key = configMapKey(source.split(/[\\/]/).pop() ?? 'file');
    for (let n = 2; key in data || key in binaryData; n++)
      key = `${n}-${configMapKey(source.split(/[\\/]/).pop() ?? 'file')}`;
    if (content.kind === 'text') data[key] = content.text;
    else binaryData[key] = content.base64;
    mounts.push({ name: 'files', mountPath: target, subPath: key, ...(readOnly ? { readOnly } : {}) });
  }
  step.anonymousVolumes.forEach((target, i) => {
    vols.push({ name: `anon-${i + 1}`, emptyDir: {} });
    mounts.push({ name: `anon-${i + 1}`, mountPath: target });
  });
  const objects: KubeObject[] = [];
  if (mounts.some((m) => m.name === 'files')) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${name}-files`),
      ...(Object.keys(data).length ? { data } : {}),
      ...(Object.keys(binaryData).length ? { binaryData } : {}),
    });
    vols.unshift({ name: 'files', configMap: { name: `${name}-files` } });
  }
  return { objects, mounts, volumes: vols };
}

function serviceObject(
  step: ResolvedStep,
  name: string,
  metadata: ReturnType<Meta>,
  selector: Record<string, string>,
  nodePorts: Map<number, number> | undefined,
  mappings: PortMappingPlan[],
): KubeObject {
  const ports = step.ports.map((p) => {
    const nodePort = nodePorts?.get(p.hostPort);
    if (nodePort !== undefined) mappings.push({ hostPort: p.hostPort, nodePort, listenAddress: p.hostIp });
    return {
      name: dnsLabel(p.role ?? `port-${p.containerPort}`),
      port: p.containerPort,
      targetPort: p.containerPort,
      protocol: 'TCP',
      ...(nodePort !== undefined ? { nodePort } : {}),
    };
  });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: { ...(nodePorts ? { type: 'NodePort' } : {}), selector, ports },
  };
}
