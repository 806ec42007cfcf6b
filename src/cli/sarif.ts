// SARIF 2.1.0 for code-scanning UIs: one run of the `berth` tool whose driver lists every rule code Berth
// reports (ids = codes), and one result per finding, with 1-based regions relative to the checked root
// (%SRCROOT%) and the berth.yaml places it refers to as relatedLocations.
import { RULE_DESCRIPTIONS } from '../core/rules';
import type { Finding, Range, RuleCode } from '../core/types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const ROOT = '%SRCROOT%';

function region(r: Range) {
  // Berth's ranges are 0-based, end-exclusive, in UTF-16 code units; SARIF's are 1-based, endColumn exclusive.
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

function location(file: string, r: Range) {
  return { physicalLocation: { artifactLocation: { uri: encodeURI(file), uriBaseId: ROOT }, region: region(r) } };
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(findings: Finding[]): string {
  const codes = Object.keys(RULE_DESCRIPTIONS) as RuleCode[];
  const rules = codes.map((id) => ({
    id,
    shortDescription: { text: RULE_DESCRIPTIONS[id] },
  }));
  const results = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: codes.indexOf(f.code),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f.file, f.range)],
    ...(f.related?.length
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            ...location(r.file, r.range),
            message: { text: r.message },
          })),
        }
      : {}),
    ...(f.service !== undefined || f.port !== undefined
      ? {
          properties: {
            ...(f.service !== undefined ? { service: f.service } : {}),
            ...(f.port !== undefined ? { port: f.port } : {}),
          },
        }
      : {}),
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'berth', rules } }, columnKind: 'utf16CodeUnits', results }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
