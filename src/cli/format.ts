// Output forms of findings for `berth check`: compiler-like text (repeats of one port in one file grouped), a
// JSON array (one record per occurrence), GitHub workflow annotations, SARIF 2.1.0 (sarif.ts).
import type { Finding } from '../core/types';
import { formatSarif } from './sarif';

export type OutputFormat = 'text' | 'json' | 'github' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'github', 'sarif'];
/** Line numbers listed for a group of repeats before the rest is elided. */
const LISTED_LINES = 12;

/** The public JSON shape: 1-based positions, file relative to the root. */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  service: string | null;
  port: number | null;
}

export function toJsonFinding(f: Finding): JsonFinding {
  return {
    file: f.file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity === 'error' ? 'error' : 'warning',
    code: f.code,
    message: f.message,
    service: f.service ?? null,
    port: f.port ?? null,
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/**
 * One line per finding; the same finding about one port repeated in one file is one entry (at its first
 * place) with a line listing where else. A port another service owns names where its allocation is.
 */
function formatText(findings: Finding[]): string {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.port === undefined ? `${groups.size}` : `${f.file}|${f.code}|${f.severity}|${f.port}|${f.message}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  let out = '';
  for (const [first, ...rest] of groups.values()) {
    const owner = first.data?.owner && first.related?.[0];
    const at = owner ? `  allocated at ${owner.file}:${owner.range.start.line + 1}` : '';
    out += `${first.file}:${first.range.start.line + 1}:${first.range.start.character + 1}  ${first.severity}  ${first.message}  [${first.code}]${at}\n`;
    if (rest.length === 0) continue;
    const lines = [...new Set([first, ...rest].map((f) => f.range.start.line + 1))];
    const listed = lines.slice(0, LISTED_LINES).join(', ') + (lines.length > LISTED_LINES ? ', …' : '');
    out += `  ${first.port} ×${rest.length + 1}: lines ${listed}\n`;
  }
  return out;
}

function formatJson(findings: Finding[]): string {
  return JSON.stringify(findings.map(toJsonFinding), null, 2) + '\n';
}

// Workflow commands: data escapes %, CR, LF; property values also ':' and ','.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function formatGithub(findings: Finding[]): string {
  return findings
    .map((f) => {
      const j = toJsonFinding(f);
      const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const props = [
        `file=${escapeProperty(j.file)}`,
        `line=${j.line}`,
        `col=${j.column}`,
        `endLine=${j.endLine}`,
        `endColumn=${j.endColumn}`,
        `title=${escapeProperty(`berth ${j.code}`)}`,
      ];
      return `::${level} ${props.join(',')}::${escapeData(j.message)}\n`;
    })
    .join('');
}

export function summary(findings: Finding[], filesChecked: number): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const files = `${filesChecked} file${filesChecked === 1 ? '' : 's'} checked`;
  if (findings.length === 0) return `no problems (${files})\n`;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (${files})\n`;
}

export function formatFindings(findings: Finding[], format: OutputFormat): string {
  switch (format) {
    case 'json':
      return formatJson(findings);
    case 'github':
      return formatGithub(findings);
    case 'sarif':
      return formatSarif(findings);
    default:
      return formatText(findings);
  }
}
