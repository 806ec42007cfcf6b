// Output forms of findings for `berth check`: compiler-like text, a JSON array, GitHub workflow annotations.
import type { Finding } from '../core/types';

export type OutputFormat = 'text' | 'json' | 'github';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'github'];

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

function toJsonFinding(f: Finding): JsonFinding {
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

function formatText(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity}  ${f.message}  [${f.code}]\n`,
    )
    .join('');
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
  return format === 'json' ? formatJson(findings) : format === 'github' ? formatGithub(findings) : formatText(findings);
}
