// Reads a service's `stack:` node of berth.yaml into a StackDef. Pure and synchronous; never throws:
// every problem becomes a located Finding (code 'schema' for shape errors, 'stack' for meaning errors),
// so `berth check` and the language server show exactly what the runner would refuse.
import { isMap, isScalar, isSeq } from 'yaml';
import { PULL_POLICIES, type DependsCondition, type Finding, type Position, type PullPolicy } from './types';
import type { StackDef, StepDef, StepPort } from './types';
import { planWaves } from './planner';
import { readProbe } from './stackProbe';
import { emptyStep, readCommonStepKey, readDuration } from './stepValues';
import { mapGet, readString, scalarValue, YamlReader } from './yamlReader';

export interface StackParseContext {
  /** Any LineIndex-like object (src/core/text.ts). */
  index: { positionAt(offset: number): Position };
  /** berth.yaml path relative to the root. */
  file: string;
  service: string;
  /** Roles the service allocates (its `ports:` keys). */
  roles: string[];
}

export interface StackParseResult {
  stack?: StackDef;
  findings: Finding[];
}

/** Step names become network aliases and container-name parts: keep them DNS-safe. */
const STEP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const STEP_KEYS = new Set([
  'image',
  'build',
  'container_name',
  'ports',
  'environment',
  'env_file',
  'command',
  'entrypoint',
  'volumes',
  'labels',
  'depends_on',
  'ready',
  'run',
  'timeout',
  'pull',
]);
const CONDITIONS: DependsCondition[] = ['started', 'ready', 'completed'];

/** "<role>:<containerPort>[/tcp]" → StepPort; the host side always comes from the allocation. */
function readInlinePort(item: unknown, sink: YamlReader, ctx: StackParseContext, step: string): StepPort | undefined {
  const s = readString(item, sink, 'a ports entry');
  if (s === undefined) return undefined;
  const m = /^([^:]+):(\d+)(?:\/tcp)?$/.exec(s.trim());
  if (!m) {
    sink.add(
      item,
      `ports entry "${s}" must be "<role>:<containerPort>" (the host port comes from the service's allocation)`,
      'schema',
    );
    return undefined;
  }
  const [, role, cport] = m;
  const containerPort = Number(cport);
  if (/^\d+$/.test(role)) {
    sink.add(
      item,
      `step "${step}": "${s}" names a host port; write the allocated role instead (one of: ${ctx.roles.join(', ') || 'none'})`,
      'stack',
    );
    return undefined;
  }
  if (!ctx.roles.includes(role)) {
    sink.add(
      item,
      `step "${step}": unknown role "${role}"; service "${ctx.service}" allocates ${ctx.roles.length ? ctx.roles.join(', ') : 'no ports'}`,
      'stack',
    );
    return undefined;
  }
  if (containerPort < 1 || containerPort > 65535) {
    sink.add(item, `container port ${containerPort} is out of range 1-65535`, 'schema');
    return undefined;
  }
  return { role, containerPort };
}

interface DependsRef {
  step: string;
  condition: DependsCondition;
  node: unknown;
}

function readDependsOn(node: unknown, sink: YamlReader): DependsRef[] {
  const out: DependsRef[] = [];
  if (isSeq(node)) {
    for (const item of node.items) {
      const step = readString(item, sink, 'a depends_on entry');
      if (step !== undefined) out.push({ step, condition: 'ready', node: item });
    }
  } else if (isMap(node)) {
    for (const pair of node.items) {
      const step = readString(pair.key, sink, 'a depends_on key');
      if (step === undefined) continue;
      let condNode: unknown = pair.value;
      if (isMap(pair.value)) condNode = mapGet(pair.value, 'condition')?.value; // compose-like long form
      const c = scalarValue(condNode);
      if (c === null || c === undefined) out.push({ step, condition: 'ready', node: pair.key });
      else if (CONDITIONS.includes(c as DependsCondition))
        out.push({ step, condition: c as DependsCondition, node: pair.key });
      else
        sink.add(
          condNode ?? pair.value,
          `depends_on condition must be started, ready or completed (got "${String(c)}")`,
          'schema',
        );
    }
  } else if (isScalar(node) && typeof node.value === 'string') {
    out.push({ step: node.value, condition: 'ready', node });
  } else sink.add(node, 'depends_on must be a map {<step>: started|ready|completed} or a list of steps', 'schema');
  return out;
}

