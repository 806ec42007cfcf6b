// References that are most likely the container's side of a port, not a host port the service owns:
//  - anything in a Dockerfile/Containerfile (EXPOSE, a HEALTHCHECK's curl): it runs inside the container;
//  - the container port of the service's own compose publication (`"18210:8080"`) written elsewhere in its
//    files (`listen :8080` in main.go, a Dockerfile HEALTHCHECK on localhost:8080) — the app inside;
//  - a known role's default port in a URL no identifier names (`jdbc:postgresql://localhost:5432/ledger` in
//    application.yml), the address the app uses inside its network or a library default.
// They allocate nothing; each leaves a note, so the port is still accounted for.
import { group } from './group';
import { formatSeen, seenOf, type Note } from './proposal';
import { containerPortRole } from './roles';
import type { ScannedRef } from './scan';

/** Dockerfile, Containerfile, Dockerfile.dev, api.dockerfile … */
const IMAGE_FILE = /(?:^|\/)(?:(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?|[\w.-]+\.(?:dockerfile|containerfile))$/i;

/** The references to keep, after putting the container-side ones into notes. */
export function withoutContainerSide(refs: ScannedRef[], notes: Note[]): ScannedRef[] {
  const inside = new Map<string, Map<number, ScannedRef>>();
  const published = new Set<string>();
  for (const r of refs) {
    if (r.kind !== 'compose-published' || !r.service) continue;
    published.add(`${r.service}\u0000${r.port}`);
    if (r.containerPort !== undefined && r.containerPort !== r.port) {
      const m = inside.get(r.service) ?? new Map<number, ScannedRef>();
      if (!m.has(r.containerPort)) m.set(r.containerPort, r);
      inside.set(r.service, m);
    }
  }
  const dropped: { ref: ScannedRef; why: string }[] = [];
  const kept = refs.filter((r) => {
    if (!r.service || r.kind === 'compose-published' || published.has(`${r.service}\u0000${r.port}`)) return true;
    if (IMAGE_FILE.test(r.file)) {
      dropped.push({ ref: r, why: 'in a Dockerfile, whose commands run inside the container' });
      return false;
    }
    const mapped = inside.get(r.service)?.get(r.port);
    if (mapped) {
      const at = formatSeen(seenOf(mapped));
      dropped.push({ ref: r, why: `the container port its compose file publishes as ${mapped.port} (${at})` });
      return false;
    }
    if (r.byScheme && r.role && containerPortRole(r.port) === r.role) {
      dropped.push({ ref: r, why: `${r.role}'s default port in a URL no identifier names` });
      return false;
    }
    return true;
  });
  for (const [, list] of group(dropped, (d) => `${d.ref.service}\u0000${d.ref.port}`)) {
    const { ref, why } = list[0];
    notes.push({
      kind: 'ambiguous',
      message: `port ${ref.port} in '${ref.service}' (${list.map((d) => formatSeen(seenOf(d.ref))).join(', ')}) is ${why}: read as container-side, not allocated`,
      where: seenOf(ref),
      service: ref.service,
      port: ref.port,
      ...(ref.role ? { role: ref.role } : {}),
    });
  }
  return kept;
}
