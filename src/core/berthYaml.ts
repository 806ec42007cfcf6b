// Reads berth.yaml into a BerthConfig with source ranges. Never throws: YAML syntax errors, wrong
// types, bad ports, unknown keys and unknown services all become located `schema` findings, and
// whatever is still usable is kept so the rules and the tree can work on a half-edited file.
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import {
  UNALLOCATED_SCOPES,
  type BerthConfig,
  type CheckOptions,
  type ParseResult,
  type PortAllocation,
  type RoleRange,
  type ServiceDef,
} from './types';
import { didYouMean } from './suggest';
import { parseStackNode } from './stackDef';
import { isNull, readYaml, type YamlReader } from './yamlReader';

/** Names of services and roles: they become labels, container-name parts and map keys. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const RANGE_TEXT = /^(\d{1,5})-(\d{1,5})$/;
const TOP_KEYS = ['version', 'ranges', 'services', 'check'];
const CHECK_KEYS = ['unallocated'];
const SERVICE_KEYS = ['ports', 'configs', 'workers', 'stack', 'kind'];
const KIND_KEYS = ['cluster', 'config'];
/** An upper bound on `workers`: beyond it a block is more likely a typo than a test pool. */
export const MAX_WORKERS = 256;
const PORT_KEYS = ['port', 'shared_with'];
const RANGE_KEYS = ['from', 'to'];

/** `x-…` keys are free-form extensions, as in compose files. */
const isExtensionKey = (k: string) => k.startsWith('x-');

export function parseBerthYaml(text: string, file = 'berth.yaml'): ParseResult {
  const { reader: r, syntaxErrors } = readYaml(text, file);
  if (!r.doc) return { findings: r.findings, syntaxErrors };
  const root = r.deref(r.doc.contents);
  if (!isMap(root)) {
    const what = root == null || (isScalar(root) && root.value == null) ? 'is empty' : 'must be a mapping';
    r.add(root, `${file} ${what}: expected 'version', 'services' and optionally 'ranges'`);
    return { findings: r.findings, syntaxErrors };
  }

  const config: BerthConfig = { version: 1, file, ranges: [], services: [], check: defaultCheck() };
  let servicesNode: YAMLMap | undefined;
  let sawVersion = false;
  let sawServices = false;
  for (const { key, keyNode, value } of r.entries(root, 'top level')) {
    if (key === 'version') {
      sawVersion = true;
      const v = isScalar(value) ? value.value : undefined;
      if (v !== 1)
        r.add(
          r.valueOr(value, keyNode),
          `version must be 1${v !== undefined && v !== null ? ` (got ${JSON.stringify(v)})` : ''}`,
        );
    } else if (key === 'ranges') {
      if (isMap(value)) config.ranges = readRanges(r, value);
      else if (!isNull(value))
        r.add(r.valueOr(value, keyNode), `ranges must be a mapping of role -> "FROM-TO" or {from, to}`);
    } else if (key === 'services') {
      sawServices = true;
      if (isMap(value)) servicesNode = value;
      else r.add(r.valueOr(value, keyNode), 'services must be a mapping of service name -> {ports, configs, stack}');
    } else if (key === 'check') {
      config.check = readCheck(r, value, keyNode);
    } else if (!isExtensionKey(key)) {
      r.unknownKey(keyNode, key, TOP_KEYS, 'berth.yaml');
    }
  }
  if (!sawVersion) r.add(firstKey(root), "missing 'version: 1'");
  if (!sawServices) r.add(firstKey(root), "missing 'services'");
  if (servicesNode) config.services = readServices(r, servicesNode);
  return { config, findings: r.findings, syntaxErrors };
}

export function defaultCheck(): CheckOptions {
  return { unallocated: 'in-range' };
}

/** `check: { unallocated: in-range | everywhere }`: how far \`port-not-allocated\` reaches. */
function readCheck(r: YamlReader, value: unknown, keyNode: unknown): CheckOptions {
  const check = defaultCheck();
  if (isNull(value)) return check;
  if (!isMap(value)) {
    r.add(r.valueOr(value, keyNode), `check must be a mapping such as { unallocated: in-range }`);
    return check;
  }
  for (const e of r.entries(value, 'check')) {
    if (e.key !== 'unallocated') {
      r.unknownKey(e.keyNode, e.key, CHECK_KEYS, 'check');
      continue;
    }
    const v = isScalar(e.value) ? e.value.value : undefined;
    const scope = UNALLOCATED_SCOPES.find((s) => s === v);
    if (scope) check.unallocated = scope;
    else {
      const got = v === undefined || v === null ? '' : ` (got ${JSON.stringify(v)})`;
      const hint = typeof v === 'string' ? didYouMean(v, [...UNALLOCATED_SCOPES]) : '';
      r.add(r.valueOr(e.value, e.keyNode), `check.unallocated must be ${UNALLOCATED_SCOPES.join(' or ')}${got}${hint}`);
    }
  }
  return check;
}

