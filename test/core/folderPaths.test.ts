import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { deleteAtOrUnder, isAtOrUnder } from '../../src/core/folderPaths';

test('a folder and what lies under it, not a sibling that starts with its name', () => {
  assert.equal(isAtOrUnder('src/a', 'src/a'), true);
  assert.equal(isAtOrUnder('src/a/b.go', 'src/a'), true);
  assert.equal(isAtOrUnder('src/ab/c.go', 'src/a'), false);
  const kept = new Map([
    ['src/a/b.go', 1],
    ['src/a', 2],
    ['src/ab/c.go', 3],
  ]);
  assert.equal(deleteAtOrUnder(kept, 'src/a'), true);
  assert.deepEqual([...kept.keys()], ['src/ab/c.go']);
  assert.equal(deleteAtOrUnder(new Set(['x/y']), 'src/a'), false);
});
