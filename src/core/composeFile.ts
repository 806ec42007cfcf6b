// A compose file read once through the `yaml` AST, for both the port rules and compose stacks: the document,
// its services with their effective keys (`<<: *anchor` merges followed), and which keys of a service run
// inside its container. Parses are shared by text, so `berth check` and the language server parse a compose
// file once for both readers. The document is shared: readers must not change it.
import { isAlias, isMap, isScalar, isSeq, type Document, type Pair, type YAMLMap } from 'yaml';
import { parseYaml, type ParsedYaml } from './yamlReader';

export interface ComposeService {
  name: string;
  keyNode: unknown;
  /** The service's node (not necessarily a mapping: readers report what else it is). */
  node: unknown;
  /** Own keys, then the keys merged in through `<<` that it does not set itself. */
  pairs: Pair[];
}

export interface ComposeFile {
  parsed: ParsedYaml;
  syntaxErrors: boolean;
  /** The `services` mapping, when the file has one. */
  servicesNode?: YAMLMap;
  services: ComposeService[];
}

/**
 * Keys whose values run inside the service's container (its process, its shell, its environment):
 * `localhost:8080` there is the container's own port, not the host's.
 */
export const CONTAINER_SIDE_KEYS = new Set(['healthcheck', 'command', 'entrypoint', 'environment']);

const CACHE_SIZE = 8;
const cache = new Map<string, ComposeFile>();
let parses = 0;

/** How many compose texts have been parsed so far (tests check that one check parses each file once). */
export function composeParses(): number {
  return parses;
}

export function readComposeFile(text: string): ComposeFile {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text); // most recently used last
    cache.set(text, hit);
    return hit;
  }
  parses++;
  const file = build(parseYaml(text, { uniqueKeys: false }));
  cache.set(text, file);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return file;
}

function build(parsed: ParsedYaml): ComposeFile {
  const doc = parsed.doc;
  if (!doc) return { parsed, syntaxErrors: true, services: [] };
  const syntaxErrors = doc.errors.length > 0;
  const servicesNode = servicesMap(doc);
  if (!servicesNode) return { parsed, syntaxErrors, services: [] };
  return { parsed, syntaxErrors, servicesNode, services: composeServices(doc, servicesNode) };
}

/** The services of a `services` mapping (of `doc`, or of a copy of it). */
export function composeServices(doc: Document, servicesNode: YAMLMap): ComposeService[] {
  const services: ComposeService[] = [];
  for (const pair of servicesNode.items as Pair[]) {
    const node = deref(doc, pair.value);
    const name = keyOf(pair);
    if (name === undefined) continue;
    services.push({ name, keyNode: pair.key, node, pairs: isMap(node) ? effectivePairs(doc, node) : [] });
  }
  return services;
}

/** The `services` mapping of a compose document. */
export function servicesMap(doc: Document): YAMLMap | undefined {
  const root = deref(doc, doc.contents);
  const pair = isMap(root) ? (root.items as Pair[]).find((p) => keyOf(p) === 'services') : undefined;
  const node = deref(doc, pair?.value);
  return isMap(node) ? node : undefined;
}

export function keyOf(pair: Pair): string | undefined {
  const k = isScalar(pair.key) ? pair.key.value : undefined;
  return typeof k === 'string' || typeof k === 'number' ? String(k) : undefined;
}

export function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** A mapping's pairs with `<<: *a` / `<<: [*a, *b]` merged in as YAML 1.1 merge keys (and compose) do. */
function effectivePairs(doc: Document, map: YAMLMap, seen = new Set<unknown>()): Pair[] {
  seen.add(map);
  const own = (map.items as Pair[]).filter((p) => keyOf(p) !== '<<');
  const keys = new Set(own.map(keyOf));
  const out = [...own];
  for (const p of map.items as Pair[]) {
    if (keyOf(p) !== '<<') continue;
    const v = deref(doc, p.value);
    const sources = isSeq(v) ? v.items.map((i) => deref(doc, i)) : [v];
    for (const src of sources) {
      if (!isMap(src) || seen.has(src)) continue;
      for (const q of effectivePairs(doc, src, seen)) {
        const k = keyOf(q);
        if (keys.has(k)) continue;
        keys.add(k);
        out.push(q);
      }
    }
  }
  return out;
}
