// Ports of neighbour services: a service's code that only calls a URL named after something that is no
// service of the workspace, no known role and no generic word (`NOTIFICATION_URL=http://localhost:18096`
// in orders/) names a service whose code lives elsewhere. The port is that neighbour's, under the URL's
// protocol, not a role of the caller: berth check then says when the caller uses it, and cleaning the
// caller's stale ports leaves it alone. Only when nothing of the caller's own declares, publishes or
// runs the port (a stand-in its tests start is the caller's: `-p 18096:8080`, a compose service). Each
// such neighbour is a `name` line of the report.
import type { Candidate } from './dependencyRoles';
import { knownRole, normalizeName, roleKey } from './names';
import { formatSeen, seenOf, type Note } from './proposal';

/** Words a URL's identifier uses for the caller's own endpoints, for no one in particular, or for tooling. */
const GENERIC = new Set(
  (
    'api app base public external internal callback webhook hook backend frontend server service upstream ' +
    'downstream target endpoint local remote root site proxy origin redirect home health status ready live ' +
    'docs ui admin metrics grpc http https ws url uri addr address host test tests e2e integration mock stub ' +
    'fake dev local self own main default primary secondary ' +
    // tooling a developer runs beside every service, not a service: telemetry exporters and collectors
    'otel otlp exporter collector telemetry tracing trace traces jaeger zipkin sentry ' +
    // frameworks' and test tools' prefixes for the app's own URL (VITE_API_URL, PLAYWRIGHT_BASE_URL) or a stub
    'vite next nuxt react vue expo cors playwright cypress selenium webdriver storybook wiremock mockserver'
  ).split(' '),
);
/** What a URL reaches: the caller's protocol words (the last word of the identifier may say it). */
const PROTOCOLS = new Set(['http', 'https', 'grpc', 'metrics']);

/** Moves each neighbour's port to a service of that name; `services` are the workspace's services. */
export function neighbourServices(candidates: Candidate[], services: ReadonlySet<string>, notes: Note[]): void {
  const found = candidates.map((c) => [c, neighbourOf(c, services)] as const);
  // One neighbour, one port: a name several ports carry (each service's stack runs its own DataStorage,
  // at 18096 for one and 18097 for another) is an app of each caller, not a service of its own.
  const ports = new Map<string, Set<number>>();
  for (const [c, n] of found) if (n) ports.set(n.name, (ports.get(n.name) ?? new Set()).add(c.port));
  for (const [c, neighbour] of found) {
    if (!neighbour || ports.get(neighbour.name)!.size > 1) continue;
    const caller = c.service;
    const named = c.refs.find((r) => r.role === c.role)!;
    const seen = seenOf(named);
    const by = `${named.why} at ${formatSeen(seen)}`;
    if (!neighbour.role) {
      // `AUTH_SERVICE_ADDR=localhost:18130`: a neighbour's name, but no protocol to name its role by.
      notes.push({
        kind: 'ambiguous',
        message: `port ${c.port} of '${caller}' is named after '${neighbour.name}', no service here, and '${caller}' only calls it (${by}): proposed as its ${c.role}; if it is a neighbour's, give it to a service of that name`,
        where: seen,
        service: caller,
        port: c.port,
      });
      continue;
    }
    c.service = neighbour.name;
    c.role = neighbour.role;
    notes.push({
      kind: 'name',
      message: `'${neighbour.name}' has no files here: proposed as a neighbour service for ${c.port}, the ${neighbour.role} '${caller}' calls (${by}); rename it to what your team calls it, or give the port to '${caller}' if its tests run a stand-in there`,
      where: seen,
      service: neighbour.name,
      port: c.port,
      names: [],
    });
  }
}

/** The neighbour a call names, and its role when the URL says the protocol. */
function neighbourOf(c: Candidate, services: ReadonlySet<string>): { name: string; role?: string } | undefined {
  if (c.published || c.refs.length === 0) return undefined;
  // Only calls: every reference a URL or an address, none a declared port, a publish or a listen.
  if (!c.refs.every((r) => r.kind === 'url' || r.kind === 'hostport')) return undefined;
  // The role came from identifiers, all agreeing (not the URL's scheme, the service's own name or compose).
  if (!c.refs.every((r) => r.role === c.role && !r.byScheme && !r.ownName && !r.generic)) return undefined;
  const words = c.role.split('-');
  const last = words[words.length - 1];
  const suffix = words.length > 1 && PROTOCOLS.has(last) ? last : undefined;
  const own = suffix ? words.slice(0, -1) : [...words];
  // BILLING_API_URL, AUTH_SERVICE_ADDR: the neighbour is billing, auth.
  while (own.length > 1 && GENERIC.has(own[own.length - 1])) own.pop();
  const name = normalizeName(own.join('-'));
  if (!name || name === c.service || services.has(name) || knownRole(roleKey(name))) return undefined;
  if (GENERIC.has(name) || own.every((w) => GENERIC.has(w))) return undefined;
  const scheme = c.refs.find((r) => r.scheme)?.scheme;
  const role = suffix ?? (scheme === 'http' || scheme === 'https' ? 'http' : undefined);
  return { name, ...(role ? { role } : {}) };
}
