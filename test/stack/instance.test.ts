// A stack instance's identity without an engine: worker 1 keeps the names and labels of before workers (so
// stacks started earlier stay adopted); worker K carries berth.worker=K and -wK in its names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { berthLabels, instanceName, instanceText, LABEL_WORKER, ofWorker, workerOf } from '../../src/engine/labels';
import { labelledOfWorker, networkName } from '../../src/stack/network';
import { containerName } from '../../src/stack/stepGraph';
import type { ResolvedStep } from '../../src/stack/resolve';

const step = (name: string, fixed?: string) => ({ name, def: { containerName: fixed } }) as unknown as ResolvedStep;

test('worker 1: the names and labels of before workers; worker K: -wK and berth.worker=K', () => {
  assert.deepEqual(berthLabels('we', 'db', 'r1'), { 'berth.service': 'we', 'berth.step': 'db', 'berth.run': 'r1' });
  assert.deepEqual(berthLabels('we', 'db', 'r1', 1), berthLabels('we', 'db', 'r1'));
  assert.equal(berthLabels('we', 'db', 'r1', 2)[LABEL_WORKER], '2');
  assert.equal(networkName('We.Svc'), 'berth-we.svc');
  assert.equal(networkName('We.Svc', 2), 'berth-we.svc-w2');
  assert.equal(containerName('we', step('db')), 'berth-we-db');
  assert.equal(containerName('we', step('db'), 3), 'berth-we-db-w3');
  assert.equal(containerName('we', step('db', 'pg-main'), 2), 'pg-main-w2', 'a container_name gets the suffix too');
  assert.equal(instanceName('pgdata', 1), 'pgdata');
  assert.equal(instanceText('we', 1), 'we');
  assert.equal(instanceText('we', 2), 'we worker 2');
});

test("a label that is not a worker number is worker 1's; ofWorker picks one instance", () => {
  for (const v of [undefined, '', '1', '0', '-2', '2.5', 'two']) {
    assert.equal(workerOf(v === undefined ? {} : { [LABEL_WORKER]: v }), 1, `berth.worker=${v}`);
  }
  const cs: { labels: Record<string, string> }[] = [
    { labels: {} },
    { labels: { [LABEL_WORKER]: '2' } },
    { labels: { [LABEL_WORKER]: '3' } },
  ];
  assert.deepEqual(ofWorker(cs, 1), [cs[0]]);
  assert.deepEqual(ofWorker(cs, 2), [cs[1]]);
  assert.deepEqual(ofWorker(cs, 4), []);
});

test("labelledOfWorker: one worker's networks or volumes of a service, never another worker's", async () => {
  const labelled: Record<string, string[]> = {
    'berth.service=we': ['berth-we', 'berth-we-w2', 'berth-we-w3'],
    [LABEL_WORKER]: ['berth-we-w2', 'berth-we-w3', 'berth-other-w2'],
    [`${LABEL_WORKER}=2`]: ['berth-we-w2', 'berth-other-w2'],
  };
  const list = async (label: string) => labelled[label] ?? [];
  assert.deepEqual(await labelledOfWorker(list, 'we', 1), ['berth-we']);
  assert.deepEqual(await labelledOfWorker(list, 'we', 2), ['berth-we-w2']);
  assert.deepEqual(await labelledOfWorker(list, 'we', 4), []);
});
