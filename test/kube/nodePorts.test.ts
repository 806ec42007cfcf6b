// NodePorts for host ports: kept from the service's kind config, the host port itself inside 30000-32767,
// else folded into the range; a clash moves to the next free NodePort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignNodePorts } from '../../src/kube/kindCluster';

test('identity in range, folding outside it, the next free one on a clash, preferred ones kept', () => {
  // 15441 folds to 32049; 15441 + 2768 folds onto the same NodePort and moves to the next.
  const m = assignNodePorts([30080, 15441, 15441 + 2768, 18097], new Map([[18097, 30555]]));
  assert.deepEqual(
    [...m],
    [
      [18097, 30555],
      [30080, 30080],
      [15441, 32049],
      [18209, 32050],
    ],
  );
  // A preferred port outside the NodePort range is not used: 18000 and 18001 fold to 31840 and 31841.
  const n = assignNodePorts([18000, 18001], new Map([[18000, 8080]]));
  assert.deepEqual([...n.values()], [31840, 31841]);
});
