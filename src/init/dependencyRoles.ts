// Ports of the apps a service's tests run or call (DataStorage for WorkflowExecution, a mock LLM …) are
// named by what they are to that service, as the identifiers that hold them do (DataStoragePort →
// datastorage): an app's HTTP port (or its only port) is named after the app (datastorage, mock-llm),
// its other ports after the app and their protocol (datastorage-metrics). A service with no HTTP port of
// its own keeps them under the app's name too, with a note that one may be its http: its tests reach the
// app, and nothing says the team counts the app's port as the service's.
// An app is a compose service that is not a known role (postgres, redis …) nor the service itself, or
// another service of the workspace that an identifier names. Every such naming leaves a note.
import { roleKey, roleSpelling } from './names';
import { formatSeen, seenOf, type Note } from './proposal';
import { ownEndpointRole } from './roles';
import type { ScannedRef } from './scan';

export interface Candidate {
  service: string;
  port: number;
  role: string;
  refs: ScannedRef[];
  published: boolean;
}

const PROTOCOL_WORDS = new Set(['http', 'https', 'metrics', 'grpc']);
const HTTP_PORTS = new Set([80, 3000, 5000, 8000, 8080, 8081, 8888]);
const HTTPS_PORTS = new Set([443, 8443]);
const METRICS_PORTS = new Set([9090, 9091, 9100]);

interface AppPort {
  candidate: Candidate;
  /** The role the references gave it, before it is named as the app's. */
  read: string;
  protocol?: string;
  /** The service's own stack runs the app (a compose service of its files), rather than only calling it. */
  run: boolean;
  where: string;
}

/** Renames the roles of candidates that are an app's ports; `services` are the workspace's services. */
export function dependencyRoles(candidates: Candidate[], services: ReadonlySet<string>, notes: Note[]): void {
  const byService = new Map<string, Candidate[]>();
  for (const c of candidates) byService.set(c.service, [...(byService.get(c.service) ?? []), c]);
  for (const [service, list] of byService) {
    const apps = new Map<string, AppPort[]>();
    for (const c of list) {
      const app = appOf(c, services);
      if (app) apps.set(app.name, [...(apps.get(app.name) ?? []), app.port]);
    }
    if (apps.size === 0) continue;
    const own = list.filter((c) => ![...apps.values()].some((ps) => ps.some((p) => p.candidate === c)));
    const ownHttp = own.some((c) => c.role === 'http');
    for (const [app, ports] of apps) {
      // Several ports of one protocol (a published range) are not told apart by it: their roles stay.
      const protocols = new Set(ports.map((p) => p.protocol));
      if (ports.length > 1 && (protocols.size < ports.length || protocols.has(undefined))) continue;
      for (const p of ports)
        p.candidate.role = ports.length === 1 || p.protocol === 'http' ? app : `${app}-${p.protocol!}`;
      const maybeHttp = ownHttp
        ? ''
        : `; '${service}' has no HTTP port of its own, so ${ports.length === 1 ? 'it' : 'one'} may be its http`;
      notes.push({
        kind: 'ambiguous',
        message: `${ports.map((p) => p.candidate.port).join(', ')} of '${service}' ${ports.length === 1 ? 'is' : 'are'} ${app}'s (${ports[0].where}), proposed as ${listed(ports)}${maybeHttp}`,
        service,
        ...(ports.length === 1 ? { port: ports[0].candidate.port } : {}),
      });
    }
  }
}

function listed(ports: AppPort[]): string {
  return ports
    .map((p) => `${p.candidate.role} ${p.candidate.port}${p.read !== p.candidate.role ? ` (read as ${p.read})` : ''}`)
    .join(', ');
}

/** The app whose port the candidate is, if it is one. */
function appOf(c: Candidate, services: ReadonlySet<string>): { name: string; port: AppPort } | undefined {
  const protocol = protocolOf(c);
  const composed = c.refs.find(
    (r) =>
      r.kind === 'compose-published' &&
      r.generic &&
      r.composeService &&
      !['http', 'metrics'].includes(ownEndpointRole(roleSpelling(r.composeService), c.service)),
  );
  // SMTP_PORT=16645 for the compose service mailpit: the team's own word for the port says what it is
  // to them; only a protocol word (METRICS_PORT) is left to be the app's.
  const identified = c.refs.some(
    (r) => r.kind !== 'compose-published' && !r.byScheme && !r.command && r.role && roleKey(r.role) === roleKey(c.role),
  );
  if (
    composed &&
    identified &&
    !PROTOCOL_WORDS.has(roleKey(c.role)) &&
    roleKey(c.role) !== roleKey(composed.composeService!)
  )
    return undefined;
  if (composed) {
    const where = `compose service ${composed.composeService} at ${composed.file}:${composed.line + 1}`;
    return {
      name: roleSpelling(composed.composeService!),
      port: { candidate: c, read: c.role, protocol, run: true, where },
    };
  }
  const key = roleKey(c.role);
  if (key === c.service || !services.has(key)) return undefined;
  const named = c.refs.find((r) => r.role && roleKey(r.role) === key);
  const where = named ? `${named.why} at ${formatSeen(seenOf(named))}` : 'its name';
  return { name: key, port: { candidate: c, read: c.role, protocol, run: false, where } };
}

/** http / https / metrics from the container port, a URL's scheme, or the role's own words. */
function protocolOf(c: Candidate): string | undefined {
  for (const r of c.refs) {
    const p = r.containerPort;
    if (p === undefined) continue;
    if (METRICS_PORTS.has(p)) return 'metrics';
    if (HTTPS_PORTS.has(p)) return 'https';
    if (HTTP_PORTS.has(p)) return 'http';
  }
  const scheme = c.refs.find((r) => r.scheme === 'http' || r.scheme === 'https')?.scheme;
  if (scheme) return scheme;
  const key = roleKey(c.role);
  return ['metrics', 'https', 'http', 'grpc'].find((w) => key.endsWith(w));
}
