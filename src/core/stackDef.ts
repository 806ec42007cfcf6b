// Reads a service's `stack:` node of berth.yaml into a StackDef. Pure and synchronous; never throws:
// every problem becomes a located Finding (code 'schema' for shape errors, 'stack' for meaning errors),
// so `berth check` and the language server show exactly what the runner would refuse.
import { isMap, isScalar, isSeq } from 'yaml';
import type { DependsCondition, Finding, Position, Probe, Range, StackDef, StepDef, StepPort } from './types';
import { planWaves } from './planner';
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
const DEFAULT_STEP_TIMEOUT_MS = 60_000;
export { DEFAULT_STEP_TIMEOUT_MS };

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
]);
const PROBE_KEYS = new Set(['exec', 'http', 'tcp', 'health', 'log', 'once']);
const CONDITIONS: DependsCondition[] = ['started', 'ready', 'completed'];

/** Splits a command string like a POSIX shell would for plain words and quotes (no expansion). */
export function splitCommand(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/** command / entrypoint: a list of words or one string split like a shell. */
export function readCommand(node: unknown, sink: YamlReader, what: string): string[] | undefined {
  if (isSeq(node)) {
    const words: string[] = [];
    for (const item of node.items) {
      const w = readString(item, sink, `each word of ${what}`);
      if (w !== undefined) words.push(w);
    }
    return words;
  }
  const s = readString(node, sink, `${what} (a string or a list of words)`);
  return s === undefined ? undefined : splitCommand(s);
}

function readStringList(node: unknown, sink: YamlReader, what: string): string[] {
  if (isSeq(node)) {
    const out: string[] = [];
    for (const item of node.items) {
      const s = readString(item, sink, `each entry of ${what}`);
      if (s !== undefined) out.push(s);
    }
    return out;
  }
  const s = readString(node, sink, `${what} (a string or a list)`);
  return s === undefined ? [] : [s];
}

/** environment / labels / build args: a map, or a list of "KEY=value" (compose's two forms). */
function readKeyValues(node: unknown, sink: YamlReader, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = readString(pair.key, sink, `a key of ${what}`);
      if (key === undefined) continue;
      const v = pair.value;
      if (v === null || scalarValue(v) === null) out[key] = '';
      else {
        const s = readString(v, sink, `${what}.${key}`);
        if (s !== undefined) out[key] = s;
      }
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const s = readString(item, sink, `each entry of ${what}`);
      if (s === undefined) continue;
      const eq = s.indexOf('=');
      if (eq <= 0) sink.add(item, `${what} entry "${s}" must look like KEY=value`, 'schema');
      else out[s.slice(0, eq)] = s.slice(eq + 1);
    }
  } else sink.add(node, `${what} must be a map or a list of KEY=value`, 'schema');
  return out;
}

/** Durations: a number of seconds, or "500ms", "30s", "2m", "1m30s". */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.round(v * 1000);
  if (typeof v !== 'string') return undefined;
  const m =
    /^\s*(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m(?!s))?\s*(?:(\d+(?:\.\d+)?)s)?\s*(?:(\d+(?:\.\d+)?)ms)?\s*$/.exec(
      v,
    );
  if (!m || m.slice(1).every((x) => x === undefined)) {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : undefined;
  }
  const [h, min, s, ms] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const total = ((h * 60 + min) * 60 + s) * 1000 + ms;
  return total > 0 ? Math.round(total) : undefined;
}

export function readDuration(node: unknown, sink: YamlReader, what: string): number | undefined {
  const ms = parseDuration(scalarValue(node));
  if (ms === undefined)
    sink.add(node, `${what} must be a duration such as 30s, 500ms or 2m (or a number of seconds)`, 'schema');
  return ms;
}

function readBuild(node: unknown, sink: YamlReader): StepDef['build'] {
  if (isScalar(node)) {
    const context = readString(node, sink, 'build');
    return context === undefined ? undefined : { context };
  }
  if (!isMap(node)) {
    sink.add(node, 'build must be a path or a map {context, dockerfile, args}', 'schema');
    return undefined;
  }
  let context = '.';
  let dockerfile: string | undefined;
  let args: Record<string, string> | undefined;
  for (const pair of node.items) {
    const key = scalarValue(pair.key);
    if (key === 'context') context = readString(pair.value, sink, 'build.context') ?? context;
    else if (key === 'dockerfile') dockerfile = readString(pair.value, sink, 'build.dockerfile');
    else if (key === 'args') args = readKeyValues(pair.value, sink, 'build.args');
    else
      sink.add(pair.key, `unknown key build.${String(key)} (expected context, dockerfile, args)`, 'schema', 'warning');
  }
  return { context, dockerfile, args };
}

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

/** Probe port: a role, or a container port published by the step (probed on its host side). */
function readProbePort(
  node: unknown,
  sink: YamlReader,
  ctx: StackParseContext,
  ports: StepPort[],
  step: string,
): string | number | undefined {
  const v = scalarValue(node);
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
    const n = Number(v);
    if (!ports.some((p) => p.containerPort === n)) {
      sink.add(
        node,
        `step "${step}": probe port ${n} is not a container port this step publishes (probes run from the host)`,
        'stack',
      );
      return undefined;
    }
    return n;
  }
  if (typeof v === 'string') {
    if (!ctx.roles.includes(v)) {
      sink.add(
        node,
        `step "${step}": unknown role "${v}"; service "${ctx.service}" allocates ${ctx.roles.join(', ') || 'no ports'}`,
        'stack',
      );
      return undefined;
    }
    if (!ports.some((p) => p.role === v)) {
      sink.add(node, `step "${step}": probe role "${v}" is not published by this step`, 'stack', 'warning');
    }
    return v;
  }
  sink.add(node, 'probe port must be an allocated role or a published container port', 'schema');
  return undefined;
}

