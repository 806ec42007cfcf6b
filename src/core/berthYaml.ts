// Reads berth.yaml into a BerthConfig with source ranges. Never throws: YAML syntax errors, wrong
// types, bad ports, unknown keys and unknown services all become located `schema` findings, and
// whatever is still usable is kept so the rules and the tree can work on a half-edited file.
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import type {
  BerthConfig,
  Finding,
  ParseResult,
  PortAllocation,
  Range,
  RoleRange,
  ServiceDef,
  Severity,
} from './types';
import { LineIndex } from './text';
import { didYouMean } from './suggest';
import { parseStackNode } from './stackDef';

/** Names of services and roles: they become labels, container-name parts and map keys. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const RANGE_TEXT = /^(\d{1,5})-(\d{1,5})$/;
const TOP_KEYS = ['version', 'ranges', 'services'];
const SERVICE_KEYS = ['ports', 'configs', 'stack'];
const PORT_KEYS = ['port', 'shared_with'];
const RANGE_KEYS = ['from', 'to'];

/** `x-…` keys are free-form extensions, as in compose files. */
const isExtensionKey = (k: string) => k.startsWith('x-');

class Reader {
  readonly findings: Finding[] = [];
  constructor(
    readonly index: LineIndex,
    readonly file: string,
    private readonly doc: Document,
  ) {}

  range(node: unknown): Range {
    const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return r ? this.index.rangeOf(r[0], r[1]) : this.index.rangeOf(0, 0);
  }

  add(node: unknown, message: string, service?: string, severity: Severity = 'error'): void {
    this.findings.push({
      file: this.file,
      range: this.range(node),
      severity,
      code: 'schema',
      message,
      ...(service ? { service } : {}),
    });
  }

  /** Follows aliases (`*anchor`) to the node they name. */
  deref(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  /** The pairs of a mapping whose keys are plain names; reports other keys. */
  entries(
    map: YAMLMap,
    where: string,
    service?: string,
  ): { key: string; keyNode: unknown; value: unknown; pair: Pair }[] {
    const out = [];
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key;
      const k = isScalar(keyNode) ? keyNode.value : undefined;
      if (typeof k !== 'string' && typeof k !== 'number') {
        this.add(keyNode ?? pair.value ?? map, `${where}: keys must be plain names`, service);
        continue;
      }
      out.push({ key: String(k), keyNode, value: this.deref(pair.value), pair });
    }
    return out;
  }

  /** Where a missing or null value is reported: the value if present, else its key. */
  valueOr(value: unknown, keyNode: unknown): unknown {
    return isNull(value) || !(value as { range?: unknown }).range ? keyNode : value;
  }

  unknownKey(keyNode: unknown, key: string, known: string[], where: string, service?: string): void {
    this.add(keyNode, `unknown key '${key}' in ${where}${didYouMean(key, known)}`, service);
  }

  port(node: unknown, keyNode: unknown, what: string, service?: string): number | undefined {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      const shown = isScalar(node) && node.value !== null ? ` (got ${JSON.stringify(node.value)})` : '';
      this.add(this.valueOr(node, keyNode), `${what} must be an integer port number${shown}`, service);
      return undefined;
    }
    if (v < 1 || v > 65535) {
      this.add(node, `${what}: ${v} is outside the port range 1..65535`, service);
      return undefined;
    }
    return v;
  }
}

export function parseBerthYaml(text: string, file = 'berth.yaml'): ParseResult {
  const index = new LineIndex(text);
  let doc: Document;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    // The yaml package reports problems in doc.errors; this guards against the unexpected.
    return {
      findings: [
        {
          file,
          range: index.rangeOf(0, 0),
          severity: 'error',
          code: 'schema',
          message: `cannot read ${file}: ${(e as Error).message}`,
        },
      ],
      syntaxErrors: true,
    };
  }
  const r = new Reader(index, file, doc);
  for (const e of doc.errors)
    r.findings.push({
      file,
      range: index.rangeOf(e.pos[0], e.pos[1]),
      severity: 'error',
      code: 'schema',
      message: `YAML: ${firstLine(e.message)}`,
    });
  for (const w of doc.warnings)
    r.findings.push({
      file,
      range: index.rangeOf(w.pos[0], w.pos[1]),
      severity: 'warning',
      code: 'schema',
      message: `YAML: ${firstLine(w.message)}`,
    });

  const root = r.deref(doc.contents);
  if (!isMap(root)) {
    const what = root == null || (isScalar(root) && root.value == null) ? 'is empty' : 'must be a mapping';
    r.add(root, `${file} ${what}: expected 'version', 'services' and optionally 'ranges'`);
    return { findings: r.findings, syntaxErrors: doc.errors.length > 0 };
  }

  const config: BerthConfig = { version: 1, file, ranges: [], services: [] };
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
    } else if (!isExtensionKey(key)) {
      r.unknownKey(keyNode, key, TOP_KEYS, 'berth.yaml');
    }
  }
  if (!sawVersion) r.add(firstKey(root), "missing 'version: 1'");
  if (!sawServices) r.add(firstKey(root), "missing 'services'");
  if (servicesNode) config.services = readServices(r, servicesNode);
  return { config, findings: r.findings, syntaxErrors: doc.errors.length > 0 };
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

function isNull(node: unknown): boolean {
  return node == null || (isScalar(node) && node.value == null);
}

