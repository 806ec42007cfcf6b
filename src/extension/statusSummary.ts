// The status bar text: "$(pass) 2/3 stacks healthy · 1 port conflict" (the words of `berth status`'s last line),
// summed over the folders of a multi-root workspace; the tooltip then lists each folder with its own line.
import { healthyText, type ServiceStatus } from '../model/status';
import type { EngineView } from './tree/engineNode';

export interface StatusSummary {
  text: string;
  tooltip: string;
  /** Theme color id for the background, when it needs attention. */
  background?: 'statusBarItem.warningBackground' | 'statusBarItem.errorBackground';
}

/** One workspace folder's services (a single-folder workspace passes one group, name optional). */
export interface FolderServicesStatus {
  name?: string;
  services: ServiceStatus[];
}

export function statusSummary(engine: EngineView, folders: FolderServicesStatus[]): StatusSummary {
  const groups = folders.map((f) => ({ name: f.name, services: f.services.filter((s) => s.inConfig) }));
  const all = groups.flatMap((g) => g.services);
  const bad = all.filter((s) => s.health === 'unhealthy' || s.health === 'conflict');
  const lines =
    groups.length === 1
      ? all.map((s) => `${s.name}: ${s.summary}`)
      : groups.flatMap((g) => [
          `${g.name}: ${healthyText(g.services)}`,
          ...g.services.map((s) => `  ${s.name}: ${s.summary}`),
        ]);
  if (engine.state === 'unreachable') {
    const conflicts = all.filter((s) => s.conflicts).length;
    return {
      text: `$(debug-disconnect) Berth: no engine${conflicts ? ` · ${conflicts} with port conflicts` : ''}`,
      tooltip: ['No container engine answered: see the Berth view.', ...lines].join('\n'),
      background: conflicts ? 'statusBarItem.warningBackground' : undefined,
    };
  }
  const icon = bad.length
    ? '$(warning)'
    : all.some((s) => s.health === 'starting') || engine.state === 'connecting'
      ? '$(sync~spin)'
      : '$(pass)';
  return {
    text: `${icon} ${healthyText(all)}`,
    tooltip: ['Berth: click to show the services', ...lines].join('\n'),
    background: bad.some((s) => s.health === 'unhealthy')
      ? 'statusBarItem.errorBackground'
      : bad.length
        ? 'statusBarItem.warningBackground'
        : undefined,
  };
}
