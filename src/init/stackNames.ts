// The files that define a stack of their own (a compose file, a kind cluster config) and the name the
// stack gives itself: compose's top-level `name:` (the project), a kind Cluster's `name:`.
import { isMap } from 'yaml';
import { mapGet, parseYaml, scalarValue } from '../core/yamlReader';
import type { ComposeFacts } from './composeFacts';
import type { StackName } from './serviceNames';

export interface StackFile {
  name?: StackName;
}

/** The stack `file` defines, if it defines one; `compose` is its compose facts when it is a compose file. */
export function stackOf(file: string, text: string, compose: ComposeFacts | undefined): StackFile | undefined {
  if (compose) {
    if (compose.project === undefined) return {};
    const line = (compose.projectLine ?? 0) + 1;
    return { name: { name: compose.project, what: 'compose project', seen: { file, line } } };
  }
  if (!/\.ya?ml$/i.test(file) || !/kind\.x-k8s\.io/.test(text)) return undefined;
  const { doc, index } = parseYaml(text, { uniqueKeys: false });
  const root = doc?.contents;
  if (!isMap(root) || scalarValue(mapGet(root, 'kind')?.value) !== 'Cluster') return undefined;
  const api = scalarValue(mapGet(root, 'apiVersion')?.value);
  if (typeof api !== 'string' || !api.startsWith('kind.x-k8s.io/')) return undefined;
  const pair = mapGet(root, 'name');
  const name = scalarValue(pair?.value);
  const at = (pair?.key as { range?: [number, number] } | undefined)?.range?.[0];
  if (typeof name !== 'string' || at === undefined) return {};
  return { name: { name, what: 'kind cluster', seen: { file, line: index.positionAt(at).line + 1 } } };
}
