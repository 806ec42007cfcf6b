// Finding (core) -> LSP Diagnostic. The code is the rule code, related locations point into berth.yaml, and the
// finding's facts ride along in `data` so quick fixes need no second analysis.
import { Diagnostic, DiagnosticSeverity, DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import * as path from 'node:path';
import type { Finding, Severity } from '../core/types';
import type { BerthSettings, SeverityOverride } from './settings';
import { pathToUri } from './uris';

const diagnosticSource = 'berth';

const coreSeverity: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const overrideSeverity: Record<Exclude<SeverityOverride, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a quick fix needs to know about the finding behind a diagnostic. */
export interface DiagnosticData {
  service?: string;
  port?: number;
  facts?: Finding['data'];
}

/** Undefined when the user turned the rule off. */
export function toDiagnostic(finding: Finding, root: string, settings: BerthSettings): Diagnostic | undefined {
  const override = settings.severity[finding.code];
  if (override === 'off') return undefined;
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: override ? overrideSeverity[override] : (coreSeverity[finding.severity] ?? DiagnosticSeverity.Warning),
    code: finding.code,
    source: diagnosticSource,
    message: finding.message,
  };
  if (finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) =>
      DiagnosticRelatedInformation.create({ uri: pathToUri(path.join(root, r.file)), range: r.range }, r.message),
    );
  }
  const data: DiagnosticData = { service: finding.service, port: finding.port, facts: finding.data };
  diagnostic.data = data;
  return diagnostic;
}
