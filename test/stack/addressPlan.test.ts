// Fixed addresses for containers created ahead on a network without DNS: from the top of the subnet down,
// never the gateway, broadcast or an attached container's address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planAddresses } from '../../src/stack/addressPlan';

test('a /24: from .254 down, skipping what is used (with or without a prefix length)', () => {
  const plan = planAddresses('10.89.3.0/24', ['10.89.3.1', '10.89.3.253/24'], ['db', 'cache', 'web']);
  assert.deepEqual(
    [...plan!],
    [
      ['db', '10.89.3.254'],
      ['cache', '10.89.3.252'],
      ['web', '10.89.3.251'],
    ],
  );
});

test('a base address that is not the network address is read as its network; wider subnets cross octets', () => {
  assert.deepEqual(
    [...planAddresses('172.18.5.7/16', [], ['a', 'b'])!],
    [
      ['a', '172.18.255.254'],
      ['b', '172.18.255.253'],
    ],
  );
});

test('no plan for IPv6, a malformed subnet, or one too small for every step', () => {
  assert.equal(planAddresses('fd00::/64', [], ['a']), undefined);
  assert.equal(planAddresses('10.0.0.300/24', [], ['a']), undefined);
  assert.equal(planAddresses('nonsense', [], ['a']), undefined);
  assert.equal(planAddresses('10.0.0.0/30', ['10.0.0.1'], ['a', 'b']), undefined);
  assert.deepEqual([...planAddresses('10.0.0.0/30', ['10.0.0.1'], ['a'])!], [['a', '10.0.0.2']]);
});

test('no steps: an empty plan', () => {
  assert.deepEqual(planAddresses('10.0.0.0/24', [], []), new Map());
});
