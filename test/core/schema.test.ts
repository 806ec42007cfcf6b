// schemas/berth.schema.json and parseBerthYaml must agree: the examples pass both, and each invalid
// file below is rejected by both (semantic checks the schema cannot express are tested in berthYaml.test.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { parseBerthYaml } from '../../src/core/berthYaml';

const root = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'berth.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function examples(): string[] {
  return readdirSync(join(root, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => ['berth.yaml', 'berth.yml'].map((n) => join(root, 'examples', d.name, n)))
    .filter((p) => {
      try {
        readFileSync(p);
        return true;
      } catch {
        return false;
      }
    });
}

const VALID = [
  'version: 1\nservices: {}\n',
  'version: 1\nranges:\n  pg: 1-2\n  redis: { from: 3, to: 4 }\nservices:\n  a:\n    ports: { pg: 1, redis: { port: 3, shared_with: [b] } }\n    configs: ["x/**"]\n  b:\n  c:\n    ports:\n    stack:\nx-anything: [1, 2]\n',
];

const INVALID: Record<string, string> = {
  'empty document': '',
  'not a mapping': '- 1\n',
  'missing version': 'services: {}\n',
  'missing services': 'version: 1\n',
  'version 2': 'version: 2\nservices: {}\n',
  'version as string': 'version: "1"\nservices: {}\n',
  'services a list': 'version: 1\nservices: [a]\n',
  'unknown top-level key': 'version: 1\nservices: {}\nservice: {}\n',
  'unknown service key': 'version: 1\nservices:\n  a: { prots: {} }\n',
  'service a scalar': 'version: 1\nservices:\n  a: 5\n',
  'bad service name': 'version: 1\nservices:\n  "-a": {}\n',
  'port as string': 'version: 1\nservices:\n  a: { ports: { pg: "15433" } }\n',
  'port zero': 'version: 1\nservices:\n  a: { ports: { pg: 0 } }\n',
  'port too high': 'version: 1\nservices:\n  a: { ports: { pg: 65536 } }\n',
  'port fractional': 'version: 1\nservices:\n  a: { ports: { pg: 1.5 } }\n',
  'ports a list': 'version: 1\nservices:\n  a: { ports: [1] }\n',
  'long form without port': 'version: 1\nservices:\n  a: { ports: { pg: { shared_with: [b] } } }\n  b: {}\n',
  'long form unknown key': 'version: 1\nservices:\n  a: { ports: { pg: { port: 1, shared: [b] } } }\n  b: {}\n',
  'shared_with a string': 'version: 1\nservices:\n  a: { ports: { pg: { port: 1, shared_with: b } } }\n  b: {}\n',
  'shared_with holding a number': 'version: 1\nservices:\n  a: { ports: { pg: { port: 1, shared_with: [1] } } }\n',
  'bad role name': 'version: 1\nservices:\n  a: { ports: { "x y": 1 } }\n',
  'configs a string': 'version: 1\nservices:\n  a: { configs: "x/**" }\n',
  'configs holding an empty string': 'version: 1\nservices:\n  a: { configs: [""] }\n',
  'configs holding a number': 'version: 1\nservices:\n  a: { configs: [1] }\n',
  'range as number': 'version: 1\nranges: { pg: 15433 }\nservices: {}\n',
  'range text with spaces': 'version: 1\nranges: { pg: "1 - 2" }\nservices: {}\n',
  'range map missing to': 'version: 1\nranges: { pg: { from: 1 } }\nservices: {}\n',
  'range map unknown key': 'version: 1\nranges: { pg: { from: 1, to: 2, step: 1 } }\nservices: {}\n',
  'range bound out of ports': 'version: 1\nranges: { pg: { from: 0, to: 2 } }\nservices: {}\n',
  'ranges a list': 'version: 1\nranges: [1]\nservices: {}\n',
  'stack a scalar': 'version: 1\nservices:\n  a: { stack: 5 }\n',
};

describe('schemas/berth.schema.json agrees with the parser', () => {
  test('every example berth.yaml validates and parses without schema findings', () => {
    const files = examples();
    assert.ok(files.length >= 1, 'no examples found');
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.ok(validate(parse(text)), `${file}: ${JSON.stringify(validate.errors)}`);
      assert.deepEqual(parseBerthYaml(text).findings.filter((f) => f.code === 'schema'), [], file);
    }
  });

  test('valid files pass both', () => {
    for (const text of VALID) {
      assert.ok(validate(parse(text)), `${text}: ${JSON.stringify(validate.errors)}`);
      assert.deepEqual(parseBerthYaml(text).findings, []);
    }
  });

  for (const [name, text] of Object.entries(INVALID)) {
    test(`invalid: ${name}`, () => {
      assert.equal(validate(parse(text) ?? null), false, 'schema accepted it');
      const findings = parseBerthYaml(text).findings;
      assert.ok(findings.length > 0 && findings.every((f) => f.severity === 'error' && (f.code === 'schema' || f.code === 'stack')), JSON.stringify(findings));
    });
  }
});
