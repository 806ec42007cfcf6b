// `berth check` output forms on findings made here: grouped text, one JSON record per occurrence, SARIF 2.1.0.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { formatFindings } from '../../src/cli/format';
import { RULE_DESCRIPTIONS } from '../../src/core/rules';
import type { Finding } from '../../src/core/types';

const at = (line: number, character: number, length = 5) => ({
  start: { line, character },
  end: { line, character: character + length },
});
const owned = (line: number): Finding => ({
  file: 'it/config.yaml',
  range: at(line, 8),
  severity: 'error',
  code: 'port-owned-by-other-service',
  message: "port 16383 belongs to 'hapi' (redis); 'we' uses 16388 for redis",
  service: 'we',
  port: 16383,
  related: [{ file: 'berth.yaml', range: at(26, 13), message: "16383 is allocated to 'hapi' as redis" }],
  data: { owner: { service: 'hapi', role: 'redis' } },
});
const lines = [11, 39, 40, 76, 89, 101, 129, 130, 149, 160, 170, 180, 190];
const findings: Finding[] = [
  ...lines.map(owned),
  { ...owned(20), file: 'it/other.yaml' },
  {
    file: 'it/config.yaml',
    range: at(50, 4),
    severity: 'warning',
    code: 'port-not-allocated',
    message: 'port 16390 is not allocated to any service in berth.yaml',
    service: 'we',
    port: 16390,
  },
  {
    file: 'berth.yaml',
    range: at(2, 0, 3),
    severity: 'error',
    code: 'schema',
    message: "unknown key 'rnages' in berth.yaml",
  },
  {
    file: 'berth.yaml',
    range: at(3, 0, 3),
    severity: 'error',
    code: 'schema',
    message: "unknown key 'rnages' in berth.yaml",
  },
];

describe('--format text', () => {
  test('repeats of one port in one file are one entry listing its lines; the owner allocation is named', () => {
    assert.equal(
      formatFindings(findings, 'text'),
      [
        "it/config.yaml:12:9  error  port 16383 belongs to 'hapi' (redis); 'we' uses 16388 for redis  [port-owned-by-other-service]  allocated at berth.yaml:27",
        '  16383 ×13: lines 12, 40, 41, 77, 90, 102, 130, 131, 150, 161, 171, 181, …',
        "it/other.yaml:21:9  error  port 16383 belongs to 'hapi' (redis); 'we' uses 16388 for redis  [port-owned-by-other-service]  allocated at berth.yaml:27",
        'it/config.yaml:51:5  warning  port 16390 is not allocated to any service in berth.yaml  [port-not-allocated]',
        "berth.yaml:3:1  error  unknown key 'rnages' in berth.yaml  [schema]",
        "berth.yaml:4:1  error  unknown key 'rnages' in berth.yaml  [schema]",
        '',
      ].join('\n'),
    );
  });
});

describe('--format json', () => {
  test('keeps one record per occurrence', () => {
    const records = JSON.parse(formatFindings(findings, 'json')) as { line: number; port: number | null }[];
    assert.equal(records.length, findings.length);
    assert.deepEqual(
      records.filter((r) => r.port === 16383).map((r) => r.line),
      [...lines.map((l) => l + 1), 21],
    );
  });
});

// The parts of SARIF 2.1.0 Berth writes, with the standard's required properties, value sets and minimums.
// Objects are closed (additionalProperties: false), so a misspelt property fails.
const closed = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const message = closed({ text: { type: 'string', minLength: 1 } }, ['text']);
const positive = { type: 'integer', minimum: 1 };
const location = closed(
  {
    id: { type: 'integer', minimum: -1 },
    message,
    physicalLocation: closed(
      {
        artifactLocation: closed({ uri: { type: 'string', minLength: 1 }, uriBaseId: { type: 'string' } }, ['uri']),
        region: closed({ startLine: positive, startColumn: positive, endLine: positive, endColumn: positive }, [
          'startLine',
        ]),
      },
      ['artifactLocation', 'region'],
    ),
  },
  ['physicalLocation'],
);
const SARIF_SUBSET = closed(
  {
    $schema: { type: 'string', pattern: '^https://' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: closed(
        {
          tool: closed(
            {
              driver: closed(
                {
                  name: { type: 'string', minLength: 1 },
                  rules: {
                    type: 'array',
                    items: closed({ id: { type: 'string', minLength: 1 }, shortDescription: message }, ['id']),
                  },
                },
                ['name'],
              ),
            },
            ['driver'],
          ),
          columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
          results: {
            type: 'array',
            items: closed(
              {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message,
                locations: { type: 'array', minItems: 1, items: location },
                relatedLocations: { type: 'array', minItems: 1, uniqueItems: true, items: location },
                properties: { type: 'object' },
              },
              ['message', 'ruleId', 'level', 'locations'],
            ),
          },
        },
        ['tool', 'results'],
      ),
    },
  },
  ['version', 'runs'],
);

describe('--format sarif', () => {
  const log = JSON.parse(formatFindings(findings, 'sarif'));

  test('has the structure SARIF 2.1.0 requires', () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile(SARIF_SUBSET);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  test('rules are the rule codes; each result points at its rule, 1-based, with its related berth.yaml place', () => {
    const run = log.runs[0];
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.deepEqual(ids, Object.keys(RULE_DESCRIPTIONS));
    assert.equal(run.results.length, findings.length, 'one result per occurrence');
    for (const r of run.results) assert.equal(ids[r.ruleIndex], r.ruleId);
    const first = run.results[0];
    assert.deepEqual(first.locations[0].physicalLocation, {
      artifactLocation: { uri: 'it/config.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 9, endLine: 12, endColumn: 14 },
    });
    assert.deepEqual(first.relatedLocations, [
      {
        id: 0,
        physicalLocation: {
          artifactLocation: { uri: 'berth.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 27, startColumn: 14, endLine: 27, endColumn: 19 },
        },
        message: { text: "16383 is allocated to 'hapi' as redis" },
      },
    ]);
    assert.deepEqual(first.properties, { service: 'we', port: 16383 });
    assert.equal(run.results.find((r: { ruleId: string }) => r.ruleId === 'port-not-allocated').level, 'warning');
  });
});
