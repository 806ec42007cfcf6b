// The server's view of the `berth.diagnostics.*` settings. The client pushes them (initializationOptions and
// workspace/didChangeConfiguration); anything malformed falls back to the default instead of failing.
import type { RuleCode } from '../core/types';

export type SeverityOverride = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface BerthSettings {
  enable: boolean;
  /** Extra workspace-relative globs the client sends to the server besides berth.yaml and the services' configs. */
  include: string[];
  severity: Partial<Record<RuleCode | string, SeverityOverride>>;
}

export const defaultSettings: BerthSettings = { enable: true, include: [], severity: {} };

const overrides = new Set<string>(['error', 'warning', 'information', 'hint', 'off']);

/** Accepts `{ berth: { diagnostics: {...} } }`, `{ diagnostics: {...} }` or the diagnostics object itself. */
export function readSettings(raw: unknown): BerthSettings {
  let d: unknown = raw;
  if (isObject(d) && isObject(d.berth)) d = d.berth;
  if (isObject(d) && isObject(d.diagnostics)) d = d.diagnostics;
  if (!isObject(d)) return { ...defaultSettings };
  const severity: BerthSettings['severity'] = {};
  if (isObject(d.severity)) {
    for (const [code, value] of Object.entries(d.severity)) {
      if (typeof value === 'string' && overrides.has(value)) severity[code] = value as SeverityOverride;
    }
  }
  return {
    enable: typeof d.enable === 'boolean' ? d.enable : defaultSettings.enable,
    include: Array.isArray(d.include)
      ? d.include.filter((g): g is string => typeof g === 'string' && g.length > 0)
      : [],
    severity,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
