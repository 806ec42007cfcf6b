// What a Kubernetes manifest says about a pod's `hostPort`: the port entry's `name:` (http, metrics …),
// else the container's `name:` (node-exporter). That is the role, as the manifest's author named it.
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import { mapGet, scalarValue } from '../core/yamlReader';
import { LineIndex } from '../core/text';

/** 0-based line of each `hostPort:` of a container's ports → the name it is given. */
export function hostPortNames(text: string): Map<number, string> {
  const out = new Map<number, string>();
  if (!text.includes('hostPort')) return out;
  const index = new LineIndex(text);
  let docs;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false });
  } catch {
    return out;
  }
  for (const doc of Array.isArray(docs) ? docs : []) {
    visit(doc, {
      Pair(_, pair, path) {
        if (!isScalar(pair.key) || pair.key.value !== 'hostPort' || !pair.key.range) return;
        // … containers: [ { name, ports: [ { name?, containerPort, hostPort } ] } ]
        const [container, portsPair, portsSeq, entry] = path.slice(-4);
        if (!isMap(entry) || !isSeq(portsSeq) || !isPair(portsPair) || !isMap(container)) return;
        if (!isScalar(portsPair.key) || portsPair.key.value !== 'ports') return;
        const name = scalarValue(mapGet(entry, 'name')?.value) ?? scalarValue(mapGet(container, 'name')?.value);
        if (typeof name === 'string' && name) out.set(index.positionAt(pair.key.range[0]).line, name);
      },
    });
  }
  return out;
}
