// Lines that say a port is shared with someone ("Notification shares PostgreSQL 15439 with HAPI",
// "15439 (PostgreSQL, shared with Notification)"; sharedMentions.ts). When the one it is shared with has
// no files here, the line is the repository naming a neighbour service and its port: it is proposed
// with the holder's role, shared with the holder, and a name line says so. Otherwise (a service here that
// does not use the port, or a port nobody holds) the line is reported with what to declare.
import { group } from './group';
import { formatSeen, seenOf, type Note, type ProposedService } from './proposal';
import type { ScanResult } from './scan';

export function sharedPorts(scan: ScanResult, services: Map<string, ProposedService>): Note[] {
  const notes: Note[] = [];
  for (const [key, mentions] of group(scan.shared, (m) => `${m.port}\u0000${m.service}`)) {
    const [port, other] = [Number(key.split('\u0000')[0]), mentions[0].service];
    if (services.get(other)?.ports.some((p) => p.port === port)) continue;
    const places = mentions.map((m) => formatSeen(seenOf(m))).join(', ');
    const where = { file: mentions[0].file, line: mentions[0].line + 1 };
    const holder = [...services.values()].find((s) => s.ports.some((p) => p.port === port));
    const held = holder?.ports.find((p) => p.port === port);
    const neighbour = services.get(other);
    // The holder's own files say it: a line elsewhere (another service's, a tool's) is only reported.
    const says = (h: ProposedService) =>
      mentions.some((m) => scan.refs.some((r) => r.file === m.file && r.service === h.name));
    if (
      holder &&
      held &&
      says(holder) &&
      !scan.globs.has(other) &&
      !neighbour?.ports.some((p) => p.role === held.role)
    ) {
      const target = neighbour ?? { name: other, ports: [], configs: [] };
      services.set(other, target);
      target.ports.push({ role: held.role, port, sharedWith: [holder.name], seen: [where] });
      notes.push({
        kind: 'name',
        message: `'${other}' has no files here: proposed as a neighbour service with ${held.role} ${port}, shared with '${holder.name}', because ${places} says ${port} is shared with ${mentions[0].with}; rename it to what your team calls it`,
        where,
        service: other,
        port,
        names: [],
      });
      continue;
    }
    const then = services.has(other)
      ? `declare it under shared_with${holder ? ` of '${holder.name}'` : ''} if so`
      : `'${other}' is no service here: add it${holder ? `, or list it under shared_with of '${holder.name}'` : ''}, if so`;
    notes.push({
      kind: 'ambiguous',
      message: `port ${port} is said to be shared with ${mentions[0].with} (${places}); ${then}`,
      where,
      port,
    });
  }
  return notes;
}
