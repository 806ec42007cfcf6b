// A kind cluster config (kind.x-k8s.io/v1alpha4) as Berth reads it: each node's extraPortMappings, host port
// and node container port (which kind users set to a Service's NodePort), with where the host port is written.
// A NodePort reaches the host only through such a mapping: the route nodePort → hostPort is what the port
// rules check in a service's Kubernetes manifests. Pure; a text that is not a kind config yields no mappings.
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { LineIndex } from './text';
import type { BerthConfig, KindPortMapping, Range } from './types';
import { normalizeRelPath } from './ownership';

export type { KindPortMapping };

const isKindApi = (v: unknown) => typeof v === 'string' && v.startsWith('kind.x-k8s.io/');
const portOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535 ? v : undefined);

export function readKindMappings(text: string): KindPortMapping[] {
  if (!text.includes('kind.x-k8s.io/')) return [];
  const index = new LineIndex(text);
  const out: KindPortMapping[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc) || !isMap(doc.contents) || !isKindApi(doc.get('apiVersion'))) continue;
    const nodes = doc.contents.get('nodes');
    if (!isSeq(nodes)) continue;
    for (const n of nodes.items) {
      if (!isMap(n)) continue;
      const role = String(n.get('role') ?? 'control-plane');
      const maps = n.get('extraPortMappings');
      if (!isSeq(maps)) continue;
      for (const m of maps.items) {
        if (!isMap(m)) continue;
        const hostNode = m.get('hostPort', true);
        const hostPort = portOf(isScalar(hostNode) ? hostNode.value : undefined);
        const containerPort = portOf(m.get('containerPort'));
        if (hostPort === undefined || containerPort === undefined || !isScalar(hostNode) || !hostNode.range) continue;
        const listen = m.get('listenAddress');
        out.push({
          containerPort,
          hostPort,
          role,
          ...(typeof listen === 'string' ? { listenAddress: listen } : {}),
          range: index.rangeOf(hostNode.range[0], hostNode.range[1]),
        });
      }
    }
  }
  return out;
}

/** How a service's NodePorts reach the host: through its kind config's mappings (file relative to the root). */
export interface NodePortRoute {
  nodePort: number;
  hostPort: number;
  file: string;
  range: Range;
}

/** Per service naming a kind config, its routes; `readText` gives a root-relative file's text (undefined: unreadable). */
export function kindRoutes(
  config: BerthConfig,
  readText: (relPath: string) => string | undefined,
): Map<string, NodePortRoute[]> {
  const out = new Map<string, NodePortRoute[]>();
  for (const s of config.services) {
    const file = s.kind?.config && normalizeRelPath(s.kind.config);
    if (!file) continue;
    const text = readText(file);
    if (text === undefined) continue;
    const routes = readKindMappings(text).map((m) => ({
      nodePort: m.containerPort,
      hostPort: m.hostPort,
      file,
      range: m.range,
    }));
    out.set(s.name, routes);
  }
  return out;
}