function readStep(
  name: string,
  keyNode: unknown,
  node: unknown,
  sink: YamlReader,
  ctx: StackParseContext,
  deps: Map<string, DependsRef[]>,
): StepDef | undefined {
  if (!isMap(node)) {
    sink.add(node ?? keyNode, `step "${name}" must be a map of compose-like keys (image, ports, ready, ...)`, 'schema');
    return undefined;
  }
  const step = emptyStep(name, sink.range(keyNode));
  let readyNode: unknown;
  let readyKey: unknown;
  for (const pair of node.items) {
    const key = scalarValue(pair.key);
    const v = pair.value;
    if (readCommonStepKey(step, key, v, sink)) continue;
    switch (key) {
      case 'ports':
        if (!isSeq(v)) sink.add(v, 'ports must be a list of "<role>:<containerPort>"', 'schema');
        else
          for (const item of v.items) {
            const p = readInlinePort(item, sink, ctx, name);
            if (!p) continue;
            if (step.ports.some((q) => q.role === p.role))
              sink.add(item, `step "${name}" publishes role "${p.role}" twice`, 'stack');
            else step.ports.push(p);
          }
        break;
      case 'depends_on':
        deps.set(name, readDependsOn(v, sink));
        break;
      case 'ready':
        readyNode = v;
        readyKey = pair.key;
        break;
      case 'run': {
        const r = scalarValue(v);
        if (r === 'once') step.runOnce = true;
        else if (r !== 'always' && r !== 'service')
          sink.add(v, 'run must be "once" (a one-shot that must exit 0)', 'schema');
        break;
      }
      case 'timeout':
        step.timeoutMs = readDuration(v, sink, 'timeout');
        break;
      case 'pull': {
        const p = scalarValue(v);
        if (PULL_POLICIES.includes(p as PullPolicy)) step.pull = p as PullPolicy;
        else sink.add(v, `pull must be ${PULL_POLICIES.join(', ')} (got "${String(p)}")`, 'schema');
        break;
      }
      default:
        sink.add(
          pair.key,
          `unknown step key "${String(key)}" (expected ${[...STEP_KEYS].join(', ')})`,
          'schema',
          'warning',
        );
    }
  }
  if (readyNode !== undefined) step.ready = readProbe(readyNode, sink, ctx, step.ports, name);
  if (step.runOnce) {
    if (step.ready && step.ready.kind !== 'once')
      sink.add(
        readyKey,
        `step "${name}" runs once: it is ready when it exits 0, so ready: ${step.ready.kind} is ignored`,
        'stack',
        'warning',
      );
    step.ready = { kind: 'once' };
  }
  if (!step.image && !step.build) sink.add(keyNode, `step "${name}" needs an image or a build`, 'stack');
  return step;
}

/** Checks depends_on references and cycles over steps whose references were read with their nodes. */
export function checkDependencies(steps: StepDef[], deps: Map<string, DependsRef[]>, sink: YamlReader): void {
  const byName = new Map(steps.map((s) => [s.name, s]));
  for (const step of steps) {
    for (const ref of deps.get(step.name) ?? []) {
      if (ref.step === step.name) {
        sink.add(ref.node, `step "${step.name}" depends on itself`, 'stack');
        continue;
      }
      const target = byName.get(ref.step);
      if (!target) {
        sink.add(
          ref.node,
          `step "${step.name}" depends on unknown step "${ref.step}" (steps: ${[...byName.keys()].join(', ')})`,
          'stack',
        );
        continue;
      }
      if (ref.condition === 'completed' && !target.runOnce) {
        sink.add(
          ref.node,
          `"${ref.step}" is not a one-shot (run: once): waiting for it to complete may never end`,
          'stack',
          'warning',
        );
      }
      step.dependsOn.push({ step: ref.step, condition: ref.condition });
    }
  }
  const plan = planWaves(steps);
  if (plan.cycle) {
    const cycle = plan.cycle;
    for (let i = 0; i < cycle.length; i++) {
      const from = cycle[i];
      const to = cycle[(i + 1) % cycle.length];
      const ref = deps.get(from)?.find((r) => r.step === to);
      sink.add(ref?.node ?? byName.get(from)?.range, `dependency cycle: ${[...cycle, cycle[0]].join(' → ')}`, 'stack');
    }
  }
}

export type { DependsRef };

export function parseStackNode(node: unknown, ctx: StackParseContext): StackParseResult {
  const sink = new YamlReader(ctx.index, ctx.file, undefined, ctx.service);
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return { findings: [] };
  if (!isMap(node)) {
    sink.add(node, 'stack must be a map of steps, or {compose: <path>}', 'schema');
    return { findings: sink.findings };
  }
  const range = sink.range(node);
  const composePair = mapGet(node, 'compose');
  if (composePair) {
    for (const p of node.items)
      if (p !== composePair) sink.add(p.key, 'a compose stack takes only the compose key', 'schema');
    const compose = readString(composePair.value, sink, 'compose');
    if (compose === undefined || compose.trim() === '') {
      if (compose !== undefined) sink.add(composePair.value, 'compose needs a file path', 'schema');
      return { findings: sink.findings };
    }
    return { stack: { compose, steps: [], range }, findings: sink.findings };
  }
  const steps: StepDef[] = [];
  const deps = new Map<string, DependsRef[]>();
  for (const pair of node.items) {
    const name = readString(pair.key, sink, 'a step name');
    if (name === undefined) continue;
    if (!STEP_NAME.test(name)) {
      sink.add(
        pair.key,
        `step name "${name}" must start with a letter or digit and use only letters, digits, _ . -`,
        'schema',
      );
      continue;
    }
    if (steps.some((s) => s.name === name)) {
      sink.add(pair.key, `step "${name}" is defined twice`, 'schema');
      continue;
    }
    const step = readStep(name, pair.key, pair.value, sink, ctx, deps);
    if (step) steps.push(step);
  }
  if (steps.length === 0 && node.items.length === 0) sink.add(node, 'stack has no steps', 'schema', 'warning');
  checkDependencies(steps, deps, sink);
  const hostRoles = new Map<string, string>();
  for (const s of steps)
    for (const p of s.ports) {
      if (!p.role) continue;
      const other = hostRoles.get(p.role);
      if (other)
        sink.add(s.range, `steps "${other}" and "${s.name}" both publish role "${p.role}" (one host port)`, 'stack');
      else hostRoles.set(p.role, s.name);
    }
  return { stack: { steps, range }, findings: sink.findings };
}
