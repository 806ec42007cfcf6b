// The one way Berth reads YAML it reports on (berth.yaml, stack definitions, compose files): the `yaml`
// package's document, node → source range, and problems as located findings. Never throws on bad input.
import { isAlias, isPair, isScalar, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import type { Finding, Position, Range, RuleCode, Severity } from './types';
import { LineIndex } from './text';
import { didYouMean } from './suggest';

type FindingCode = Extract<RuleCode, 'schema' | 'stack'>;

export class YamlReader {
  constructor(
    readonly index: { positionAt(offset: number): Position },
    readonly file: string,
    readonly doc?: Document,
    /** The service findings are attributed to. */
    readonly service?: string,
    readonly findings: Finding[] = [],
  ) {}

  /** The same document and finding list, attributing findings to `service`. */
  forService(service: string): YamlReader {
    return new YamlReader(this.index, this.file, this.doc, service, this.findings);
  }

  range(node: unknown): Range {
    const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
    const [start, end] = r ?? [0, 0];
    return { start: this.index.positionAt(start), end: this.index.positionAt(end) };
  }

  /** `facts`: the port a finding is about, for readers that match findings by port rather than by wording. */
  add(
    node: unknown,
    message: string,
    code: FindingCode = 'schema',
    severity: Severity = 'error',
    facts: Pick<Finding, 'port'> = {},
  ): void {
    this.findings.push({
      file: this.file,
      range: this.range(node),
      severity,
      code,
      message,
      ...(this.service ? { service: this.service } : {}),
      ...facts,
    });
  }

  /** Follows aliases (`*anchor`) to the node they name. */
  deref(node: unknown): unknown {
    return isAlias(node) && this.doc ? node.resolve(this.doc) : node;
  }

  /** The pairs of a mapping whose keys are plain names (aliases followed); reports other keys. */
  entries(map: YAMLMap, where: string): { key: string; keyNode: unknown; value: unknown; pair: Pair }[] {
    const out = [];
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key;
      const k = isScalar(keyNode) ? keyNode.value : undefined;
      if (typeof k !== 'string' && typeof k !== 'number') {
        this.add(keyNode ?? pair.value ?? map, `${where}: keys must be plain names`);
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

  unknownKey(keyNode: unknown, key: string, known: string[], where: string): void {
    this.add(keyNode, `unknown key '${key}' in ${where}${didYouMean(key, known)}`);
  }

  /** An integer port number 1..65535, else a finding. */
  port(node: unknown, keyNode: unknown, what: string): number | undefined {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      const shown = isScalar(node) && node.value !== null ? ` (got ${JSON.stringify(node.value)})` : '';
      this.add(this.valueOr(node, keyNode), `${what} must be an integer port number${shown}`);
      return undefined;
    }
    if (v < 1 || v > 65535) {
      this.add(node, `${what}: ${v} is outside the port range 1..65535`);
      return undefined;
    }
    return v;
  }
}

export interface ParsedYaml {
  doc?: Document;
  index: LineIndex;
  /** Why the parser itself gave up (it reports ordinary syntax errors in doc.errors). */
  failure?: string;
}

/** Parses without judging: the document and its line index. Never throws. */
export function parseYaml(text: string, opts: { uniqueKeys?: boolean } = {}): ParsedYaml {
  const index = new LineIndex(text);
  try {
    return { doc: parseDocument(text, { prettyErrors: false, uniqueKeys: opts.uniqueKeys ?? true }), index };
  } catch (e) {
    return { index, failure: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * A reader over a parsed document whose findings start with its YAML syntax errors (and the parser's
 * warnings) as `schema` findings. `syntaxErrors` tells a document recovered from broken YAML from a clean one.
 */
export function readerFor(
  parsed: ParsedYaml,
  file: string,
  service?: string,
): { reader: YamlReader; syntaxErrors: boolean } {
  const { doc, index } = parsed;
  const reader = new YamlReader(index, file, doc, service);
  if (!doc) {
    reader.add(undefined, `cannot read ${file}: ${parsed.failure ?? 'unknown error'}`);
    return { reader, syntaxErrors: true };
  }
  for (const e of doc.errors) reader.add({ range: e.pos }, `YAML: ${firstLine(e.message)}`);
  for (const w of doc.warnings) reader.add({ range: w.pos }, `YAML: ${firstLine(w.message)}`, 'schema', 'warning');
  return { reader, syntaxErrors: doc.errors.length > 0 };
}

/** parseYaml + readerFor. */
export function readYaml(
  text: string,
  file: string,
  opts: { uniqueKeys?: boolean; service?: string } = {},
): { reader: YamlReader; syntaxErrors: boolean } {
  return readerFor(parseYaml(text, opts), file, opts.service);
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function isNull(node: unknown): boolean {
  return node == null || (isScalar(node) && node.value == null);
}

/** The pair of `map` whose key is the scalar `key`. */
export function mapGet(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && scalarValue(p.key) === key) as Pair | undefined;
}

/** A scalar string (numbers and booleans are stringified, as compose does for env values). */
export function readString(node: unknown, reader: YamlReader, what: string): string | undefined {
  const v = scalarValue(node);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  reader.add(node, `${what} must be a string`);
  return undefined;
}
