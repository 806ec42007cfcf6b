// Hover on a port: who owns it in berth.yaml (service and role, or nobody), who shares it, the role's range.
import type { Hover, Position } from 'vscode-languageserver/node';
import { findPorts, type SourceContext } from '../core/portFinders/index';
import { allocationsByPort } from '../core/ownership';
import type { BerthConfig, PortAllocation, PortRef, Range } from '../core/types';
import { liveHolderLine, type LiveHolder } from '../model/portHolderText';

export function portHover(
  config: BerthConfig,
  rel: string,
  text: string,
  at: Position,
  isBerthYaml: boolean,
  source?: SourceContext,
  live: (port: number) => LiveHolder[] = () => [],
): Hover | undefined {
  const ref = isBerthYaml ? undefined : findPorts(rel, text, source).find((r) => contains(r.range, at));
  const hit = isBerthYaml ? allocationAt(config, at) : ref;
  if (!hit) return undefined;
  const owners = allocationsByPort(config).get(hit.port) ?? [];
  const lines: string[] = [];
  if (owners.length === 0) {
    lines.push(`**Port ${hit.port}**: not allocated to any service in ${config.file}.`);
  } else {
    lines.push(`**Port ${hit.port}**`);
    for (const a of owners) {
      const shared = a.sharedWith.length > 0 ? `, shared with ${a.sharedWith.map((s) => `\`${s}\``).join(', ')}` : '';
      lines.push(`- \`${a.service}\` · ${a.role}${shared}`);
    }
  }
  const bound = ref && boundTo(ref);
  if (bound) lines.splice(1, 0, '', bound, '');
  const roles = new Set(owners.map((a) => a.role));
  for (const r of config.ranges) {
    const inRange = hit.port >= r.from && hit.port <= r.to;
    if (roles.has(r.role) || (owners.length === 0 && inRange)) {
      lines.push('', `${r.role} range: ${r.from}–${r.to}${inRange ? '' : ` (port ${hit.port} is outside it)`}`);
    }
  }
  // The holder right now, from the extension's last scan (pushed to the server; absent in other editors).
  const now = live(hit.port);
  // Markdown specials in a command line (`*`, `_`, backticks) are escaped: the line is shown as typed.
  const plain = (t: string) => t.replace(/[\\`*_[\]<>#|]/g, '\\$&');
  for (const h of now) lines.push('', plain(liveHolderLine(h)));
  return { contents: { kind: 'markdown', value: lines.join('\n') }, range: hit.range };
}

/** What the port is in the code: the parameter it fills, the constant or key it is, the variable it sets. */
function boundTo(ref: PortRef): string | undefined {
  if (ref.kind === 'call-arg' && ref.name && ref.callee)
    return `argument for parameter \`${ref.name}\` of \`${ref.callee}\``;
  if (ref.kind === 'env-set' && ref.name) return `sets environment variable \`${ref.name}\``;
  if (ref.kind === 'listen') return ref.name ? `listen address \`${ref.name}\`` : 'listen address';
  if (ref.kind === 'publish') return 'host side of a published port';
  if (ref.name) return `value of \`${ref.name}\``;
  return undefined;
}

function allocationAt(config: BerthConfig, at: Position): PortAllocation | undefined {
  for (const s of config.services) {
    const hit = s.ports.find((p) => contains(p.range, at));
    if (hit) return hit;
  }
  return undefined;
}

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}
