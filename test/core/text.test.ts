import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../src/core/text';

test('positionAt and offsetAt round-trip over \\n and \\r\\n lines', () => {
  const text = 'ab\r\ncd\n\nef';
  const idx = new LineIndex(text);
  assert.equal(idx.lineCount, 4);
  for (let o = 0; o <= text.length; o++) assert.equal(idx.offsetAt(idx.positionAt(o)), o);
  assert.deepEqual(idx.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(idx.positionAt(text.length), { line: 3, character: 2 });
});

test('out-of-range offsets and positions clamp', () => {
  const idx = new LineIndex('abc\ndef');
  assert.deepEqual(idx.positionAt(-5), { line: 0, character: 0 });
  assert.deepEqual(idx.positionAt(99), { line: 1, character: 3 });
  assert.equal(idx.offsetAt({ line: 0, character: 99 }), 3);
  assert.equal(idx.offsetAt({ line: 9, character: 0 }), 7);
  assert.equal(idx.offsetAt({ line: -1, character: 4 }), 0);
});

test('characters are UTF-16 code units', () => {
  const idx = new LineIndex('é😀x');
  assert.deepEqual(idx.positionAt(3), { line: 0, character: 3 });
  assert.equal(idx.offsetAt({ line: 0, character: 3 }), 3);
});

test('empty text has one line', () => {
  const idx = new LineIndex('');
  assert.equal(idx.lineCount, 1);
  assert.deepEqual(idx.positionAt(0), { line: 0, character: 0 });
});
