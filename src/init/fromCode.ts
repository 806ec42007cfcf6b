// The proposal the code alone supports. A port gets allocated only on strong evidence (published,
// a URL, a role-named key) with a readable role; a port two services use goes to the one whose compose
// file publishes it, or to nobody; two ports for one role keep the better-supported one. Every such
// decision leaves a note.
import { withoutContainerSide } from './containerSide';
import { dependencyRoles, type Candidate } from './dependencyRoles';
import { group } from './group';
import { neighbourServices } from './neighbours';
import { roleKey } from './names';
import { sharedPorts } from './sharing';
import type { ScannedRef, ScanResult } from './scan';
import {
  computedRanges,
  formatSeen,
  type Note,
  type ProposedPort,
  type ProposedService,
  type Proposal,
  seenOf,
} from './proposal';

/** References that define a port rather than use one. */
const DECLARING = new Set<ScannedRef['kind']>([
  'compose-published',
  'publish',
  'key',
  'source-key',
  'env-set',
  'listen',
]);
const where = (refs: ScannedRef[]) => refs.map((r) => formatSeen(seenOf(r))).join(', ');

export function proposeFromCode(scan: ScanResult): Proposal {
  const notes: Note[] = [...scan.notes];
  const unowned = scan.refs.filter((r) => !r.service && r.strength === 'strong');
  if (unowned.length > 0)
    notes.push({
      kind: 'unowned',
      message: `${unowned.length} port reference(s) in files of no service were not used (first: ${where(unowned.slice(0, 3))})`,
    });
  const candidates: Candidate[] = [];
  for (const [port, refs] of group(
    withoutContainerSide(scan.refs, notes).filter((r) => r.service),
    (r) => r.port,
  )) {
    const strong = refs.filter((r) => r.strength === 'strong');
    if (strong.length === 0) {
      for (const [service, weak] of group(refs, (r) => r.service!))
        notes.push({
          kind: 'ambiguous',
          message: `port ${port} in '${service}' is only a bare port key (${where(weak)}), perhaps a container port: not allocated`,
          where: seenOf(weak[0]),
          service,
          port,
        });
      continue;
    }
    const users = group(strong, (r) => r.service!);
    // A deployment folder's stack runs the other services too: their ports stay theirs.
    let owners = [...users.keys()];
    if (owners.some((s) => !scan.deployServices.has(s))) owners = owners.filter((s) => !scan.deployServices.has(s));
    if (owners.length > 1) {
      // The publisher owns the port; failing one, the only service that declares it (a constant, a key, an
      // environment entry) rather than just using it in a URL or an address.
      const publishers = owners.filter((s) => users.get(s)!.some((r) => r.kind === 'compose-published'));
      const declarers = owners.filter((s) => users.get(s)!.some((r) => DECLARING.has(r.kind)));
      const uses = owners.map((s) => `'${s}' (${where(users.get(s)!)})`).join(' and ');
      const owner =
        publishers.length === 1
          ? publishers[0]
          : publishers.length === 0 && declarers.length === 1
            ? declarers[0]
            : dominant(owners, users);
      if (owner) {
        owners = [owner];
        notes.push({
          kind: 'conflict',
          message: `port ${port} is used by ${uses}: allocated to '${owner}', ${publishers.length === 1 ? 'whose compose file publishes it' : publishers.length === 0 && declarers.length === 1 ? 'whose code declares it' : 'which uses it at least twice as often'}`,
          port,
        });
      } else {
        notes.push({
          kind: 'conflict',
          message: `port ${port} is used by ${uses}: not allocated; give it to one of them or declare shared_with`,
          where: seenOf(strong[0]),
          port,
        });
        continue;
      }
    }
    const service = owners[0];
    const own = refs.filter((r) => r.service === service);
    const role = pickRole(own, notes, service, port);
    if (role)
      candidates.push({
        service,
        port,
        role,
        refs: own,
        published: own.some((r) => r.kind === 'compose-published' && !r.deprecated),
      });
  }
  const names = new Set([...scan.globs.keys(), ...candidates.map((c) => c.service)]);
  neighbourServices(candidates, names, notes);
  for (const c of candidates) names.add(c.service);
  dependencyRoles(candidates, names, notes);
  const services = new Map<string, ProposedService>();
  for (const name of names) {
    const compose = [...(scan.composeFiles.get(name) ?? [])];
    services.set(name, {
      name,
      ports: [],
      configs: [...(scan.globs.get(name) ?? [])].sort(),
      ...(compose.length === 1 ? { compose: compose[0] } : {}),
    });
  }
  const roles = new Set(candidates.map((c) => `${c.service}\u0000${roleKey(c.role)}`));
  for (const [key, list] of group(candidates, (c) => `${c.service}\u0000${c.role}`)) {
    const [service, role] = key.split('\u0000');
    const [first, ...rest] = rank(list, candidates);
    services.get(service)!.ports.push(toPort(first));
    if (list.length === 1) continue;
    // A second port of the role that its own code calls something more (FRAUD_REDIS_PORT, a container
    // orders-loadtest-redis) is allocated under that name; the others are only reported.
    const second: string[] = [];
    for (const c of rest) {
      const q = qualifiedOf(c);
      if (!q || roles.has(`${service}\u0000${roleKey(q.role)}`)) continue;
      roles.add(`${service}\u0000${roleKey(q.role)}`);
      second.push(`${c.port} as ${q.role} (${q.why})`);
      services.get(service)!.ports.push(toPort({ ...c, role: q.role }));
    }
    notes.push({
      kind: 'ambiguous',
      message: `'${service}' uses ${list.length} ports as ${role}: ${list.map((c) => `${c.port} (${where(c.refs)})`).join(', ')}; proposed ${first.port}${second.length ? `, and ${second.join(', ')}` : ''}`,
      where: seenOf(first.refs[0]),
      service,
      role,
    });
  }
  notes.push(...sharedPorts(scan, services));
  const list = [...services.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const s of list) s.ports.sort((a, b) => a.port - b.port);
  return { services: list, ranges: computedRanges(list, []), notes };
}

