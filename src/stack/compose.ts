// Reads the practical subset of a compose file into stack steps, so the same planner and probes run it
// (honouring service_healthy, which podman-compose ignores). Pure: the caller reads the file.
import { isMap, isScalar, isSeq, parseDocument, visit, type Pair } from 'yaml';
import { LineIndex } from '../core/text';
import type { DependsCondition, Finding, PortAllocation, Probe, StepDef, StepPort } from '../core/types';
import {
  FindingSink,
  checkDependencies,
  emptyStep,
  readCommand,
  readCommonStepKey,
  readDuration,
  readString,
  type DependsRef,
} from '../core/stackDef';

export interface ComposeContext {
  /** Compose file path relative to the root (for findings). */
  file: string;
  /** Variables for ${VAR} interpolation (the environment, then the compose directory's .env). */
  variables?: Record<string, string | undefined>;
  service: string;
  /** Every allocation of berth.yaml: published ports must be the service's own. */
  allocations: PortAllocation[];
}

const IGNORED = new Set([
  'networks',
  'restart',
  'deploy',
  'stop_signal',
  'stop_grace_period',
  'profiles',
  'platform',
  'pull_policy',
  'hostname',
  'user',
  'working_dir',
  'tmpfs',
  'ulimits',
  'expose',
  'logging',
  'extra_hosts',
  'shm_size',
]);
const CONDITION: Record<string, DependsCondition> = {
  service_started: 'started',
  service_healthy: 'ready',
  service_completed_successfully: 'completed',
};

function value(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** Compose's healthcheck.test → an exec probe Berth runs itself (no interval to wait for). */
function healthcheckProbe(node: unknown, sink: FindingSink): Probe | undefined | 'disabled' {
  if (!isMap(node)) {
    sink.add(node, 'healthcheck must be a map', 'schema');
    return undefined;
  }
  let test: string[] | undefined;
  for (const p of node.items as Pair[]) {
    const k = value(p.key);
    if (k === 'disable' && value(p.value) === true) return 'disabled';
    if (k !== 'test') continue;
    if (isSeq(p.value)) {
      const words = readCommand(p.value, sink, 'healthcheck.test') ?? [];
      const [head, ...rest] = words;
      if (head === 'NONE') return 'disabled';
      if (head === 'CMD') test = rest;
      else if (head === 'CMD-SHELL') test = ['/bin/sh', '-c', rest.join(' ')];
      else sink.add(p.value, 'healthcheck.test must start with CMD, CMD-SHELL or NONE', 'schema');
    } else {
      const s = readString(p.value, sink, 'healthcheck.test');
      if (s !== undefined) test = ['/bin/sh', '-c', s];
    }
  }
  return test && test.length > 0 ? { kind: 'exec', command: test } : undefined;
}

function readComposePorts(node: unknown, sink: FindingSink, ctx: ComposeContext, step: string): StepPort[] {
  const out: StepPort[] = [];
  if (!isSeq(node)) {
    sink.add(node, 'ports must be a list', 'schema');
    return out;
  }
  for (const item of node.items) {
    let hostIp: string | undefined;
    let hostPort: number | undefined;
    let containerPort: number | undefined;
    if (isMap(item)) {
      for (const p of item.items as Pair[]) {
        const k = value(p.key);
        const v = value(p.value);
        if (k === 'target') containerPort = Number(v);
        else if (k === 'published') hostPort = Number(v);
        else if (k === 'host_ip') hostIp = String(v);
      }
    } else {
      const s = readString(item, sink, 'a ports entry');
      if (s === undefined) continue;
      const m = /^(?:(?:\[([^\]]+)\]|([^:]+)):)??(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/.exec(s.trim());
      if (!m || m[5] === 'udp') {
        sink.add(
          item,
          `ports entry "${s}" is not supported (expected [ip:]host:container, TCP, no ranges)`,
          'stack',
          'warning',
        );
        continue;
      }
      hostIp = m[1] ?? m[2];
      hostPort = m[3] === undefined ? undefined : Number(m[3]);
      containerPort = Number(m[4]);
    }
    if (!containerPort || !Number.isInteger(containerPort)) {
      sink.add(item, 'ports entry needs a container port', 'schema');
      continue;
    }
    if (hostPort === undefined || !Number.isInteger(hostPort)) {
      sink.add(
        item,
        `step "${step}": container port ${containerPort} has no published host port; Berth publishes only allocated ports`,
        'stack',
        'warning',
      );
      continue;
    }
    const owners = ctx.allocations.filter((a) => a.port === hostPort);
    const own = owners.find((a) => a.service === ctx.service || a.sharedWith.includes(ctx.service));
    if (!own) {
      const other = owners[0];
      sink.add(
        item,
        other
          ? `published port ${hostPort} belongs to service "${other.service}" (${other.role}), not "${ctx.service}"`
          : `published port ${hostPort} is not allocated to service "${ctx.service}" in berth.yaml`,
      );
      continue;
    }
    out.push({ role: own.role, hostPort, containerPort, hostIp: hostIp === '0.0.0.0' ? undefined : hostIp });
  }
  return out;
}

/** Compose interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err} / ${VAR?err} (as unset). */
export function interpolate(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(
    /\$(\$|[A-Za-z_][A-Za-z0-9_]*|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\})/g,
    (whole, tok: string, name?: string, op?: string, arg?: string) => {
      if (tok === '$') return '$';
      const key = name ?? tok;
      const v = vars[key];
      if (op === ':-') return v ? v : (arg ?? '');
      if (op === '-') return v !== undefined ? v : (arg ?? '');
      return v ?? '';
    },
  );
}

