// The corpus measure's outcomes (measure.ts): a silent guess must come out as wrong, or corpus.test.ts
// could not fail; a note that names the port, or a service name marked unsure, makes it reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from './measure';
import type { Note, Proposal } from '../../src/init/proposal';

const expected = [
  { service: 'we', role: 'http', port: 18097 },
  { service: 'we', role: 'redis', port: 16388 },
  { service: 'hapi', role: 'postgres', port: 15439 },
  { service: 'notification', role: 'postgres', port: 15439 },
  { service: 'infra', role: 'ingress', port: 18240 },
];

function proposal(ports: Record<string, Record<string, number>>, notes: Note[] = []): Proposal {
  return {
    services: Object.entries(ports).map(([name, p]) => ({
      name,
      ports: Object.entries(p).map(([role, port]) => ({ role, port, sharedWith: [], seen: [] })),
      configs: [],
    })),
    ranges: [],
    notes,
  };
}
/** The scan found every expected port unless told otherwise. */
const outcome = (i: number, p: Proposal, found = new Set(expected.map((e) => e.port))) =>
  classify(expected[i], expected, p, found)[0];

test('exact, wrong (other port, other role, other service), missed and absent', () => {
  assert.equal(outcome(0, proposal({ we: { http: 18097 } })), 'exact');
  assert.equal(outcome(1, proposal({ we: { redis: 16387 } })), 'wrong');
  assert.equal(outcome(0, proposal({ we: { datastorage: 18097 } })), 'wrong');
  assert.equal(outcome(0, proposal({ gateway: { http: 18097 } })), 'wrong');
  assert.equal(outcome(1, proposal({})), 'missed');
  // notification holds 15439 and the answer gives it 15439 too: hapi's is missed, not guessed.
  assert.equal(outcome(2, proposal({ notification: { postgres: 15439 } })), 'missed');
  // Not proposed, not said, and no finding of the scan holds the port: the answer knows it from elsewhere.
  assert.equal(outcome(1, proposal({}), new Set([18097])), 'absent');
  // A guess stays a guess whether or not the scan found the port.
  assert.equal(outcome(1, proposal({ we: { redis: 16387 } }), new Set()), 'wrong');
});

test('reported: a note names the port or the service and role; or the service name is marked unsure', () => {
  const note = (n: Partial<Note>): Note => ({ kind: 'ambiguous', message: '', ...n });
  assert.equal(outcome(1, proposal({ we: { redis: 16387 } }, [note({ message: 'uses 16388 and 16387' })])), 'reported');
  assert.equal(outcome(1, proposal({ we: { redis: 16387 } }, [note({ message: 'uses 163880' })])), 'wrong');
  assert.equal(
    outcome(0, proposal({ we: { datastorage: 18097 } }, [note({ service: 'we', role: 'http' })])),
    'reported',
  );
  const unsure = (service: string, names: string[]) => note({ kind: 'name', service, names });
  assert.equal(
    outcome(2, proposal({ holmesgptapi: { postgres: 15439 } }, [unsure('holmesgptapi', ['hapi'])])),
    'reported',
  );
  assert.equal(outcome(4, proposal({ deploy: { ingress: 18240 } }, [unsure('deploy', [])])), 'reported');
  assert.equal(outcome(4, proposal({ deploy: { ingress: 18240 } })), 'wrong');
});