/** The role the strongest references agree on: image/container port, identifiers, a compose service's name, a URL's scheme, a bare key's parent. */
function pickRole(refs: ScannedRef[], notes: Note[], service: string, port: number): string | undefined {
  const tiers = [
    refs.filter((r) => r.kind === 'compose-published' && r.role && !r.generic),
    refs.filter(
      (r) => r.kind !== 'compose-published' && r.strength === 'strong' && r.role && !r.byScheme && !r.command,
    ),
    refs.filter((r) => r.command),
    refs.filter((r) => r.kind === 'compose-published' && r.role && r.generic),
    refs.filter((r) => r.byScheme),
    refs.filter((r) => r.strength === 'weak' && r.role),
  ];
  const best = tiers.find((t) => t.length > 0);
  if (!best) {
    notes.push({
      kind: 'ambiguous',
      message: `port ${port} of '${service}' (${where(refs)}): no role could be read from an image, container port or identifier; not allocated`,
      where: seenOf(refs[0]),
      service,
      port,
    });
    return undefined;
  }
  // data-storage and DataStorage are one role: grouped by key, spelled as most references spell it.
  const counts = [...group(best, (r) => roleKey(r.role!))]
    .map(([, rs]) => [spelling(rs), rs] as const)
    .sort((a, b) => b[1].length - a[1].length);
  if (counts.length > 1)
    notes.push({
      kind: 'ambiguous',
      message: `port ${port} of '${service}' reads as ${counts.map(([role, rs]) => `${role} (${where(rs)})`).join(' or ')}; proposed ${counts[0][0]}`,
      where: seenOf(counts[0][1][0]),
      service,
      port,
    });
  const [role, readers] = counts[0];
  // `EMBEDDING_PORT` in embedding/: the service's own endpoint, but the team may call the role after it.
  if (readers.every((r) => r.ownName))
    notes.push({
      kind: 'ambiguous',
      message: `port ${port} of '${service}' is named after the service itself (${[...new Set(readers.map((r) => r.why))].join(', ')} at ${where(readers)}): proposed as its own endpoint, ${role}`,
      where: seenOf(readers[0]),
      service,
      port,
    });
  // `docker run --name worker-mock -p 18248:8080 …`: no identifier names the port, the command's container does.
  if (readers.every((r) => r.command))
    notes.push({
      kind: 'ambiguous',
      message: `port ${port} of '${service}' is bound to no identifier; its role is read from the command's ${[...new Set(readers.map((r) => r.why))].join(', ')} (${where(readers)}): proposed as ${role}`,
      where: seenOf(readers[0]),
      service,
      port,
    });
  // `fetch('http://localhost:18097/health')`: no identifier names the port, only the URL says its protocol.
  if (readers.every((r) => r.byScheme))
    notes.push({
      kind: 'ambiguous',
      message: `port ${port} of '${service}' is bound to no identifier; its role is its URL's scheme (${where(readers)}): proposed as ${role}`,
      where: seenOf(readers[0]),
      service,
      port,
    });
  return role;
}