/** Steps of a compose file; findings are located in the compose file. */
export function parseComposeStack(text: string, ctx: ComposeContext): { steps: StepDef[]; findings: Finding[] } {
  const index = new LineIndex(text);
  const sink = new FindingSink({ index, file: ctx.file, service: ctx.service });
  const doc = parseDocument(text, { uniqueKeys: false });
  // Interpolate scalar values in place: node ranges still point into the original text.
  const vars = ctx.variables ?? {};
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.includes('$')) node.value = interpolate(node.value, vars);
    },
  });
  for (const e of doc.errors) sink.add({ range: [e.pos[0], e.pos[1]] }, `YAML: ${e.message.split('\n')[0]}`, 'schema');
  const services = isMap(doc.contents)
    ? (doc.contents.items as Pair[]).find((p) => value(p.key) === 'services')?.value
    : undefined;
  if (!isMap(services)) {
    sink.add(doc.contents ?? { range: [0, 0] }, 'compose file has no services map', 'schema');
    return { steps: [], findings: sink.findings };
  }
  const steps: StepDef[] = [];
  const deps = new Map<string, DependsRef[]>();
  const healthy = new Set<string>();
  for (const pair of services.items as Pair[]) {
    const name = readString(pair.key, sink, 'a service name');
    if (name === undefined) continue;
    if (!isMap(pair.value)) {
      sink.add(pair.value ?? pair.key, `service "${name}" must be a map`, 'schema');
      continue;
    }
    const step = emptyStep(name, sink.range(pair.key));
    for (const p of pair.value.items as Pair[]) {
      const k = value(p.key);
      const v = p.value;
      if (readCommonStepKey(step, k, v, sink)) continue;
      switch (k) {
        case 'ports':
          step.ports = readComposePorts(v, sink, ctx, name);
          break;
        case 'healthcheck': {
          const probe = healthcheckProbe(v, sink);
          if (probe && probe !== 'disabled') step.ready = probe;
          if (isMap(v)) {
            const t = (v.items as Pair[]).find((q) => value(q.key) === 'start_period');
            if (t) step.timeoutMs = Math.max(60_000, (readDuration(t.value, sink, 'start_period') ?? 0) * 2);
          }
          break;
        }
        case 'depends_on': {
          const refs: DependsRef[] = [];
          if (isSeq(v)) {
            for (const item of v.items) {
              const s = readString(item, sink, 'a depends_on entry');
              if (s !== undefined) refs.push({ step: s, condition: 'started', node: item });
            }
          } else if (isMap(v)) {
            for (const d of v.items as Pair[]) {
              const s = readString(d.key, sink, 'a depends_on key');
              if (s === undefined) continue;
              const condPair = isMap(d.value)
                ? (d.value.items as Pair[]).find((q) => value(q.key) === 'condition')
                : undefined;
              const c = condPair ? String(value(condPair.value)) : 'service_started';
              const condition = CONDITION[c];
              if (!condition)
                sink.add(
                  condPair?.value ?? d.key,
                  `unknown depends_on condition "${c}" (service_started, service_healthy, service_completed_successfully)`,
                  'schema',
                );
              else {
                refs.push({ step: s, condition, node: d.key });
                if (condition === 'ready') healthy.add(s);
              }
            }
          } else sink.add(v, 'depends_on must be a list or a map', 'schema');
          deps.set(name, refs);
          break;
        }
        default:
          if (!IGNORED.has(String(k)))
            sink.add(p.key, `compose key "${String(k)}" is not supported by Berth and is ignored`, 'stack', 'info');
      }
    }
    if (!step.image && !step.build) sink.add(pair.key, `service "${name}" needs an image or a build`);
    steps.push(step);
  }
  // A step others wait on to complete is a one-shot; one waited on for health without a healthcheck
  // here falls back to the image's HEALTHCHECK (which Berth triggers itself on Podman).
  for (const [, refs] of deps)
    for (const r of refs) {
      const target = steps.find((s) => s.name === r.step);
      if (!target) continue;
      if (r.condition === 'completed') {
        target.runOnce = true;
        target.ready = { kind: 'once' };
      } else if (healthy.has(target.name) && !target.ready) target.ready = { kind: 'health' };
    }
  checkDependencies(steps, deps, sink);
  return { steps, findings: sink.findings };
}
