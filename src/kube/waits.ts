// depends_on as initContainers. A long-running dependency is waited for through its Service: a ClusterIP
// Service routes only to ready pods, so a TCP connect succeeds once its readinessProbe passes; one without
// ports gets a headless Service, whose name resolves only while a pod is ready. A one-shot (a Job) is waited
// for with `kubectl wait --for=condition=complete`, through a ServiceAccount allowed to read the service's Jobs.
import type { ResolvedStep } from '../stack/resolve';
import { dnsLabel } from './names';
import type { KubeObject } from './kubeObject';

/** Images of the waiting initContainers: busybox has nc and nslookup; kubectl waits for a Job. */
export const WAIT_IMAGE = 'busybox:stable';
export const KUBECTL_IMAGE = 'bitnami/kubectl:1.31';

export interface WaitTarget {
  /** The dependency's Kubernetes name (its Service's and its Deployment's or Job's). */
  name: string;
  oneShot: boolean;
  /** A container port its Service publishes (the first), for the TCP wait. */
  port?: number;
  timeoutMs: number;
}

export interface WaitContainer {
  container: Record<string, unknown>;
  /** Needs the Kubernetes API (the pod then runs as the wait ServiceAccount). */
  usesApi: boolean;
}

export function waitContainers(step: ResolvedStep, targets: ReadonlyMap<string, WaitTarget>): WaitContainer[] {
  const out: WaitContainer[] = [];
  for (const dep of step.def.dependsOn) {
    const t = targets.get(dep.step);
    if (!t) continue;
    const name = `wait-for-${t.name}`.slice(0, 63).replace(/-+$/, '');
    if (t.oneShot) {
      // "started" on a one-shot asks nothing Kubernetes does not already do: the Job is created with the rest.
      if (dep.condition === 'started') continue;
      const timeout = `--timeout=${Math.ceil(t.timeoutMs / 1000)}s`;
      out.push({
        container: {
          name,
          image: KUBECTL_IMAGE,
          command: ['kubectl', 'wait', '--for=condition=complete', `job/${t.name}`, timeout],
        },
        usesApi: true,
      });
      continue;
    }
    // The name and port reach sh as its arguments ($1, $2), never as script text.
    const [check, args] =
      t.port !== undefined ? ['nc -z -w 1 "$1" "$2"', [t.name, String(t.port)]] : ['nslookup "$1"', [t.name]];
    const script = `until ${check} >/dev/null 2>&1; do echo "waiting for $1"; sleep 1; done`;
    const command = ['sh', '-c', script, 'wait', ...args];
    out.push({ container: { name, image: WAIT_IMAGE, command }, usesApi: false });
  }
  return out;
}

/** The headless Services of port-less dependencies, and the ServiceAccount, Role and RoleBinding of Job waits. */
export function waitAccess(
  service: string,
  steps: readonly ResolvedStep[],
  targets: ReadonlyMap<string, WaitTarget>,
): { objects: KubeObject[]; serviceAccount?: string } {
  const objects: KubeObject[] = [];
  const part = dnsLabel(service);
  const labels = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': part });
  const meta = (name: string) => ({ name, labels: { ...labels(name), 'app.kubernetes.io/managed-by': 'berth' } });
  const deps = steps.flatMap((s) => s.def.dependsOn.map((d) => ({ d, t: targets.get(d.step) })));
  const headless = new Set<string>();
  for (const { t } of deps)
    if (t && !t.oneShot && t.port === undefined && !headless.has(t.name)) {
      headless.add(t.name);
      objects.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta(t.name),
        spec: { clusterIP: 'None', selector: labels(t.name) },
      });
    }
  if (!deps.some(({ d, t }) => t?.oneShot && d.condition !== 'started')) return { objects };
  const sa = `${part}-berth-wait`.slice(0, 63);
  objects.unshift(
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(sa) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(sa),
      rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(sa),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: sa },
      subjects: [{ kind: 'ServiceAccount', name: sa }],
    },
  );
  return { objects, serviceAccount: sa };
}