function firstKey(map: YAMLMap): unknown {
  const p = map.items[0];
  return p ? p.key : map;
}

function readRanges(r: YamlReader, map: YAMLMap): RoleRange[] {
  const out: RoleRange[] = [];
  for (const { key: role, keyNode, value } of r.entries(map, 'ranges')) {
    if (!NAME_PATTERN.test(role))
      r.add(
        keyNode,
        `role name '${role}' must start with a letter or digit and hold only letters, digits, '_', '.', '-'`,
      );
    let from: number | undefined;
    let to: number | undefined;
    if (isScalar(value) && typeof value.value === 'string') {
      const m = RANGE_TEXT.exec(value.value);
      if (!m) {
        r.add(value, `range of '${role}' must look like "15433-15449" (got ${JSON.stringify(value.value)})`);
        continue;
      }
      from = Number(m[1]);
      to = Number(m[2]);
      if (from < 1 || from > 65535 || to < 1 || to > 65535) {
        r.add(value, `range of '${role}': ports must lie in 1..65535`);
        continue;
      }
    } else if (isMap(value)) {
      for (const e of r.entries(value, `range of '${role}'`)) {
        if (e.key === 'from') from = r.port(e.value, e.keyNode, `range of '${role}': from`);
        else if (e.key === 'to') to = r.port(e.value, e.keyNode, `range of '${role}': to`);
        else r.unknownKey(e.keyNode, e.key, RANGE_KEYS, `range of '${role}'`);
      }
      const missing = RANGE_KEYS.filter((k) => !value.has(k));
      if (missing.length) r.add(keyNode, `range of '${role}' needs ${missing.map((k) => `'${k}'`).join(' and ')}`);
      if (from === undefined || to === undefined) continue;
    } else {
      r.add(r.valueOr(value, keyNode), `range of '${role}' must be "FROM-TO" or {from: N, to: N}`);
      continue;
    }
    if (from > to) {
      r.add(value, `range of '${role}' is empty: ${from} is above ${to}`);
      continue;
    }
    out.push({ role, from, to, range: r.range(value) });
  }
  return out;
}

