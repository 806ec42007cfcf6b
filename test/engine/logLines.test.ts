// Splitting followed log chunks into lines (a line may arrive in pieces) and reading the engine's timestamps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, splitStamp } from '../../src/engine/client/logFollow';

test('lines split across chunks are joined; CRLF is trimmed; flush gives the unfinished last line', () => {
  const got: string[] = [];
  const s = new LineSplitter((l) => got.push(l));
  s.push('2026-12-01T11:45:24.1Z one\n2026-12-01T11:45:24.2Z t');
  s.push('wo\r\n\n');
  assert.deepEqual(got, ['2026-12-01T11:45:24.1Z one', '2026-12-01T11:45:24.2Z two', '']);
  s.push('tail without newline');
  s.flush();
  s.flush();
  assert.deepEqual(got.slice(3), ['tail without newline']);
});

test('the engine stamp is split off (nanoseconds, offsets); a line without one keeps its text', () => {
  assert.deepEqual(splitStamp('2026-12-01T11:45:24.123456789Z Ready to accept connections'), {
    time: '2026-12-01T11:45:24.123456789Z',
    text: 'Ready to accept connections',
  });
  assert.deepEqual(splitStamp('2026-12-01T11:45:24+01:00 x'), { time: '2026-12-01T11:45:24+01:00', text: 'x' });
  assert.deepEqual(splitStamp('2026-12-01T11:45:24.5Z '), { time: '2026-12-01T11:45:24.5Z', text: '' });
  assert.deepEqual(splitStamp('no stamp 2026-12-01T11:45:24Z'), { text: 'no stamp 2026-12-01T11:45:24Z' });
});
