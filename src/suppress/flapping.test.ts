import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flappingConfigSchema, isFlapping, recordChange } from './flapping.js';

const MIN = 60_000;
const config = flappingConfigSchema.parse({});

function changesAt(minutes: number[]): number[] {
  return minutes.reduce<number[]>((recent, minute) => recordChange(recent, minute * MIN, config), []);
}

describe('flapping', () => {
  it('defaults to more than 4 changes in 30 minutes, released after 15 stable minutes', () => {
    assert.deepEqual(config, { changes: 4, window: 30 * MIN, stableFor: 15 * MIN });
  });

  it('marks an alert that changes state more than `changes` times within the window', () => {
    assert.equal(isFlapping(changesAt([0, 5, 10, 15]), 15 * MIN, config), false);
    assert.equal(isFlapping(changesAt([0, 5, 10, 15, 20]), 20 * MIN, config), true);
    assert.equal(isFlapping(changesAt([0, 10, 20, 30, 40]), 40 * MIN, config), false, 'spread over more than the window');
  });

  it('holds it until it has kept its state for stableFor, however old its changes grow', () => {
    const recent = changesAt([0, 5, 10, 15, 20]);
    assert.equal(isFlapping(recent, 34 * MIN, config), true);
    assert.equal(isFlapping(recent, 35 * MIN, config), false);
  });

  it('keeps no more change times than it looks at', () => {
    assert.equal(changesAt([0, 1, 2, 3, 4, 5, 6, 7]).length, 5);
    assert.deepEqual(recordChange([], 0, { ...config, changes: 0 }), []);
  });
});
