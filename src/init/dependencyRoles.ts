// Ports of the apps a service's tests run or call (DataStorage for WorkflowExecution, a mock LLM …) are
// named by what they are to that service, not only by the identifier that holds them:
//  - a service with no HTTP port of its own whose stack runs one app: that app's ports are the service's
//    http / metrics (the ports its tests reach);
//  - otherwise an app with one port is named after the app (mock-llm), an app with several after the app
//    and each port's protocol (datastorage-http, datastorage-metrics).
// An app is a compose service that is not a known role (postgres, redis …) nor the service itself, or
// another service of the workspace that an identifier names. Every such naming leaves a note.
import { roleKey, roleSpelling } from './names';
import { formatSeen, type Note } from './proposal';
import { ownEndpointRole } from './roles';
import type { ScannedRef } from './scan';

export interface Candidate {
  service: string;
  port: number;
  role: string;
  refs: ScannedRef[];
  published: boolean;
}

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
    const [[onlyApp, onlyPorts]] = apps;
    if (!ownHttp && apps.size === 1 && onlyPorts.some((p) => p.run)) {
      for (const p of onlyPorts)
        if (p.protocol && !own.some((c) => c.role === p.protocol)) p.candidate.role = p.protocol;
      notes.push({
        kind: 'ambiguous',
        message: `'${service}' has no HTTP port of its own and its stack runs ${onlyApp} (${onlyPorts[0].where}): ${onlyApp}'s ports are proposed as its ${listed(onlyPorts)}`,
        service,
      });
      continue;
    }
    for (const [app, ports] of apps) {
      // Several ports of one protocol (a published range) are not told apart by it: their roles stay.
      const protocols = new Set(ports.map((p) => p.protocol));
      if (ports.length > 1 && (protocols.size < ports.length || protocols.has(undefined))) continue;
      for (const p of ports) p.candidate.role = ports.length === 1 ? app : `${app}-${p.protocol!}`;
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
  const where = named ? `${named.why} at ${formatSeen({ file: named.file, line: named.line + 1 })}` : 'its name';
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
