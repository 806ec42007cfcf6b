// What a compose file says about each published port beyond the host number the port finder reports:
// the compose service, its image and the container port. The file is read through the shared compose
// reader (core/composeFile: one parse, cached, merges followed) and entries with the one reading of port
// specs (core/composePorts); init matches the finder's references to these facts by line.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { deref, keyOf, readComposeFile } from '../core/composeFile';
import { parseShortPort, readPortRange } from '../core/composePorts';

export interface ComposePortFact {
  /** Compose service (key under `services:`). */
  service: string;
  image?: string;
  containerPort?: number;
  /** Built from the workspace (`build:`): the code at hand, not an app pulled in. */
  built?: boolean;
}

export interface ComposeFacts {
  /** `name:` at the top, when the file names its project, and its 0-based line. */
  project?: string;
  projectLine?: number;
  /** 0-based line of a ports entry (short syntax) or of any key of a long-syntax entry → facts and columns. */
  byLine: Map<number, { from: number; to: number; fact: ComposePortFact }[]>;
}

/** The facts of the entry at a position: `ports: ["18097:8080", "19097:9090"]` holds two on one line. */
export function composeFactAt(facts: ComposeFacts | undefined, line: number, character: number) {
  const entries = facts?.byLine.get(line) ?? [];
  return (
    entries.find((e) => e.from <= character && character < e.to) ?? (entries.length === 1 ? entries[0] : undefined)
  )?.fact;
}

function scalar(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** Reads what it can; a broken or non-compose file gives empty facts (the finder's refs then carry no role). */
export function composeFacts(text: string): ComposeFacts {
  const facts: ComposeFacts = { byLine: new Map() };
  const file = readComposeFile(text);
  const doc = file.parsed.doc;
  if (!doc) return facts;
  const set = (node: unknown, fact: ComposePortFact) => {
    const r = (node as Node | null | undefined)?.range;
    if (!r) return;
    const from = file.parsed.index.positionAt(r[0]);
    const to = file.parsed.index.positionAt(r[1]);
    const entry = { from: from.character, to: to.line === from.line ? to.character : Infinity, fact };
    facts.byLine.set(from.line, [...(facts.byLine.get(from.line) ?? []), entry]);
  };
  const lineOf = (node: unknown) => {
    const r = (node as Node | null | undefined)?.range;
    return r ? file.parsed.index.positionAt(r[0]).line : -1;
  };
  const root = deref(doc, doc.contents);
  const namePair = isMap(root) ? (root.items as Pair[]).find((p) => keyOf(p) === 'name') : undefined;
  const project = scalar(namePair?.value);
  if (typeof project === 'string') {
    facts.project = project;
    facts.projectLine = lineOf(namePair?.key);
  }
  for (const svc of file.services) {
    const value = (key: string) => deref(doc, svc.pairs.find((p) => keyOf(p) === key)?.value);
    const imageValue = scalar(value('image'));
    const image = typeof imageValue === 'string' ? imageValue : undefined;
    const ports = value('ports');
    if (!isSeq(ports)) continue;
    const built = svc.pairs.some((p) => keyOf(p) === 'build') ? { built: true } : {};
    for (const raw of ports.items) {
      const item = deref(doc, raw);
      if (isMap(item)) {
        const target = scalar((item.items as Pair[]).find((p) => keyOf(p) === 'target')?.value);
        const fact = { service: svc.name, image, containerPort: readPortRange(String(target ?? ''))?.from, ...built };
        for (const p of item.items as Pair[]) {
          set(p.key, fact);
          set(p.value, fact);
        }
      } else {
        const spec = scalar(item);
        const containerPort = spec === undefined ? undefined : parseShortPort(String(spec))?.container?.from;
        set(item, { service: svc.name, image, containerPort, ...built });
      }
    }
  }
  return facts;
}
