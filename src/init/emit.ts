// The proposal as berth.yaml text, built with the `yaml` package's Document API so key order and the
// `# seen in file:line` comment beside each allocation come out as written here, and as plain data
// (the same shape, for --format json).
import { Document, isMap, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { formatSeen, type Proposal, type ProposedPort } from './proposal';

/** berth.yaml's shape as plain data: what the YAML text holds, without the comments. */
export function proposalData(p: Proposal): Record<string, unknown> {
  const ranges = Object.fromEntries(p.ranges.map((r) => [r.role, `${r.from}-${r.to}`]));
  const services = Object.fromEntries(
    p.services.map((s) => [
      s.name,
      {
        ports: Object.fromEntries(s.ports.map((a) => [a.role, portValue(a)])),
        ...(s.configs.length > 0 ? { configs: s.configs } : {}),
        ...(s.compose ? { stack: { compose: s.compose } } : {}),
      },
    ]),
  );
  return { version: 1, ...(p.ranges.length > 0 ? { ranges } : {}), services };
}

function portValue(a: ProposedPort): number | { port: number; shared_with: string[] } {
  return a.sharedWith.length > 0 ? { port: a.port, shared_with: a.sharedWith } : a.port;
}

export function proposalYaml(p: Proposal, sources: string[]): string {
  const doc = new Document(proposalData(p));
  doc.commentBefore =
    ` Proposed by \`berth init\` from ${sources.join(', ')}. Review it before use:\n` +
    ` each port says where it was seen; \`berth init\` printed what it could not decide.`;
  const root = doc.contents as YAMLMap;
  const ranges = root.get('ranges', true);
  if (isMap(ranges)) {
    for (const pair of ranges.items as Pair<Scalar, Scalar>[]) {
      const r = p.ranges.find((x) => x.role === pair.key.value);
      if (pair.value) pair.value.comment = r?.seen ? ` from ${formatSeen(r.seen)}` : ' covers the ports below';
    }
  }
  const services = child(root, 'services');
  for (const s of p.services) {
    const node = child(services, s.name);
    const ports = child(node, 'ports');
    if (s.ports.length === 0) ports.flow = true;
    for (const a of s.ports) {
      const value = ports.get(a.role, true) as unknown as Scalar | YAMLMap;
      if (isMap(value)) value.flow = true;
      const more = a.seen.length > 1 ? ` (+${a.seen.length - 1} more)` : '';
      if (a.seen[0]) value.comment = ` seen in ${formatSeen(a.seen[0])}${more}`;
    }
    if (s.compose) child(node, 'stack').flow = true;
  }
  return doc.toString({ lineWidth: 0 });
}

/** A mapping value this module itself put there (proposalData builds every one). */
function child(map: YAMLMap, key: string): YAMLMap {
  const node: unknown = map.get(key, true);
  if (!isMap(node)) throw new Error(`proposal node '${key}' is not a mapping`);
  return node;
}