/**
 * The qualified role a candidate's own declarations give it (roles.ts `qualified`), when they agree on
 * one: only a port the service declares, publishes or runs, or calls by its own name
 * (`LEDGER_CACHE_REDIS_URL` in ledger), not one it only calls (`WE_REDIS_URL` is another service's Redis).
 */
function qualifiedOf(c: Candidate): { role: string; why: string } | undefined {
  // Its own: declared, published or run here, or called by a name that starts with the service's own.
  if (!c.refs.some((r) => DECLARING.has(r.kind) || (r.own && r.qualified))) return undefined;
  const named = c.refs.filter((r) => r.qualified);
  const spellings = [...group(named, (r) => r.qualified!)];
  if (spellings.length !== 1) return undefined;
  const [[role, refs]] = spellings;
  return { role, why: `${refs[0].why} at ${where(refs)}` };
}

/** The spelling most references use; on a tie the one with fewer separators (datastorage over data-storage). */
function spelling(refs: ScannedRef[]): string {
  const counted = [...group(refs, (r) => r.role!)].sort(
    (a, b) => b[1].length - a[1].length || a[0].split('-').length - b[0].split('-').length || (a[0] < b[0] ? -1 : 1),
  );
  return counted[0][0];
}

/**
 * Best first: published, then seen more often, then nearest to other services' ports of the role, then
 * lower. What files marked deprecated say counts only to break ties.
 */
function rank(list: Candidate[], all: Candidate[]): Candidate[] {
  const others = all.filter((c) => c.role === list[0].role && c.service !== list[0].service).map((c) => c.port);
  const distance = (p: number) => (others.length ? Math.min(...others.map((o) => Math.abs(o - p))) : 0);
  const current = (c: Candidate) => c.refs.filter((r) => !r.deprecated).length;
  return [...list].sort(
    (a, b) =>
      Number(b.published) - Number(a.published) ||
      current(b) - current(a) ||
      b.refs.length - a.refs.length ||
      distance(a.port) - distance(b.port) ||
      a.port - b.port,
  );
}

function toPort(c: Candidate): ProposedPort {
  const first = [...c.refs].sort(
    (a, b) => Number(b.kind === 'compose-published') - Number(a.kind === 'compose-published'),
  );
  return { role: c.role, port: c.port, sharedWith: [], seen: first.map(seenOf) };
}

/** The service with at least twice the references of every other, when there is one. */
function dominant(owners: string[], users: Map<string, ScannedRef[]>): string | undefined {
  const counted = owners.map((s) => ({ s, n: users.get(s)!.length })).sort((a, b) => b.n - a.n);
  return counted[0].n >= 2 * counted[1].n ? counted[0].s : undefined;
}
