// Reads the practical subset of a compose file into stack steps, so the same planner and probes run it
// (honouring service_healthy, which podman-compose ignores). Pure: the caller reads the file. The file is
// parsed once for this and the port rules (core/composeFile.ts); port specs are read by core/composePorts.ts.
import { isMap, isScalar, isSeq, visit, type Pair } from 'yaml';
import type { DependsCondition, Finding, PortAllocation, Probe, PullPolicy, StepDef, StepPort } from '../core/types';
import { checkDependencies, type DependsRef } from '../core/stackDef';
import { emptyStep, readCommand, readCommonStepKey, readDuration } from '../core/stepValues';
import { composeServices, readComposeFile, servicesMap } from '../core/composeFile';
import { parseShortPort, readPortRange, type PortMapping } from '../core/composePorts';
import { readerFor, readString, type YamlReader } from '../core/yamlReader';

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

/** Compose's pull_policy as Berth's pull: if_not_present is missing; schedules (daily …) pull when missing. */
function readPullPolicy(node: unknown, sink: YamlReader): PullPolicy | undefined {
  const p = String(value(node));
  if (p === 'always' || p === 'never' || p === 'missing') return p;
  if (p === 'if_not_present') return 'missing';
  if (p === 'build') {
    sink.add(node, 'pull_policy build: Berth builds a service that has a build and pulls nothing', 'stack', 'info');
    return 'never';
  }
  if (p === 'daily' || p === 'weekly' || /^every_/.test(p)) {
    sink.add(node, `pull_policy ${p}: Berth keeps no pull schedule and pulls only a missing image`, 'stack', 'info');
    return 'missing';
  }
  sink.add(node, `pull_policy must be always, never, missing, if_not_present or build (got "${p}")`, 'schema');
  return undefined;
}

function value(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** Compose's healthcheck.test → an exec probe Berth runs itself (no interval to wait for). */
function healthcheckProbe(node: unknown, sink: YamlReader): Probe | undefined | 'disabled' {
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

/** One `ports:` item (already interpolated) as a mapping; undefined when it is not a port spec. */
function readPortItem(item: unknown): PortMapping | undefined {
  if (isMap(item)) {
    const m: PortMapping = { protocol: 'tcp' };
    for (const p of item.items as Pair[]) {
      const k = value(p.key);
      const v = value(p.value);
      if (v === null || v === undefined) continue;
      if (k === 'target') {
        const c = readPortRange(String(v));
        if (c) m.container = { from: c.from, to: c.to };
      } else if (k === 'published') m.host = readPortRange(String(v));
      else if (k === 'host_ip') m.hostIp = String(v);
      else if (k === 'protocol') m.protocol = String(v).toLowerCase();
    }
    return m;
  }
  const s = value(item);
  return typeof s === 'string' || typeof s === 'number' ? parseShortPort(String(s)) : undefined;
}

/**
 * Published ports, each of which must be allocated to the service. A host range maps onto a container range
 * of the same length, port by port. Findings about one published host port carry it as `port`: the port
 * rules judge the same port and mergeComposeStackFindings matches on it.
 */
function readComposePorts(node: unknown, sink: YamlReader, ctx: ComposeContext, step: string): StepPort[] {
  const out: StepPort[] = [];
  if (!isSeq(node)) {
    sink.add(node, 'ports must be a list', 'schema');
    return out;
  }
  for (const item of node.items) {
    const m = readPortItem(item);
    if (!m) {
      sink.add(item, `ports entry ${JSON.stringify(value(item) ?? '')} is not a port mapping`, 'schema');
      continue;
    }
    if (!m.container) {
      sink.add(item, 'ports entry needs a container port', 'schema');
      continue;
    }
    const { from, to } = m.container;
    if (!m.host) {
      sink.add(
        item,
        `step "${step}": container port ${from} has no published host port; Berth publishes only allocated ports`,
        'stack',
        'warning',
      );
      continue;
    }
    if (m.protocol !== 'tcp' || m.host.to - m.host.from !== to - from) {
      const why =
        m.protocol !== 'tcp'
          ? `${m.protocol} is not supported (TCP only)`
          : 'a host range must match a container range of the same length';
      sink.add(item, `ports entry is not supported: ${why}`, 'stack', 'warning');
      continue;
    }
    for (let i = 0; i <= to - from; i++) {
      const hostPort = m.host.from + i;
      const owners = ctx.allocations.filter((a) => a.port === hostPort);
      const own = owners.find((a) => a.service === ctx.service || a.sharedWith.includes(ctx.service));
      if (!own) {
        const other = owners[0];
        const message = other
          ? `published port ${hostPort} belongs to service "${other.service}" (${other.role}), not "${ctx.service}"`
          : `published port ${hostPort} is not allocated to service "${ctx.service}" in berth.yaml`;
        sink.add(item, message, 'stack', 'error', { port: hostPort });
        continue;
      }
      const hostIp = m.hostIp === '0.0.0.0' ? undefined : m.hostIp;
      out.push({ role: own.role, hostPort, containerPort: from + i, hostIp });
    }
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
  const file = readComposeFile(text);
  const { reader: sink } = readerFor(file.parsed, ctx.file, ctx.service);
  // The parse is shared with the port rules: interpolate a copy, in place (node ranges still point into the text).
  const doc = file.parsed.doc?.clone();
  const vars = ctx.variables ?? {};
  if (doc)
    visit(doc, {
      Scalar(_key, node) {
        if (typeof node.value === 'string' && node.value.includes('$')) node.value = interpolate(node.value, vars);
      },
    });
  const services = doc && servicesMap(doc);
  if (!doc || !services) {
    sink.add(doc?.contents ?? { range: [0, 0] }, 'compose file has no services map', 'schema');
    return { steps: [], findings: sink.findings };
  }
  const steps: StepDef[] = [];
  const deps = new Map<string, DependsRef[]>();
  const healthy = new Set<string>();
  for (const svc of composeServices(doc, services)) {
    const name = readString(svc.keyNode, sink, 'a service name');
    if (name === undefined) continue;
    if (!isMap(svc.node)) {
      sink.add(svc.node ?? svc.keyNode, `service "${name}" must be a map`, 'schema');
      continue;
    }
    const step = emptyStep(name, sink.range(svc.keyNode));
    for (const p of svc.pairs) {
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
        case 'pull_policy':
          step.pull = readPullPolicy(v, sink);
          break;
        default:
          if (!IGNORED.has(String(k)))
            sink.add(p.key, `compose key "${String(k)}" is not supported by Berth and is ignored`, 'stack', 'info');
      }
    }
    if (!step.image && !step.build) sink.add(svc.keyNode, `service "${name}" needs an image or a build`, 'stack');
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