function firstKey(map: YAMLMap): unknown {
  const p = map.items[0];
  return p ? p.key : map;
}

function readRanges(r: Reader, map: YAMLMap): RoleRange[] {
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

function readServices(r: Reader, map: YAMLMap): ServiceDef[] {
  const services: ServiceDef[] = [];
  // shared_with names are checked once every service is known.
  const sharedRefs: { service: string; name: string; node: unknown }[] = [];
  const stackNodes: { svc: ServiceDef; node: unknown }[] = [];
  for (const { key: name, keyNode, value } of r.entries(map, 'services')) {
    if (!NAME_PATTERN.test(name))
      r.add(
        keyNode,
        `service name '${name}' must start with a letter or digit and hold only letters, digits, '_', '.', '-'`,
        name,
      );
    const svc: ServiceDef = { name, ports: [], configs: [], range: r.range(keyNode) };
    services.push(svc);
    if (isNull(value)) continue; // a service with nothing allocated yet
    if (!isMap(value)) {
      r.add(value, `service '${name}' must be a mapping with 'ports', 'configs' or 'stack'`, name);
      continue;
    }
    for (const e of r.entries(value, `service '${name}'`, name)) {
      if (e.key === 'ports') {
        if (isMap(e.value)) svc.ports = readPorts(r, name, e.value, sharedRefs);
        else if (!isNull(e.value))
          r.add(r.valueOr(e.value, e.keyNode), `ports of '${name}' must be a mapping of role -> port`, name);
      } else if (e.key === 'configs') {
        svc.configs = readConfigs(r, name, e.value, e.keyNode);
      } else if (e.key === 'stack') {
        stackNodes.push({ svc, node: e.value });
      } else if (!isExtensionKey(e.key)) {
        r.unknownKey(e.keyNode, e.key, SERVICE_KEYS, `service '${name}'`, name);
      }
    }
  }
  const names = services.map((s) => s.name);
  for (const ref of sharedRefs) {
    if (ref.name === ref.service) r.add(ref.node, `'${ref.service}' cannot share a port with itself`, ref.service);
    else if (!names.includes(ref.name))
      r.add(ref.node, `shared_with names unknown service '${ref.name}'${didYouMean(ref.name, names)}`, ref.service);
  }
  for (const { svc, node } of stackNodes) {
    const roles = svc.ports.map((p) => p.role);
    try {
      const res = parseStackNode(node, { index: r.index, file: r.file, service: svc.name, roles });
      if (res.stack) svc.stack = res.stack;
      r.findings.push(...res.findings);
    } catch (e) {
      // The stack reader must not take the whole file down with it.
      r.add(node, `stack of '${svc.name}' could not be read: ${(e as Error).message}`, svc.name);
    }
  }
  return services;
}

function readPorts(
  r: Reader,
  service: string,
  map: YAMLMap,
  sharedRefs: { service: string; name: string; node: unknown }[],
): PortAllocation[] {
  const out: PortAllocation[] = [];
  for (const { key: role, keyNode, value } of r.entries(map, `ports of '${service}'`, service)) {
    if (!NAME_PATTERN.test(role))
      r.add(
        keyNode,
        `role name '${role}' must start with a letter or digit and hold only letters, digits, '_', '.', '-'`,
        service,
      );
    const what = `port '${role}' of '${service}'`;
    if (isMap(value)) {
      let port: number | undefined;
      let portNode: unknown = keyNode;
      const sharedWith: string[] = [];
      for (const e of r.entries(value, what, service)) {
        if (e.key === 'port') {
          port = r.port(e.value, e.keyNode, what, service);
          portNode = e.value;
        } else if (e.key === 'shared_with') {
          if (isSeq(e.value)) {
            for (const item of e.value.items) {
              const it = r.deref(item);
              const v = isScalar(it) ? it.value : undefined;
              if (typeof v === 'string' && v !== '') {
                sharedWith.push(v);
                sharedRefs.push({ service, name: v, node: it });
              } else r.add(it ?? e.value, `shared_with of ${what} must list service names`, service);
            }
          } else
            r.add(r.valueOr(e.value, e.keyNode), `shared_with of ${what} must be a list of service names`, service);
        } else {
          r.unknownKey(e.keyNode, e.key, PORT_KEYS, what, service);
        }
      }
      if (!value.has('port')) r.add(keyNode, `${what} needs 'port'`, service);
      if (port !== undefined)
        out.push({ service, role, port, sharedWith, range: r.range(portNode), keyRange: r.range(keyNode) });
    } else {
      const port = r.port(value, keyNode, what, service);
      if (port !== undefined)
        out.push({ service, role, port, sharedWith: [], range: r.range(value), keyRange: r.range(keyNode) });
    }
  }
  return out;
}

function readConfigs(r: Reader, service: string, value: unknown, keyNode: unknown): string[] {
  if (!isSeq(value)) {
    r.add(r.valueOr(value, keyNode), `configs of '${service}' must be a list of workspace-relative globs`, service);
    return [];
  }
  const out: string[] = [];
  for (const item of value.items) {
    const it = r.deref(item);
    const v = isScalar(it) ? it.value : undefined;
    if (typeof v === 'string' && v.trim() !== '') out.push(v);
    else r.add(it ?? value, `configs of '${service}' must hold non-empty glob strings`, service);
  }
  return out;
}
