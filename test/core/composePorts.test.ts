// Compose port specs: one reading (core/composePorts.ts) behind the YAML-AST finder, its line-scanner
// fallback and compose stacks; ranges, host IPs, defaults, anchors and merges.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findComposePorts } from '../../src/core/portFinders/compose';
import { findComposePortsByLine } from '../../src/core/portFinders/composeLines';
import { parseShortPort, readPortRange } from '../../src/core/composePorts';
import { readComposeFile } from '../../src/core/composeFile';
import { LineIndex } from '../../src/core/text';
import type { PortRef } from '../../src/core/types';

function show(text: string, refs: PortRef[]): string[] {
  const idx = new LineIndex(text);
  return refs.map((r) => {
    const covered = text.slice(idx.offsetAt(r.range.start), idx.offsetAt(r.range.end));
    return `${r.port} '${covered}'@${r.range.start.line + 1}${r.host ? ` host=${r.host}` : ''}`;
  });
}
/** Through the AST; and the line fallback must agree where it can follow the layout. */
function both(text: string): string[] {
  const ast = show(text, findComposePorts(text));
  assert.deepEqual(show(text, findComposePortsByLine(text)), ast, 'line fallback and AST disagree');
  return ast;
}
const service = (ports: string) => `services:\n  web:\n    image: x\n    ports:\n${ports}`;

describe('compose port specs', () => {
  test('short syntax parts: IP, host, container, protocol', () => {
    assert.deepEqual(parseShortPort('127.0.0.1:8000-8001:80-81/udp'), {
      protocol: 'udp',
      hostIp: '127.0.0.1',
      host: { from: 8000, to: 8001, fromSpan: [10, 14], toSpan: [15, 19] },
      container: { from: 80, to: 81 },
    });
    assert.deepEqual(parseShortPort('[::1]:9000:90')?.hostIp, '::1');
    assert.equal(parseShortPort('127.0.0.1::80')?.host, undefined, 'an empty host part lets the engine choose');
    assert.equal(parseShortPort('80')?.host, undefined);
    assert.equal(parseShortPort('not a port'), undefined);
    assert.equal(readPortRange('8001-8000'), undefined, 'an empty range names no port');
    assert.equal(readPortRange('70000'), undefined);
    assert.deepEqual(readPortRange('${P:-18000}', 4), { from: 18000, to: 18000, fromSpan: [9, 14], toSpan: [9, 14] });
  });

  test('host ranges, with and without a host IP, in both readers', () => {
    const text = service('      - "8000-8001:80"\n      - 127.0.0.1:8100-8101:80-81\n      - "9000-9002:90-92/udp"\n');
    assert.deepEqual(both(text), [
      "8000 '8000'@5",
      "8001 '8001'@5",
      "8100 '8100'@6 host=127.0.0.1",
      "8101 '8101'@6 host=127.0.0.1",
      "9000 '9000'@7",
      "9001 '9000-9002'@7",
      "9002 '9002'@7",
    ]);
  });

  test('long syntax published ranges and defaults', () => {
    const text = service(
      '      - target: 80\n        published: "8000-8001"\n      - { target: 81, published: "${WEB:-8200}" }\n',
    );
    assert.deepEqual(both(text), ["8000 '8000'@6", "8001 '8001'@6", "8200 '8200'@7"]);
  });

  test('a published range yields at most 100 references', () => {
    assert.equal(findComposePorts(service('      - "20000-29999:80"\n')).length, 100);
  });

  test('anchors and << merges: ports read once, at the anchor', () => {
    const text = [
      'x-web: &web',
      '  image: x',
      '  ports: ["18080:80"]',
      'services:',
      '  a:',
      '    <<: *web',
      '  b:',
      '    <<: *web',
      '    ports: &own',
      '      - "18081:80"',
      '  c:',
      '    image: y',
      '    ports: *own',
    ].join('\n');
    assert.deepEqual(show(text, findComposePorts(text)), ["18080 '18080'@3", "18081 '18081'@10"]);
  });

  test('a file that does not parse falls back to the line scanner', () => {
    const text = service('      - "16379:6379"\n    environment: [unclosed\n');
    assert.equal(readComposeFile(text).syntaxErrors, true);
    assert.deepEqual(show(text, findComposePorts(text)), ["16379 '16379'@5"]);
  });

  test('one parse serves the port rules and the stack reader', () => {
    const text = service('      - "16379:6379"\n');
    assert.equal(readComposeFile(text), readComposeFile(text.split('').join('')), 'the same text is parsed once');
  });
});
