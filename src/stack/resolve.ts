// Turns a service's stack definition (inline, or a compose file) into concrete steps: host ports from the
// allocation, env files read, bind paths made absolute, a hash of everything that shapes the container.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, resolve } from 'node:path';
import { homedir } from 'node:os';
import type { BerthConfig, Finding, Range, ServiceDef, StepDef } from '../core/types';
import { planWaves } from '../core/planner';
import { workerPort, workerProblem } from '../core/envNames';
import { instanceName } from '../engine/labels';
import { parseComposeStack } from './compose';
import { errorText } from '../core/errorText';

export interface ResolvedPort {
  role?: string;
  hostPort: number;
  containerPort: number;
  hostIp?: string;
}

export interface ResolvedStep {
  def: StepDef;
  name: string;
  ports: ResolvedPort[];
  env: string[];
  /** Docker "Binds" (absolute host paths or named volumes). */
  binds: string[];
  namedVolumes: string[];
  anonymousVolumes: string[];
  /** Directory build contexts and bind paths are relative to. */
  baseDir: string;
  /** Changes whenever the container would be created differently (image, env, ports, ...). */
  specHash: string;
}

export interface ResolvedStack {
  service: ServiceDef;
  steps: ResolvedStep[];
  waves: string[][];
  /** Where the definition came from, for messages. */
  source: string;
}

export class StackConfigError extends Error {
  constructor(
    message: string,
    readonly findings: Finding[] = [],
  ) {
    super(message);
    this.name = 'StackConfigError';
  }
}

function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out[m[1]] = v;
  }
  return out;
}

function isBindSource(src: string): boolean {
  return src.startsWith('.') || src.startsWith('/') || src.startsWith('~') || isAbsolute(src);
}

export function describeFindings(findings: Finding[]): string {
  return findings
    .map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.message}`)
    .join('\n');
}

/** A compose-mode stack's file read into steps (relative paths in it are relative to its directory). */
async function loadCompose(
  root: string,
  config: BerthConfig,
  service: ServiceDef,
  compose: string,
  read: (path: string) => Promise<string> = (p) => readFile(p, 'utf8'),
): Promise<{ file: string; baseDir: string; steps: StepDef[]; findings: Finding[] }> {
  const composePath = resolve(root, compose);
  const file = posix.normalize(compose.replace(/\\/g, '/'));
  const baseDir = dirname(composePath);
  let text: string;
  try {
    text = await read(composePath);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? errorText(e);
    const finding: Finding = {
      file: config.file,
      range: service.stack!.range,
      severity: 'error',
      code: 'stack',
      service: service.name,
      message: `cannot read compose file ${file}: ${why}`,
    };
    return { file, baseDir, steps: [], findings: [finding] };
  }
  const dotEnv = await readFile(join(baseDir, '.env'), 'utf8').then(parseEnvFile, () => ({}));
  const allocations = config.services.flatMap((s) => s.ports);
  const parsed = parseComposeStack(text, {
    file,
    service: service.name,
    allocations,
    variables: { ...dotEnv, ...process.env },
  });
  return { file, baseDir, ...parsed };
}

export interface ComposeStackOptions {
  /** Only the stacks that run this compose file (root-relative): the language server re-checks one changed file. */
  only?: string;
  /** Reads a compose file by absolute path (default: the disk); the language server passes an open editor's text. */
  readText?: (path: string) => Promise<string>;
}

/**
 * Findings of every compose-mode stack's compose file, located in that file (a file that cannot be read:
 * at the stack in berth.yaml). For `berth check` and the language server; the runner refuses the same errors.
 * Reads each compose file and the .env beside it, nothing else.
 */
export async function composeStackFindings(
  root: string,
  config: BerthConfig,
  opts: ComposeStackOptions = {},
): Promise<Finding[]> {
  const norm = (p: string) => posix.normalize(p.replace(/\\/g, '/'));
  const only = opts.only === undefined ? undefined : norm(opts.only);
  const out: Finding[] = [];
  for (const svc of config.services) {
    const compose = svc.stack?.compose;
    if (!compose || (only !== undefined && norm(compose) !== only)) continue;
    out.push(...(await loadCompose(root, config, svc, compose, opts.readText)).findings);
  }
  return out;
}

const PORT_RULES = new Set<Finding['code']>(['port-owned-by-other-service', 'port-not-allocated']);

/**
 * The port rules (checkFile) and a compose stack both judge a compose file's published host ports: a port
 * both flag becomes ONE finding, the rule's (its facts drive the quick fixes), raised to an error because
 * `berth up` refuses to publish it. The stack's findings about a published host port carry it as `port`.
 * Stack findings the rules did not report (ignore comments silence only the rules) stay as they are.
 */
export function mergeComposeStackFindings(rules: Finding[], stack: Finding[]): Finding[] {
  const out = [...rules];
  for (const s of stack) {
    const port = s.port;
    const i =
      port === undefined
        ? -1
        : out.findIndex(
            (r) => PORT_RULES.has(r.code) && r.file === s.file && r.port === port && contains(s.range, r.range),
          );
    if (i < 0) {
      out.push(s);
      continue;
    }
    const r = out[i];
    out[i] = { ...r, severity: 'error', message: `${r.message}; \`berth up ${s.service}\` refuses to publish it` };
  }
  return out;
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/**
 * The steps of one worker's instance of the stack: worker K publishes every host port + K-1 (as its BERTH_*
 * variables say) and gets its own named volumes (`data-w2`), so two workers never share a database's files.
 */
