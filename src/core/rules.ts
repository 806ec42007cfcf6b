// The conflict rules. checkAllocation looks at berth.yaml alone; checkFile at one workspace file
// against the allocations. Messages name the owner and role and the file's own port for that role,
// and `data` carries the same facts for quick fixes.
import type { BerthConfig, Finding, FindingData, PortAllocation, PortRef, RelatedLocation, RuleCode } from './types';
import {
  allocationBlock,
  allocationsByPort,
  rangeOfRole,
  rangesContaining,
  serviceForFile,
  sharesWith,
  normalizeRelPath,
} from './ownership';
import { nextFreePort } from './freePort';
import { findNodePorts, findPorts, type SourceContext } from './portFinders/index';
import type { NodePortRoute } from './kindConfig';

/** What each code Berth reports means (the parser's codes too), for code-scanning tools and help texts. */
export const RULE_DESCRIPTIONS: Record<RuleCode, string> = {
  schema: 'berth.yaml or a stack definition does not follow the berth.yaml format',
  'duplicate-allocation': 'one host port is allocated to two services that do not declare shared_with',
  'out-of-range': "an allocated port lies outside its role's declared range",
  'port-owned-by-other-service': "a service's file uses a host port allocated to another service",
  'port-not-allocated':
    'a host port no service owns (inside a declared range, or anywhere with check: { unallocated: everywhere })',
  stack: 'a stack that berth up would refuse, or run differently than it reads',
};

function related(config: BerthConfig, a: PortAllocation): RelatedLocation {
  return { file: config.file, range: a.range, message: `${a.port} is allocated to '${a.service}' as ${a.role}` };
}

function nextFree(config: BerthConfig, role: string): FindingData['nextFree'] {
  const port = nextFreePort(config, role);
  return port === undefined ? undefined : { role, port };
}

function ownPortOf(config: BerthConfig, service: string, role: string): FindingData['ownPort'] {
  const a = config.services.find((s) => s.name === service)?.ports.find((p) => p.role === role);
  return a ? { service, role, port: a.port } : undefined;
}

function withoutUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** "18090-18093 (http block of 'a', workers: 4)" or "18090 (http of 'a')". */
function allocationText(config: BerthConfig, a: PortAllocation): string {
  const b = allocationBlock(config, a);
  return b.size > 1
    ? `${b.from}-${b.to} (${a.role} block of '${a.service}', workers: ${b.size})`
    : `${a.port} (${a.role} of '${a.service}')`;
}

