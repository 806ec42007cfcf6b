// Thousands of seeded random mutations of valid files through parser, finders and rules: nothing
// throws, and every problem comes back as a well-formed Finding. The seed is printed on failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBerthYaml } from '../../src/core/berthYaml';
import { checkAllocation, checkFile } from '../../src/core/rules';
import { nextFreePort } from '../../src/core/freePort';
import { findPorts } from '../../src/core/portFinders/index';
import { LineIndex } from '../../src/core/text';
import type { BerthConfig, Finding, PortRef } from '../../src/core/types';

const demo = join(__dirname, '..', '..', 'examples', 'demo');
const BERTH = readFileSync(join(demo, 'berth.yaml'), 'utf8');
const FILES: [string, string][] = [
  [
    'test/integration/workflowexecution/config/config.yaml',
    readFileSync(join(demo, 'test/integration/workflowexecution/config/config.yaml'), 'utf8'),
  ],
  [
    'holmesgpt-api/tests/integration/docker-compose.yml',
    readFileSync(join(demo, 'holmesgpt-api/tests/integration/docker-compose.yml'), 'utf8'),
  ],
  ['test/integration/notification/.env', readFileSync(join(demo, 'test/integration/notification/.env'), 'utf8')],
  [
    'test/integration/workflowexecution/audit_datastorage_test.go',
    readFileSync(join(demo, 'test/integration/workflowexecution/audit_datastorage_test.go'), 'utf8'),
  ],
  [
    'test/integration/workflowexecution/settings.json',
    '{\n  "redis": { "port": 16388, "url": "redis://localhost:16387" },\n  "ports": ["15441:5432"]\n}\n',
  ],
];
const SEED = Number(process.env.BERTH_FUZZ_SEED ?? 20251225);
// berth.yaml goes through the yaml package (about 1-2 ms a file); config files are cheap line scans.
const YAML_ROUNDS = 500;
const FILE_ROUNDS = 2500;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  ':',
  '-',
  ' ',
  '\n',
  '\t',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  ',',
  '*',
  '&',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '0',
  '9',
  '65536',
  '-1',
  '1.5',
  'null',
  '~',
  'x-',
  'ports',
  'shared_with',
  'localhost:',
  '${A:-',
  '\r\n',
  'é',
  '😀',
  'berth-ignore',
];

function mutate(text: string, rand: () => number): string {
  let t = text;
  const n = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(rand() * (t.length + 1));
    const lines = t.split('\n');
    const li = Math.floor(rand() * lines.length);
    switch (Math.floor(rand() * 7)) {
      case 0:
        t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 8));
        break;
      case 1:
        t = t.slice(0, at) + PIECES[Math.floor(rand() * PIECES.length)] + t.slice(at);
        break;
      case 2:
        lines.splice(li, 0, lines[Math.floor(rand() * lines.length)]);
        t = lines.join('\n');
        break;
      case 3:
        lines.splice(li, 1);
        t = lines.join('\n');
        break;
      case 4:
        t = t.replace(/\d/g, (d) => (rand() < 0.05 ? String(Math.floor(rand() * 10)) : d));
        break;
      case 5:
        t = t.slice(0, at);
        break;
      default:
        lines[li] = ' '.repeat(Math.floor(rand() * 6)) + lines[li].trimStart();
        t = lines.join('\n');
        break;
    }
  }
  return t;
}

const SEVERITIES = new Set(['error', 'warning', 'info']);
const CODES = new Set([
  'schema',
  'duplicate-allocation',
  'out-of-range',
  'port-owned-by-other-service',
  'port-not-allocated',
  'stack',
]);

function checkRange(
  r: { start: { line: number; character: number }; end: { line: number; character: number } },
  lines: number,
  what: string,
): void {
  for (const p of [r.start, r.end]) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines, `${what}: line ${p.line} of ${lines}`);
    assert.ok(Number.isInteger(p.character) && p.character >= 0, `${what}: character ${p.character}`);
  }
  assert.ok(
    r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character),
    `${what}: start after end`,
  );
}

function checkFindings(findings: Finding[], file: string, lines: number, ctx: string): void {
  for (const f of findings) {
    assert.ok(
      SEVERITIES.has(f.severity) && CODES.has(f.code) && typeof f.message === 'string' && f.message.length > 0,
      `${ctx}: ${JSON.stringify(f)}`,
    );
    if (f.file === file) checkRange(f.range, lines, ctx);
  }
}

function checkRefs(refs: PortRef[], lines: number, ctx: string): void {
  for (const r of refs) {
    assert.ok(Number.isInteger(r.port) && r.port >= 1 && r.port <= 65535, `${ctx}: port ${r.port}`);
    checkRange(r.range, lines, ctx);
  }
}

test(`${YAML_ROUNDS} mutated berth.yaml files and ${FILE_ROUNDS} mutated config files never throw and yield well-formed findings (seed ${SEED})`, () => {
  const rand = rng(SEED);
  const base = parseBerthYaml(BERTH).config as BerthConfig;
  assert.ok(base);
  let withConfig = 0;
  for (let i = 0; i < YAML_ROUNDS; i++) {
    const text = mutate(BERTH, rand);
    const ctx = `seed ${SEED} round ${i} berth.yaml:\n${text}`;
    const lines = new LineIndex(text).lineCount;
    const r = parseBerthYaml(text);
    checkFindings(r.findings, 'berth.yaml', lines, ctx);
    if (!r.config) continue;
    withConfig++;
    checkFindings(checkAllocation(r.config), 'berth.yaml', lines, ctx);
    for (const range of r.config.ranges) nextFreePort(r.config, range.role);
    for (const [path, content] of FILES) checkFile(r.config, path, content);
  }
  // The mutations must leave most files readable, or the rules would never run.
  assert.ok(withConfig > YAML_ROUNDS / 2, `only ${withConfig} of ${YAML_ROUNDS} mutants kept a config`);
  for (let i = 0; i < FILE_ROUNDS; i++) {
    const [path, content] = FILES[i % FILES.length];
    const text = mutate(content, rand);
    const ctx = `seed ${SEED} round ${i} ${path}:\n${text}`;
    const lines = new LineIndex(text).lineCount;
    checkRefs(findPorts(path, text), lines, ctx);
    checkFindings(checkFile(base, path, text), path, lines, ctx);
  }
});
