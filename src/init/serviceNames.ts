// The name of each service when the repository says more than its folder: the name a team gives a
// stack (a compose project's `name:`, a kind cluster's `name:`) is the name it uses for the service, so
// holmesgpt-api/ whose compose project is hapi-integration is 'hapi'. A deployment folder (deploy/ …)
// holding a stack of its own is a service too, named after that stack or, failing one, the folder.
// Every name init did not read from one unambiguous place becomes a 'name' note: it is never guessed silently.
import { normalizeName } from './names';
import { formatSeen, type Note, type Seen } from './proposal';

/** A name a stack gives itself, and where. */
export interface StackName {
  name: string;
  /** "compose project" or "kind cluster". */
  what: string;
  seen: Seen;
}

/** Top-level folders that deploy the services rather than being one; a stack there is a service of its own. */
export const DEPLOY_DIRS = new Set(['deploy', 'deployment', 'deployments', 'k8s', 'kubernetes', 'infra', 'ops']);

/** Words that name a tier or a tool rather than a service: hapi-integration → hapi. */
const TIER_WORDS = new Set([
  'integration',
  'it',
  'e2e',
  'test',
  'tests',
  'testing',
  'dev',
  'local',
  'ci',
  'stack',
  'compose',
  'cluster',
  'kind',
]);

/**
 * The service a stack name stands for: its words without those naming other services, then without
 * tier words unless nothing else would be left (orders-e2e beside the orders service → e2e).
 */
export function serviceFromStackName(stack: string, others: ReadonlySet<string>): string | undefined {
  let words = stack
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  words = words.filter((w) => !others.has(normalizeName(w)));
  const named = words.filter((w) => !TIER_WORDS.has(w));
  const name = normalizeName((named.length > 0 ? named : words).join('-'));
  return name || undefined;
}

export interface NameDecision {
  /** Folder service → the name it gets (only where it changes). */
  renamed: Map<string, string>;
  /** Deployment folder → its service. */
  deploy: Map<string, string>;
  notes: Note[];
}

/**
 * folders: service (from its folder) → its stacks' names; deployStacks: deployment folder → its stacks' names.
 * A folder service takes the one name its stacks agree on when no other service has or takes that name.
 */
export function decideNames(
  folders: Map<string, { dir: string; stacks: StackName[] }>,
  deployStacks: Map<string, StackName[]>,
): NameDecision {
  const out: NameDecision = { renamed: new Map(), deploy: new Map(), notes: [] };
  const taken = new Set(folders.keys());
  const proposed = new Map<string, { name: string; stacks: StackName[] }>();
  for (const [service, { stacks }] of folders) {
    const others = new Set([...taken].filter((s) => s !== service));
    const names = new Set(stacks.flatMap((s) => serviceFromStackName(s.name, others) ?? []));
    const [name] = names;
    if (names.size === 1 && name !== service) proposed.set(service, { name, stacks });
  }
  const count = new Map<string, number>();
  for (const { name } of proposed.values()) count.set(name, (count.get(name) ?? 0) + 1);
  for (const [service, { name, stacks }] of proposed) {
    // A name two folders would take, or one another folder already has, names the repository, not the service.
    if (count.get(name)! > 1 || taken.has(name)) continue;
    out.renamed.set(service, name);
    out.notes.push({
      kind: 'name',
      message: `service '${name}' is named after its ${stackList(stacks)}; its folder ${folders.get(service)!.dir}/ says '${service}'`,
      where: stacks[0].seen,
      service: name,
      names: [service],
    });
  }
  const final = new Set([...folders.keys()].map((s) => out.renamed.get(s) ?? s));
  for (const [dir, stacks] of deployStacks) {
    const folder = normalizeName(dir);
    const names = new Set(stacks.flatMap((s) => serviceFromStackName(s.name, final) ?? []));
    const [fromStack] = names;
    const name = names.size === 1 && !final.has(fromStack) ? fromStack : folder;
    if (final.has(name)) continue;
    final.add(name);
    out.deploy.set(dir, name);
    const why =
      name !== folder
        ? `its ${stackList(stacks)}; its folder is ${dir}/`
        : `its folder ${dir}/ alone (${names.size > 1 ? `its stacks name themselves differently: ${stackList(stacks)}` : 'no stack there names itself'}); rename it to what your team calls it`;
    out.notes.push({
      kind: 'name',
      message: `service '${name}' (the stack in ${dir}/, which publishes ports no other service uses) is named after ${why}`,
      ...(stacks[0] ? { where: stacks[0].seen } : {}),
      service: name,
      names: name === folder ? [] : [folder],
    });
  }
  return out;
}

function stackList(stacks: StackName[]): string {
  return stacks.map((s) => `${s.what} '${s.name}' (${formatSeen(s.seen)})`).join(', ');
}
