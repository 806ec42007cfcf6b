// The engines' pull progress objects read into PullEvents, tallied, and told as one line (pure).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { byteSize, pullEventOf, pullLine, PullTally } from '../../src/model/pull';

// The shape of Docker 20.10's stream for a two-layer image whose base layer is present.
const docker = [
  { status: 'Pulling from berth-pull/tiny', id: 'docker' },
  { status: 'Already exists', progressDetail: {}, id: 'b40c1d02dfb7' },
  { status: 'Pulling fs layer', progressDetail: {}, id: '4f4fb700ef54' },
  { status: 'Downloading', progressDetail: { current: 100_000, total: 300_212 }, id: '4f4fb700ef54' },
  { status: 'Downloading', progressDetail: { current: 300_212, total: 300_212 }, id: '4f4fb700ef54' },
  { status: 'Verifying Checksum', progressDetail: {}, id: '4f4fb700ef54' },
  { status: 'Download complete', progressDetail: {}, id: '4f4fb700ef54' },
  { status: 'Extracting', progressDetail: { current: 32_768, total: 300_212 }, id: '4f4fb700ef54' },
  { status: 'Pull complete', progressDetail: {}, id: '4f4fb700ef54' },
  { status: 'Digest: sha256:f03d340bd52f' },
  { status: 'Status: Downloaded newer image for 127.0.0.1:5000/berth-pull/tiny:docker' },
];

describe('pull progress', () => {
  test("Docker's statuses map to layer phases; whole-image ones carry no layer", () => {
    const events = docker.map(pullEventOf);
    assert.deepEqual(
      events.map((e) => e.phase),
      [
        undefined,
        'present',
        'waiting',
        'downloading',
        'downloading',
        'downloaded',
        'downloaded',
        'extracting',
        'done',
        undefined,
        undefined,
      ],
    );
    assert.equal(events[0].layer, undefined, '"Pulling from" names the tag, not a layer');
    assert.deepEqual(events[3], {
      layer: '4f4fb700ef54',
      phase: 'downloading',
      current: 100_000,
      total: 300_212,
      text: 'Downloading',
    });
    assert.equal(events[7].current, undefined, "extraction's bytes are not download bytes");
  });

  test('the tally counts layers and download bytes, and marks the updates worth a line', () => {
    const t = new PullTally('127.0.0.1:5000/berth-pull/tiny:docker');
    const snaps = docker.map((raw) => t.apply(pullEventOf(raw)));
    assert.equal(pullLine(snaps[2]), 'Pulling 127.0.0.1:5000/berth-pull/tiny:docker: 1/2 layers');
    assert.equal(pullLine(snaps[3]), 'Pulling 127.0.0.1:5000/berth-pull/tiny:docker: 1/2 layers, 100.0 kB/300.2 kB');
    assert.equal(pullLine(snaps[7]), 'Pulling 127.0.0.1:5000/berth-pull/tiny:docker: 2/2 layers, 300.2 kB/300.2 kB');
    // A milestone once per layer: "Already exists", then the first of Verifying/Download complete/Pull complete.
    assert.deepEqual(
      snaps.map((s, i) => (s.milestone ? i : -1)).filter((i) => i >= 0),
      [1, 5],
    );
    const end = t.finish();
    assert.equal(end.complete, true);
    assert.equal(end.milestone, true);
    assert.equal(pullLine(end), 'Pulled 127.0.0.1:5000/berth-pull/tiny:docker: 2 layers, 300.2 kB');
  });

  test("Podman's stream (no byte counts, download complete is the last word) still counts layers", () => {
    const t = new PullTally('redis:7-alpine');
    const podman = [
      { status: 'Pulling fs layer', progressDetail: {}, id: '61786b6d449a' },
      { status: 'Pulling fs layer', progressDetail: {}, id: 'e675c38660c4' },
      { status: 'Download complete', progressDetail: {}, id: '61786b6d449a' },
    ];
    const last = podman.map((raw) => t.apply(pullEventOf(raw))).at(-1)!;
    assert.equal(last.milestone, true);
    assert.equal(pullLine(last), 'Pulling redis:7-alpine: 1/2 layers');
    assert.equal(pullLine(new PullTally('redis:7-alpine').apply({ text: '' })), 'Pulling redis:7-alpine…');
  });

  test('garbage in progress objects is ignored, not a crash', () => {
    const e = pullEventOf({ id: 7, status: 'Downloading', progressDetail: { current: 'x', total: -1 } });
    assert.deepEqual(e, { layer: undefined, phase: undefined, text: 'Downloading' });
    assert.deepEqual(pullEventOf({}), { layer: undefined, phase: undefined, text: '' });
  });

  test('sizes in decimal units, as the engines print them', () => {
    assert.deepEqual([999, 12_100, 20_300_000, 1_234_000_000].map(byteSize), ['999 B', '12.1 kB', '20.3 MB', '1.2 GB']);
  });
});