function readServices(r: YamlReader, map: YAMLMap): ServiceDef[] {
  const services: ServiceDef[] = [];
  // shared_with names are checked once every service is known.
  const sharedRefs: { service: string; name: string; node: unknown }[] = [];
  const stackNodes: { svc: ServiceDef; node: unknown }[] = [];
  for (const { key: name, keyNode, value } of r.entries(map, 'services')) {
    const sr = r.forService(name);
    if (!NAME_PATTERN.test(name))
      sr.add(
        keyNode,
        `service name '${name}' must start with a letter or digit and hold only letters, digits, '_', '.', '-'`,
      );
    const svc: ServiceDef = { name, ports: [], configs: [], range: r.range(keyNode) };
    services.push(svc);
    if (isNull(value)) continue; // a service with nothing allocated yet
    if (!isMap(value)) {
      sr.add(value, `service '${name}' must be a mapping with 'ports', 'configs' or 'stack'`);
      continue;
    }
    for (const e of sr.entries(value, `service '${name}'`)) {
      if (e.key === 'ports') {
        if (isMap(e.value)) svc.ports = readPorts(sr, name, e.value, sharedRefs);
        else if (!isNull(e.value))
          sr.add(sr.valueOr(e.value, e.keyNode), `ports of '${name}' must be a mapping of role -> port`);
      } else if (e.key === 'configs') {
        svc.configs = readConfigs(sr, name, e.value, e.keyNode);
      } else if (e.key === 'workers') {
        const n = isScalar(e.value) ? e.value.value : undefined;
        if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_WORKERS) svc.workers = n;
        else
          sr.add(
            sr.valueOr(e.value, e.keyNode),
            `workers of '${name}' must be a whole number from 1 to ${MAX_WORKERS}${n !== undefined && n !== null ? ` (got ${JSON.stringify(n)})` : ''}`,
          );
      } else if (e.key === 'stack') {
        stackNodes.push({ svc, node: e.value });
      } else if (e.key === 'kind') {
        svc.kind = readKind(sr, name, e.value, e.keyNode);
      } else if (!isExtensionKey(e.key)) {
        sr.unknownKey(e.keyNode, e.key, SERVICE_KEYS, `service '${name}'`);
      }
    }
  }
  const names = services.map((s) => s.name);
  for (const ref of sharedRefs) {
    const sr = r.forService(ref.service);
    if (ref.name === ref.service) sr.add(ref.node, `'${ref.service}' cannot share a port with itself`);
    else if (!names.includes(ref.name))
      sr.add(ref.node, `shared_with names unknown service '${ref.name}'${didYouMean(ref.name, names)}`);
  }
  for (const { svc, node } of stackNodes) {
    const roles = svc.ports.map((p) => p.role);
    try {
      const res = parseStackNode(node, { index: r.index, file: r.file, service: svc.name, roles });
      if (res.stack) svc.stack = res.stack;
      r.findings.push(...res.findings);
    } catch (e) {
      // The stack reader must not take the whole file down with it.
      r.forService(svc.name).add(
        node,
        `stack of '${svc.name}' could not be read: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  return services;
}

function readPorts(
  r: YamlReader,
  service: string,
  map: YAMLMap,
  sharedRefs: { service: string; name: string; node: unknown }[],
): PortAllocation[] {
  const out: PortAllocation[] = [];
  for (const { key: role, keyNode, value } of r.entries(map, `ports of '${service}'`)) {
    if (!NAME_PATTERN.test(role))
      r.add(
        keyNode,
        `role name '${role}' must start with a letter or digit and hold only letters, digits, '_', '.', '-'`,
      );
    const what = `port '${role}' of '${service}'`;
    if (isMap(value)) {
      let port: number | undefined;
      let portNode: unknown = keyNode;
      const sharedWith: string[] = [];
      for (const e of r.entries(value, what)) {
        if (e.key === 'port') {
          port = r.port(e.value, e.keyNode, what);
          portNode = e.value;
        } else if (e.key === 'shared_with') {
          if (isSeq(e.value)) {
            for (const item of e.value.items) {
              const it = r.deref(item);
              const v = isScalar(it) ? it.value : undefined;
              if (typeof v === 'string' && v !== '') {
                sharedWith.push(v);
                sharedRefs.push({ service, name: v, node: it });
              } else r.add(it ?? e.value, `shared_with of ${what} must list service names`);
            }
          } else r.add(r.valueOr(e.value, e.keyNode), `shared_with of ${what} must be a list of service names`);
        } else {
          r.unknownKey(e.keyNode, e.key, PORT_KEYS, what);
        }
      }
      if (!value.has('port')) r.add(keyNode, `${what} needs 'port'`);
      if (port !== undefined)
        out.push({ service, role, port, sharedWith, range: r.range(portNode), keyRange: r.range(keyNode) });
    } else {
      const port = r.port(value, keyNode, what);
      if (port !== undefined)
        out.push({ service, role, port, sharedWith: [], range: r.range(value), keyRange: r.range(keyNode) });
    }
  }
  return out;
}

/** `kind: { cluster: NAME, config: path/to/kind-config.yaml }`. */
function readKind(r: YamlReader, service: string, value: unknown, keyNode: unknown): ServiceDef['kind'] {
  const what = `kind of '${service}'`;
  if (!isMap(value)) {
    r.add(r.valueOr(value, keyNode), `${what} must be a mapping such as { cluster: e2e, config: kind-config.yaml }`);
    return undefined;
  }
  let cluster: string | undefined;
  let config: string | undefined;
  for (const e of r.entries(value, what)) {
    if (!KIND_KEYS.includes(e.key)) {
      r.unknownKey(e.keyNode, e.key, KIND_KEYS, what);
      continue;
    }
    const v = isScalar(e.value) ? e.value.value : undefined;
    if (e.key === 'cluster') {
      // kind's own rule for cluster names (they become container names and DNS labels).
      if (typeof v === 'string' && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v)) cluster = v;
      else
        r.add(
          r.valueOr(e.value, e.keyNode),
          `cluster of ${what} must be a kind cluster name (lower-case letters, digits, '-', '.')`,
        );
    } else if (typeof v === 'string' && v.trim() !== '') config = v;
    else
      r.add(
        r.valueOr(e.value, e.keyNode),
        `config of ${what} must be the workspace-relative path of a kind cluster config`,
      );
  }
  if (!value.has('cluster')) r.add(keyNode, `${what} needs 'cluster'`);
  return cluster === undefined
    ? undefined
    : { cluster, ...(config !== undefined ? { config } : {}), range: r.range(keyNode) };
}

function readConfigs(r: YamlReader, service: string, value: unknown, keyNode: unknown): string[] {
  if (!isSeq(value)) {
    r.add(r.valueOr(value, keyNode), `configs of '${service}' must be a list of workspace-relative globs`);
    return [];
  }
  const out: string[] = [];
  for (const item of value.items) {
    const it = r.deref(item);
    const v = isScalar(it) ? it.value : undefined;
    if (typeof v === 'string' && v.trim() !== '') out.push(v);
    else r.add(it ?? value, `configs of '${service}' must hold non-empty glob strings`);
  }
  return out;
}
