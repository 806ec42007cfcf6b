// The list API's Status text as both engines write it (seen on Docker 20.10 and Podman 4.3.1 compat API).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitCodeFromStatus } from '../../src/engine/client/decode';

test("the exit code is read from an exited container's Status", () => {
  assert.equal(exitCodeFromStatus('Exited (3) Less than a second ago'), 3);
  assert.equal(exitCodeFromStatus('Exited (0) 3 seconds ago'), 0);
  assert.equal(exitCodeFromStatus('Exited (137) 2 hours ago'), 137);
  assert.equal(exitCodeFromStatus('exited (1) About a minute ago'), 1);
});

test('no exit code for containers that have not exited, or unreadable text', () => {
  assert.equal(exitCodeFromStatus('Up 3 seconds (healthy)'), undefined);
  assert.equal(exitCodeFromStatus('Up 2 minutes (Paused)'), undefined);
  assert.equal(exitCodeFromStatus('Created'), undefined);
  assert.equal(exitCodeFromStatus('Exited'), undefined);
  assert.equal(exitCodeFromStatus(''), undefined);
  assert.equal(exitCodeFromStatus(undefined), undefined);
});
