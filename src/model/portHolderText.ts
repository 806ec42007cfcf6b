// A port's holder right now in words: the hover's "now held by pid 1234 node dev-server.js (foreign)" and Show
// Holder's title and facts. Built from a port verdict (./verdict.ts) and the holder words of ./holderText.ts.
import { holderBrief, holderFacts } from './holderText';
import type { PortStatus } from './portStatus';
import type { PortVerdict } from './verdict';

const STATE_WORD = {
  stale: 'stale',
  foreign: 'foreign',
  'other-service': 'another service',
  shared: 'shared',
  unknown: 'unjudged',
} as const;

/**
 * A port's holder right now, as the hover and Show Holder's title say it: "now held by pid 1234 node
 * dev-server.js (foreign)", "now served by workflowexecution-redis", "now free".
 */
export function nowHeldBy(v: Pick<PortVerdict, 'state' | 'holders' | 'container'>): string {
  if (v.state === 'free') return 'now free';
  if (v.state === 'served')
    return `now served by ${v.container?.name ?? (v.holders[0] ? holderBrief(v.holders[0]) : 'its stack')}`;
  const byContainer = v.container && (v.state === 'other-service' || v.state === 'shared' || !v.holders[0]);
  const who = byContainer
    ? `container ${v.container!.name}${v.container!.service ? ` of ${v.container!.service}` : ''}`
    : v.holders[0]
      ? holderBrief(v.holders[0])
      : 'another process';
  return `now held by ${who} (${STATE_WORD[v.state]})`;
}

/** Show Holder's text: a title naming the port and its holder now, then each holder's facts and the container. */
export function holderReport(
  service: string,
  role: string,
  v: Pick<PortVerdict, 'port' | 'state' | 'holders' | 'container' | 'detail'>,
): { title: string; lines: string[] } {
  const title = liveHolderLine({ port: v.port, service, role, now: nowHeldBy(v) });
  const lines = v.holders.flatMap((h, i) => [...(i ? [''] : []), ...holderFacts(h)]);
  if (v.container)
    lines.push(
      ...(lines.length ? [''] : []),
      `container ${v.container.name} (${v.container.id.slice(0, 12)}, ${v.container.state}${v.container.service ? `, service ${v.container.service}` : ''})`,
    );
  if (!lines.length) lines.push(v.state === 'free' ? 'Nothing listens on this port.' : v.detail);
  return { title, lines };
}

/** One allocated port and its holder now, as the extension pushes them to the language server for hovers. */
export interface LiveHolder {
  port: number;
  service: string;
  role: string;
  /** nowHeldBy's phrase. */
  now: string;
}

/** Every allocated port of the last scan with its holder now, in service order. */
export function liveHolders(services: { name: string; ports: PortStatus[] }[]): LiveHolder[] {
  return services.flatMap((s) =>
    s.ports.map((p) => ({ port: p.port, service: s.name, role: p.role, now: nowHeldBy(p) })),
  );
}

/** "18096 — notification's http · now held by pid 1234 node dev-server.js (foreign)". */
export function liveHolderLine(h: LiveHolder): string {
  return `${h.port} — ${h.service}'s ${h.role} · ${h.now}`;
}
