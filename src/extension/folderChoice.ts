// Which workspace folder a command acts in, in a multi-root workspace: the one its target names (a tree row, a
// CodeLens, a compose file), the only one with that service, or the user's pick among those that fit. Pure
// (unit-tested without VS Code); commands/target.ts asks the question when the answer is "ask".

export interface FolderServices {
  /** The folder's URI as a string: what tree rows and CodeLenses carry (NodeRef.folder). */
  key: string;
  name: string;
  services: string[];
}

export type FolderChoice =
  { kind: 'one'; key: string } | { kind: 'ask'; keys: string[] } | { kind: 'none'; error: string };

export function chooseFolder(folders: FolderServices[], target: { folder?: string; service?: string }): FolderChoice {
  if (target.folder !== undefined) {
    const f = folders.find((x) => x.key === target.folder);
    if (!f) return { kind: 'none', error: `${target.folder} is not a workspace folder with a usable berth.yaml.` };
    if (target.service !== undefined && !f.services.includes(target.service))
      return { kind: 'none', error: `berth.yaml of ${f.name} has no service "${target.service}".` };
    return { kind: 'one', key: f.key };
  }
  if (folders.length === 0) return { kind: 'none', error: 'there is no usable berth.yaml in this workspace.' };
  const fit = target.service === undefined ? folders : folders.filter((f) => f.services.includes(target.service!));
  if (fit.length === 0)
    return {
      kind: 'none',
      error:
        folders.length === 1
          ? `berth.yaml has no service "${target.service}".`
          : `no berth.yaml of this workspace has a service "${target.service}".`,
    };
  return fit.length === 1 ? { kind: 'one', key: fit[0]!.key } : { kind: 'ask', keys: fit.map((f) => f.key) };
}

/**
 * For each folder (by key): its service names that other folders declare too, with those folders' names. On one
 * engine such services share their containers (Berth finds a service's containers by its name label and names them
 * berth-<service>-<step>), so each folder's row would show the other's stack, and starting one replaces the other's.
 */
export function sharedServiceNames(folders: FolderServices[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const f of folders) {
    const mine = new Map<string, string[]>();
    for (const svc of new Set(f.services)) {
      const others = folders.filter((o) => o.key !== f.key && o.services.includes(svc)).map((o) => o.name);
      if (others.length) mine.set(svc, others);
    }
    if (mine.size) out.set(f.key, mine);
  }
  return out;
}
