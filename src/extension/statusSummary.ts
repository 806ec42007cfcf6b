// The status bar text: "$(pass) 3/5 services healthy".
import type { EngineView } from './tree/engineNode';
import type { RollUp } from './tree/rollUp';

export interface StatusSummary {
  text: string;
  tooltip: string;
  /** Theme color id for the background, when it needs attention. */
  background?: 'statusBarItem.warningBackground' | 'statusBarItem.errorBackground';
}

export function statusSummary(engine: EngineView, rollUps: Map<string, RollUp>): StatusSummary {
  const all = [...rollUps.entries()];
  const healthy = all.filter(([, r]) => r.health === 'healthy').length;
  const bad = all.filter(([, r]) => r.health === 'unhealthy' || r.health === 'conflict');
  const lines = all.map(([name, r]) => `${name}: ${r.description}`);
  if (engine.state === 'unreachable') {
    const conflicts = all.filter(([, r]) => r.conflicts.length).length;
    return {
      text: `$(debug-disconnect) Berth: no engine${conflicts ? ` · ${conflicts} with port conflicts` : ''}`,
      tooltip: ['No container engine answered: see the Berth view.', ...lines].join('\n'),
      background: conflicts ? 'statusBarItem.warningBackground' : undefined,
    };
  }
  const icon = bad.length ? '$(warning)' : all.some(([, r]) => r.health === 'starting') || engine.state === 'connecting' ? '$(sync~spin)' : '$(pass)';
  const noun = all.length === 1 ? 'service' : 'services';
  return {
    text: `${icon} ${healthy}/${all.length} ${noun} healthy`,
    tooltip: ['Berth: click to show the services', ...lines].join('\n'),
    background: bad.some(([, r]) => r.health === 'unhealthy') ? 'statusBarItem.errorBackground' : bad.length ? 'statusBarItem.warningBackground' : undefined,
  };
}
