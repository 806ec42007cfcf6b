// The terminal text of followed logs: one container plain, a stack compose-style with padded step prefixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prefixer, shortStamp } from '../../../src/extension/logFormat';

// eslint-disable-next-line no-control-regex -- ANSI color codes are what the test strips
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

test('timestamps are shown to the millisecond', () => {
  assert.equal(shortStamp('2026-12-01T11:45:24.123456789Z'), '2026-12-01T11:45:24.123Z');
  assert.equal(shortStamp('2026-12-01T11:45:24Z'), '2026-12-01T11:45:24Z');
  assert.equal(shortStamp('2026-12-01T11:45:24.5+02:00'), '2026-12-01T11:45:24.5+02:00');
  assert.equal(shortStamp(undefined), '');
});

test('one container: no prefix, the stamp, the line, CRLF', () => {
  const p = prefixer(['we-redis']);
  const out = p.line(0, { stream: 'stdout', time: '2026-12-01T11:45:24.123456Z', text: 'Ready' });
  assert.equal(plain(out), '2026-12-01T11:45:24.123Z Ready\r\n');
  assert.equal(
    plain(p.notice('we-redis exited (exit 0) — following stopped')),
    '── we-redis exited (exit 0) — following stopped\r\n',
  );
});

test('a stack: every line after its step padded to the widest name, each step in its own color', () => {
  const p = prefixer(['postgres', 'redis']);
  const a = p.line(0, { stream: 'stdout', text: 'listening' });
  const b = p.line(1, { stream: 'stderr', time: '2026-12-01T11:45:24Z', text: 'PONG' });
  assert.equal(plain(a), 'postgres | listening\r\n');
  assert.equal(plain(b), 'redis    | 2026-12-01T11:45:24Z PONG\r\n');
  assert.notEqual(a.slice(0, 5), b.slice(0, 5), 'the two steps share a color');
  assert.equal(
    plain(p.notice('redis was removed — following stopped', 1)),
    'redis    | ── redis was removed — following stopped\r\n',
  );
  assert.equal(plain(p.notice('following stopped')), '── following stopped\r\n');
});