export async function resolveStack(
  root: string,
  config: BerthConfig,
  serviceName: string,
  worker = 1,
): Promise<ResolvedStack> {
  const service = config.services.find((s) => s.name === serviceName);
  if (!service)
    throw new StackConfigError(
      `no service "${serviceName}" in ${config.file} (services: ${config.services.map((s) => s.name).join(', ') || 'none'})`,
    );
  if (!service.stack) throw new StackConfigError(`service "${serviceName}" has no stack in ${config.file}`);
  const workerError = workerProblem(service, worker);
  if (workerError) throw new StackConfigError(workerError);
  let steps = service.stack.steps;
  let baseDir = root;
  let source = config.file;
  if (service.stack.compose) {
    const loaded = await loadCompose(root, config, service, service.stack.compose);
    const errors = loaded.findings.filter((f) => f.severity === 'error');
    if (errors.length)
      throw new StackConfigError(`compose file ${loaded.file} cannot be started:\n${describeFindings(errors)}`, errors);
    ({ steps, baseDir, file: source } = loaded);
  }
  if (steps.length === 0) throw new StackConfigError(`stack of "${serviceName}" has no steps`);
  const plan = planWaves(steps);
  if (plan.cycle)
    throw new StackConfigError(
      `stack of "${serviceName}" has a dependency cycle: ${[...plan.cycle, plan.cycle[0]].join(' → ')}`,
    );
  const names = new Set(steps.map((s) => s.name));
  for (const s of steps)
    for (const d of s.dependsOn)
      if (!names.has(d.step)) throw new StackConfigError(`step "${s.name}" depends on unknown step "${d.step}"`);

  const resolved: ResolvedStep[] = [];
  for (const def of steps) {
    if (!def.image && !def.build) throw new StackConfigError(`step "${def.name}" needs an image or a build`);
    const ports: ResolvedPort[] = [];
    for (const p of def.ports) {
      const hostPort = p.hostPort ?? service.ports.find((a) => a.role === p.role)?.port;
      if (hostPort === undefined)
        throw new StackConfigError(`step "${def.name}": role "${p.role}" has no port in service "${serviceName}"`);
      ports.push({
        role: p.role,
        hostPort: workerPort(hostPort, worker),
        containerPort: p.containerPort,
        hostIp: p.hostIp,
      });
    }
    const env: Record<string, string> = {};
    for (const f of def.envFile) {
      try {
        Object.assign(env, parseEnvFile(await readFile(resolve(baseDir, f), 'utf8')));
      } catch (e) {
        throw new StackConfigError(`step "${def.name}": cannot read env_file ${f}: ${errorText(e)}`);
      }
    }
    Object.assign(env, def.environment);
    const binds: string[] = [];
    const namedVolumes: string[] = [];
    const anonymousVolumes: string[] = [];
    for (const v of def.volumes) {
      const parts = v.split(':');
      if (parts.length === 1) {
        anonymousVolumes.push(v);
        continue;
      }
      let [src] = parts;
      const rest = parts.slice(1).join(':');
      if (isBindSource(src)) {
        src = src.startsWith('~') ? join(homedir(), src.slice(1)) : resolve(baseDir, src);
      } else {
        src = instanceName(src, worker);
        namedVolumes.push(src);
      }
      binds.push(`${src}:${rest}`);
    }
    const envList = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    const specHash = createHash('sha256')
      .update(
        JSON.stringify({
          image: def.image,
          build: def.build,
          ports,
          env: envList,
          binds,
          anonymousVolumes,
          cmd: def.command,
          ep: def.entrypoint,
          labels: def.labels,
          once: def.runOnce,
        }),
      )
      .digest('hex')
      .slice(0, 16);
    resolved.push({
      def,
      name: def.name,
      ports,
      env: envList,
      binds,
      namedVolumes,
      anonymousVolumes,
      baseDir,
      specHash,
    });
  }
  return { service, steps: resolved, waves: plan.waves, source };
}
