import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planWaves } from '../../src/core/planner';

const step = (name: string, ...deps: string[]) => ({ name, dependsOn: deps.map((step) => ({ step })) });

describe('planWaves', () => {
  test('independent steps share the first wave; dependents follow their dependencies', () => {
    const plan = planWaves([
      step('app', 'migrations', 'redis'),
      step('postgres'),
      step('migrations', 'postgres'),
      step('redis'),
    ]);
    assert.deepEqual(plan.waves, [['postgres', 'redis'], ['migrations'], ['app']]);
    assert.equal(plan.cycle, undefined);
  });

  test('a diamond puts the join after both branches', () => {
    const plan = planWaves([step('a'), step('b', 'a'), step('c', 'a'), step('d', 'b', 'c')]);
    assert.deepEqual(plan.waves, [['a'], ['b', 'c'], ['d']]);
  });

  test('a cycle is reported with its members in dependency order; the rest is still planned', () => {
    const plan = planWaves([step('db'), step('a', 'b', 'db'), step('b', 'c'), step('c', 'a')]);
    assert.deepEqual(plan.waves, [['db']]);
    assert.ok(plan.cycle);
    assert.equal(plan.cycle.length, 3);
    // each member depends on the next one
    const deps = new Map([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ]);
    plan.cycle.forEach((n, i) => assert.equal(deps.get(n), plan.cycle![(i + 1) % plan.cycle!.length]));
  });

  test('unknown dependencies and self references do not block planning (the parser reports them)', () => {
    const plan = planWaves([step('a', 'ghost'), step('b', 'b', 'a')]);
    assert.deepEqual(plan.waves, [['a'], ['b']]);
  });

  test('two-step cycle', () => {
    assert.deepEqual(planWaves([step('x', 'y'), step('y', 'x')]).cycle?.sort(), ['x', 'y']);
  });
});
