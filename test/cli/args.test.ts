import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandArgs, resolveRoot, UsageError } from '../../src/cli/args';

const SPEC = {
  root: { type: 'string' },
  format: { type: 'string', choices: ['text', 'json'] },
  yes: { type: 'boolean', short: 'y' },
  only: { type: 'string', multiple: true },
} as const;

test('parses options, short flags, repeated options and positionals', () => {
  const r = parseCommandArgs(['svc', '--root', 'd', '-y', '--format=json', '--only', 'a', '--only', 'b'], SPEC, {
    maxPositionals: 1,
  });
  assert.deepEqual(r.positionals, ['svc']);
  assert.deepEqual({ ...r.values }, { root: 'd', yes: true, format: 'json', only: ['a', 'b'] });
});

test('usage errors: unknown option, missing value, bad choice, extra positional', () => {
  const cases: [string[], string][] = [
    [['--nope'], "Unknown option '--nope'"],
    [['--root'], "Option '--root <value>' argument missing"],
    [['--format', 'xml'], "--format must be one of text, json (got 'xml')"],
    [['a'], "unexpected argument 'a'"],
  ];
  for (const [args, message] of cases) {
    assert.throws(
      () => parseCommandArgs(args, SPEC),
      (e: unknown) => e instanceof UsageError && e.message === message,
      args.join(' '),
    );
  }
});

test('resolveRoot: --root or one DIR, relative to cwd, not both', () => {
  assert.equal(resolveRoot(undefined, [], '/w'), '/w');
  assert.equal(resolveRoot('x', [], '/w'), '/w/x');
  assert.equal(resolveRoot(undefined, ['/abs'], '/w'), '/abs');
  assert.throws(() => resolveRoot('x', ['y'], '/w'), UsageError);
});
