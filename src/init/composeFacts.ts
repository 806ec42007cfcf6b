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
}

export interface ComposeFacts {
  /** `name:` at the top, when the file names its project. */
  project?: string;
  /** 0-based line of a ports entry (short syntax) or of any key of a long-syntax entry → facts. */
  byLine: Map<number, ComposePortFact>;
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
  const lineOf = (node: unknown) => {
    const r = (node as Node | null | undefined)?.range;
    return r ? file.parsed.index.positionAt(r[0]).line : -1;
  };
  const root = deref(doc, doc.contents);
  const project = isMap(root) ? scalar((root.items as Pair[]).find((p) => keyOf(p) === 'name')?.value) : undefined;
  if (typeof project === 'string') facts.project = project;
  for (const svc of file.services) {
    const value = (key: string) => deref(doc, svc.pairs.find((p) => keyOf(p) === key)?.value);
    const imageValue = scalar(value('image'));
    const image = typeof imageValue === 'string' ? imageValue : undefined;
    const ports = value('ports');
    if (!isSeq(ports)) continue;
    for (const raw of ports.items) {
      const item = deref(doc, raw);
      if (isMap(item)) {
        const target = scalar((item.items as Pair[]).find((p) => keyOf(p) === 'target')?.value);
        const fact = { service: svc.name, image, containerPort: readPortRange(String(target ?? ''))?.from };
        for (const p of item.items as Pair[]) {
          facts.byLine.set(lineOf(p.key), fact);
          facts.byLine.set(lineOf(p.value), fact);
        }
      } else {
        const spec = scalar(item);
        const containerPort = spec === undefined ? undefined : parseShortPort(String(spec))?.container?.from;
        facts.byLine.set(lineOf(item), { service: svc.name, image, containerPort });
      }
    }
  }
  return facts;
}
