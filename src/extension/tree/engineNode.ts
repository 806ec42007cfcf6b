// The engine row at the top of the tree: what Berth is connected to, or why it is not.
import type { EngineStatus } from '../../engine/state';
import { engineHostText } from '../../model/engineHost';
import { colors, leaf, TreeNode } from './node';

export interface EngineAttempt {
  source: string;
  target: string;
  error: string;
}

/** What the tree needs to know about the engine connection. */
export interface EngineView {
  state: 'connecting' | 'connected' | 'unreachable';
  kind?: 'docker' | 'podman';
  version?: string;
  /** Display form of the endpoint. */
  socket?: string;
  /** Where the endpoint came from (setting, DOCKER_HOST, default …). */
  source?: string;
  /** The engine's machine when it is not this one: "build-box via ssh". */
  on?: string;
  /** Unreachable, and named by the user: no other engine was tried. */
  explicit?: boolean;
  /** When unreachable: each endpoint tried and its error. */
  tried?: EngineAttempt[];
  /** A problem while connected or connecting (event stream broke, reconnecting …). */
  error?: string;
}

const kindName = { docker: 'Docker', podman: 'Podman' } as const;

export function engineNode(e: EngineView): TreeNode {
  if (e.state === 'connected') {
    const name = e.kind ? kindName[e.kind] : 'Engine';
    return leaf({
      id: 'engine',
      kind: 'engine',
      label: `${e.version ? `${name} ${e.version}` : name}${e.on ? ` on ${e.on}` : ''}`,
      description: e.error ? `${e.socket ?? ''} · ${e.error}`.replace(/^ · /, '') : e.socket,
      tooltip: [
        `${name} ${e.version ?? ''}`.trim(),
        e.on && `Host: ${e.on}`,
        e.socket && `Socket: ${e.socket}`,
        e.source && `From: ${e.source}`,
        e.error,
      ]
        .filter(Boolean)
        .join('\n'),
      icon: e.error ? { id: 'warning', color: colors.pending } : { id: 'vm-running', color: colors.ok },
      contextValue: `engine.connected`,
      ref: {},
    });
  }
  if (e.state === 'connecting') {
    return leaf({
      id: 'engine',
      kind: 'engine',
      label: 'Connecting to the container engine…',
      description: e.error,
      icon: { id: 'loading~spin' },
      contextValue: 'engine.connecting',
      ref: {},
    });
  }
  const tried = e.tried ?? [];
  if (e.explicit && tried.length === 1) return namedUnreachable(tried[0]);
  const children = tried.map((t, i) =>
    leaf({
      id: `engine/attempt:${i}`,
      kind: 'attempt',
      label: t.target,
      description: `${t.source}: ${t.error}`,
      tooltip: `${t.source}\n${t.target}\n${t.error}`,
      icon: { id: 'circle-slash', color: colors.off },
      contextValue: 'engine.attempt',
      ref: {},
    }),
  );
  return {
    id: 'engine',
    kind: 'engine',
    label: 'No container engine',
    description: tried.length
      ? `tried ${tried.length} endpoint${tried.length === 1 ? '' : 's'} · set berth.engine.host`
      : (e.error ?? 'set berth.engine.host'),
    tooltip: [
      'No Docker or Podman engine answered.',
      ...tried.map((t) => `• ${t.source} ${t.target}: ${t.error}`),
      'Point Berth at one with the berth.engine.host setting (unix://…, tcp://…, ssh://…).',
    ].join('\n'),
    icon: { id: 'debug-disconnect', color: colors.error },
    contextValue: 'engine.unreachable',
    collapsible: children.length ? 'expanded' : 'none',
    children,
    ref: {},
  };
}

/** A named engine that does not answer: only it was tried, so the row is about it (Retry sits on the row). */
function namedUnreachable(t: EngineAttempt): TreeNode {
  return leaf({
    id: 'engine',
    kind: 'engine',
    label: `${t.target} did not answer`,
    description: `${t.source}: ${t.error}`,
    tooltip: [
      `The engine named by ${t.source} did not answer; Berth uses no other engine while one is named.`,
      `${t.target}: ${t.error}`,
    ].join('\n'),
    icon: { id: 'debug-disconnect', color: colors.error },
    contextValue: 'engine.unreachable',
    ref: {},
  });
}

/** The store's status as the tree shows it. */
export function fromEngineStatus(s: EngineStatus): EngineView {
  switch (s.state) {
    case 'connecting':
      return { state: 'connecting' };
    case 'connected':
      return {
        state: 'connected',
        kind: s.kind,
        version: s.version,
        socket: s.socket,
        source: s.source,
        on: engineHostText(s.host),
      };
    case 'unreachable':
      return { state: 'unreachable', tried: s.tried, error: s.reason, explicit: s.explicit };
  }
}