export function checkAllocation(config: BerthConfig): Finding[] {
  const out: Finding[] = [];
  // A block overlapping another allocation meets it on several ports: one finding per pair, at the first.
  const seen = new Set<string>();
  for (const [port, allocs] of allocationsByPort(config)) {
    for (const a of allocs) {
      for (const b of allocs) {
        if (b.service === a.service || sharesWith(a, b.service) || sharesWith(b, a.service)) continue;
        const pair = `${a.service}\0${a.role}\0${b.service}\0${b.role}`;
        if (seen.has(pair)) continue;
        seen.add(pair);
        const blockA = allocationBlock(config, a);
        const blocks = blockA.size > 1 || allocationBlock(config, b).size > 1;
        const free = nextFreePort(config, a.role, undefined, { size: blockA.size, moving: a });
        out.push({
          file: config.file,
          range: a.range,
          severity: 'error',
          code: 'duplicate-allocation',
          message: blocks
            ? `ports ${allocationText(config, a)} overlap ${allocationText(config, b)} at ${port}; move the block to free ports or declare shared_with`
            : `port ${port} (${a.role} of '${a.service}') is also allocated to '${b.service}' as ${b.role}; give one of them another port or declare shared_with`,
          service: a.service,
          port: a.port,
          related: [related(config, b)],
          data: withoutUndefined({
            owner: { service: b.service, role: b.role },
            nextFree:
              free === undefined
                ? undefined
                : { role: a.role, port: free, ...(blockA.size > 1 ? { size: blockA.size } : {}) },
          }),
        });
      }
    }
  }
  for (const s of config.services) {
    for (const a of s.ports) {
      const r = rangeOfRole(config, a.role);
      const block = allocationBlock(config, a);
      if (block.to > 65535) {
        out.push({
          file: config.file,
          range: a.range,
          severity: 'error',
          code: 'out-of-range',
          message: `ports ${allocationText(config, a)} reach past 65535`,
          service: a.service,
          port: a.port,
        });
        continue;
      }
      if (!r || (a.port >= r.from && block.to <= r.to)) continue;
      const free = nextFreePort(config, a.role, undefined, { size: block.size, moving: a });
      out.push({
        file: config.file,
        range: a.range,
        severity: 'warning',
        code: 'out-of-range',
        message:
          block.size > 1
            ? `ports ${allocationText(config, a)} do not fit in the ${a.role} range ${r.from}-${r.to}`
            : `port ${a.port} (${a.role} of '${a.service}') is outside the ${a.role} range ${r.from}-${r.to}`,
        service: a.service,
        port: a.port,
        related: [{ file: config.file, range: r.range, message: `range of ${a.role}` }],
        data: withoutUndefined({
          nextFree:
            free === undefined
              ? undefined
              : { role: a.role, port: free, ...(block.size > 1 ? { size: block.size } : {}) },
        }),
      });
    }
  }
  return out.sort(
    (x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character,
  );
}

/** Port findings for one workspace file (relative path). Files of no service, and berth.yaml itself, get none. */
/**
 * The findings of one file. `kind` (by service, from core/kindConfig.ts: kindRoutes) lets a manifest's NodePort
 * be judged as the host port its service's kind config maps it to.
 */
export function checkFile(
  config: BerthConfig,
  relPath: string,
  text: string,
  source?: SourceContext,
  kind?: ReadonlyMap<string, readonly NodePortRoute[]>,
): Finding[] {
  const file = normalizeRelPath(relPath);
  if (!serviceForFile(config, file)) return [];
  return checkFoundPorts(config, file, text, findPorts(file, text, source), kind);
}

/**
 * checkFile with the file's port references already found: finding them reads only the text (and, for
 * source code, the declaration index), so a caller that keeps them can judge a file again under a new
 * allocation without parsing it again (the language server after a berth.yaml edit).
 */
export function checkFoundPorts(
  config: BerthConfig,
  relPath: string,
  text: string,
  refs: readonly PortRef[],
  kind?: ReadonlyMap<string, readonly NodePortRoute[]>,
): Finding[] {
  const file = normalizeRelPath(relPath);
  const service = serviceForFile(config, file);
  if (!service) return [];
  const out: Finding[] = [];
  for (const ref of refs) {
    const f = checkRef(config, service.name, file, ref);
    if (f) out.push(f);
  }
  const routes = kind?.get(service.name);
  if (routes?.length) out.push(...checkNodePorts(config, service.name, file, text, routes));
  return out;
}

/** A NodePort mapped by the service's kind config is that host port: the rules judge the host port, at the NodePort. */
function checkNodePorts(
  config: BerthConfig,
  service: string,
  file: string,
  text: string,
  routes: readonly NodePortRoute[],
): Finding[] {
  const out: Finding[] = [];
  for (const ref of findNodePorts(file, text)) {
    const route = routes.find((r) => r.nodePort === ref.port);
    if (!route) continue;
    const f = checkRef(config, service, file, { ...ref, port: route.hostPort });
    if (!f) continue;
    const at = `${route.file}:${route.range.start.line + 1}`;
    out.push({
      ...f,
      // No quick-fix facts: replacing the NodePort by a host port would be wrong; the mapping is what to change.
      data: undefined,
      message: `nodePort ${ref.port} reaches host port ${route.hostPort} through the kind config (${at}): ${f.message}`,
      related: [
        {
          file: route.file,
          range: route.range,
          message: `extraPortMappings: containerPort ${ref.port} → hostPort ${route.hostPort}`,
        },
        ...(f.related ?? []),
      ],
    });
  }
  return out;
}

function checkRef(config: BerthConfig, service: string, file: string, ref: PortRef): Finding | undefined {
  const owners = allocationsByPort(config).get(ref.port);
  if (owners) {
    if (owners.some((a) => sharesWith(a, service))) return undefined;
    const owner = owners[0];
    const own = ownPortOf(config, service, owner.role);
    const ownText = own ? `; '${service}' uses ${own.port} for ${owner.role}` : `, not to '${service}'`;
    return {
      file,
      range: ref.range,
      severity: 'error',
      code: 'port-owned-by-other-service',
      message: `port ${ref.port} belongs to '${owner.service}' (${owner.role})${ownText}`,
      service,
      port: ref.port,
      related: owners.map((a) => related(config, a)),
      data: withoutUndefined({
        owner: { service: owner.service, role: owner.role },
        ownPort: own,
        nextFree: nextFree(config, owner.role),
      }),
    };
  }
  const ranges = rangesContaining(config, ref.port);
  // One scope for every kind of reference: by default only a port inside a declared pool is suspicious
  // (8080 or 5432 outside every range is nobody's business); `check: { unallocated: everywhere }` widens it.
  if (ranges.length === 0 && config.check.unallocated === 'in-range') return undefined;
  const r = ranges[0];
  const own = r ? ownPortOf(config, service, r.role) : undefined;
  let message = `port ${ref.port} is not allocated to any service in ${config.file}`;
  if (r)
    message += ` (it lies in the ${r.role} range ${r.from}-${r.to}${own ? `; '${service}' uses ${own.port} for ${r.role}` : ''})`;
  return {
    file,
    range: ref.range,
    severity: 'warning',
    code: 'port-not-allocated',
    message,
    service,
    port: ref.port,
    data: withoutUndefined({ ownPort: own, nextFree: r ? nextFree(config, r.role) : undefined }),
  };
}