function readProbe(
  node: unknown,
  sink: YamlReader,
  ctx: StackParseContext,
  ports: StepPort[],
  step: string,
): Probe | undefined {
  if (!isMap(node)) {
    sink.add(node, 'ready must be a map with one of: exec, http, tcp, health, log, once', 'schema');
    return undefined;
  }
  const kinds = node.items.filter((p) => PROBE_KEYS.has(String(scalarValue(p.key))));
  for (const pair of node.items) {
    const key = String(scalarValue(pair.key));
    if (!PROBE_KEYS.has(key) && key !== 'expect')
      sink.add(pair.key, `unknown probe "${key}" (expected exec, http, tcp, health, log or once)`, 'schema');
  }
  if (kinds.length !== 1) {
    if (kinds.length > 1) sink.add(kinds[1].key, 'ready takes exactly one probe', 'schema');
    else if (node.items.length === 0)
      sink.add(node, 'ready needs a probe: exec, http, tcp, health, log or once', 'schema');
    return undefined;
  }
  const pair = kinds[0];
  const kind = String(scalarValue(pair.key));
  const expectPair = mapGet(node, 'expect');
  if (expectPair && kind !== 'exec') sink.add(expectPair.key, 'expect applies to exec probes only', 'schema');
  switch (kind) {
    case 'exec': {
      const command = readCommand(pair.value, sink, 'ready.exec');
      if (!command || command.length === 0) {
        if (command) sink.add(pair.value, 'ready.exec needs a command', 'schema');
        return undefined;
      }
      const expect = expectPair ? readString(expectPair.value, sink, 'ready.expect') : undefined;
      return expect === undefined ? { kind: 'exec', command } : { kind: 'exec', command, expect };
    }
    case 'http': {
      const v = pair.value;
      if (isMap(v)) {
        const portPair = mapGet(v, 'port');
        if (!portPair) {
          sink.add(v, 'ready.http needs a port (an allocated role or a published container port)', 'schema');
          return undefined;
        }
        const port = readProbePort(portPair.value, sink, ctx, ports, step);
        let path = '/';
        let status: number | undefined;
        for (const p of v.items) {
          const k = scalarValue(p.key);
          if (k === 'path') path = readString(p.value, sink, 'ready.http.path') ?? path;
          else if (k === 'status') {
            const s = scalarValue(p.value);
            if (typeof s === 'number' && Number.isInteger(s) && s >= 100 && s <= 599) status = s;
            else sink.add(p.value, 'ready.http.status must be an HTTP status code', 'schema');
          } else if (k !== 'port')
            sink.add(p.key, `unknown key ready.http.${String(k)} (expected port, path, status)`, 'schema', 'warning');
        }
        if (!path.startsWith('/')) path = '/' + path;
        if (port === undefined) return undefined;
        return status === undefined ? { kind: 'http', port, path } : { kind: 'http', port, path, status };
      }
      const port = readProbePort(v, sink, ctx, ports, step);
      return port === undefined ? undefined : { kind: 'http', port, path: '/' };
    }
    case 'tcp': {
      const v = pair.value;
      const portNode = isMap(v) ? mapGet(v, 'port')?.value : v;
      if (portNode === undefined) {
        sink.add(v, 'ready.tcp needs a port', 'schema');
        return undefined;
      }
      const port = readProbePort(portNode, sink, ctx, ports, step);
      return port === undefined ? undefined : { kind: 'tcp', port };
    }
    case 'log': {
      const pattern = readString(pair.value, sink, 'ready.log');
      if (pattern === undefined) return undefined;
      try {
        new RegExp(pattern);
      } catch (e) {
        sink.add(pair.value, `ready.log is not a valid regular expression: ${(e as Error).message}`, 'schema');
        return undefined;
      }
      return { kind: 'log', pattern };
    }
    case 'health':
    case 'once': {
      const v = scalarValue(pair.value);
      if (v === false) sink.add(pair.value, `ready.${kind}: false is not a probe; remove ready instead`, 'schema');
      return kind === 'health' ? { kind: 'health' } : { kind: 'once' };
    }
  }
  return undefined;
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

/** A step with every list/map key empty. */
export function emptyStep(name: string, range: Range): StepDef {
  return {
    name,
    ports: [],
    environment: {},
    envFile: [],
    volumes: [],
    labels: {},
    dependsOn: [],
    runOnce: false,
    range,
  };
}

/** Keys berth.yaml steps and compose services spell and mean alike; false when `key` is not one of them. */
export function readCommonStepKey(step: StepDef, key: unknown, v: unknown, sink: YamlReader): boolean {
  switch (key) {
    case 'image':
      step.image = readString(v, sink, 'image');
      return true;
    case 'build':
      step.build = readBuild(v, sink);
      return true;
    case 'container_name':
      step.containerName = readString(v, sink, 'container_name');
      return true;
    case 'environment':
      step.environment = readKeyValues(v, sink, 'environment');
      return true;
    case 'env_file':
      step.envFile = readStringList(v, sink, 'env_file');
      return true;
    case 'command':
      step.command = readCommand(v, sink, 'command');
      return true;
    case 'entrypoint':
      step.entrypoint = readCommand(v, sink, 'entrypoint');
      return true;
    case 'volumes':
      step.volumes = readStringList(v, sink, 'volumes');
      return true;
    case 'labels':
      step.labels = readKeyValues(v, sink, 'labels');
      return true;
    default:
      return false;
  }
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
