// The CodeLens row above a service: Start stack (with a stack), Stop (with containers), Clean stale ports and the
// roll-up; untrusted workspaces get the roll-up alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceLensSpecs } from '../../../src/extension/lensSpecs';

test('a running stack offers start, stop, clean and its roll-up, each command given the service and its folder', () => {
  const specs = serviceLensSpecs('we', true, { summary: '3/4 healthy', containers: [{} as never] }, true, 'file:///b');
  const target = [{ service: 'we', folder: 'file:///b' }];
  assert.deepEqual(
    specs.map((s) => [s.title, s.command, s.args]),
    [
      ['$(play) Start stack', 'berth.startStack', target],
      ['$(debug-stop) Stop', 'berth.stopStack', target],
      ['Clean stale ports', 'berth.cleanStalePorts', target],
      ['3/4 healthy', 'berth.services.focus', []],
    ],
  );
  // Without a folder (a caller that has none), the service alone.
  assert.deepEqual(serviceLensSpecs('we', true, undefined, true)[0]!.args, [{ service: 'we' }]);
});

test('no stack, nothing running: clean and the roll-up; unknown status says so', () => {
  assert.deepEqual(
    serviceLensSpecs('hapi', false, { summary: 'not running', containers: [] }, true).map((s) => s.title),
    ['Clean stale ports', 'not running'],
  );
  assert.deepEqual(
    serviceLensSpecs('hapi', true, undefined, true).map((s) => s.title),
    ['$(play) Start stack', 'Clean stale ports', 'status unknown'],
  );
});

test('untrusted: only the roll-up, nothing that starts containers or kills processes', () => {
  const specs = serviceLensSpecs('we', true, { summary: '1/1 healthy', containers: [{} as never] }, false);
  assert.deepEqual(
    specs.map((s) => s.command),
    ['berth.services.focus'],
  );
});
