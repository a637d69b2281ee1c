import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Recurrence, levelBins } from './recurrence.js';

const HOUR = 3_600_000;
const options = { episodes: 3, memory: 24 * HOUR, apart: HOUR };
const p90 = 'pod_client_latency_p90_seconds';

describe('levelBins', () => {
  const bin = (value: number) => levelBins(value).bin;
  it('puts values within a quarter decade together, and tells signs and zero apart', () => {
    assert.equal(bin(18), bin(17.9));
    assert.notEqual(bin(18), bin(12));
    assert.notEqual(bin(0.005), bin(-0.005));
    assert.equal(bin(0), bin(1e-12));
    assert.equal(bin(Number.NaN), '0');
  });

  it('names the next bins either side as near, of the same sign', () => {
    assert.ok(levelBins(18).near.includes(bin(12)));
    assert.ok(!levelBins(18).near.includes(bin(5)));
    assert.ok(!levelBins(-18).near.includes(bin(18)));
  });
});

describe('Recurrence', () => {
  it('calls a move a habit once enough other series made it earlier, apart in time, from and to about the same levels', () => {
    const recurrence = new Recurrence(options);
    const moves = [[0.005, 18], [0.009, 12], [0.004, 20]] as const;
    moves.forEach(([from, to], pod) => assert.equal(recurrence.isHabit(p90, `pod-${pod}`, pod * 10 * 60_000, from, to), false));
    assert.equal(recurrence.isHabit(p90, 'pod-9', 2 * HOUR, 0.005, 18), true);
  });

  it('does not count series that made the move at about the same time: an outage reaching every service is news', () => {
    const recurrence = new Recurrence(options);
    for (let pod = 0; pod < 10; pod += 1) assert.equal(recurrence.isHabit(p90, `pod-${pod}`, pod * 60_000, 0.005, 18), false);
  });

  it('counts a series once per hour: a move it makes every hour becomes a habit, a fault back minutes after the last stays news', () => {
    const recurrence = new Recurrence(options);
    const hourly = [0, 1, 2, 3].map((hour) => recurrence.isHabit(p90, 'pod-0', hour * HOUR, 0.005, 18));
    assert.deepEqual(hourly, [false, false, false, true]);
    const repeats = [0, 7, 14, 21, 28, 35].map((minute) => recurrence.isHabit('edge_p95_ms', 'checkout', 10 * HOUR + minute * 60_000, 60, 2000));
    assert.deepEqual(repeats, [false, false, false, false, false, false]);
  });

  it("does not count another metric's excursions, or another move", () => {
    const recurrence = new Recurrence(options);
    for (let pod = 1; pod <= 3; pod += 1) {
      recurrence.isHabit('cpu', `pod-${pod}`, 0, 0.005, 18);
      recurrence.isHabit(p90, `pod-${pod}`, 0, 0.5, 18);
      recurrence.isHabit(p90, `pod-${pod}`, 0, 0.005, 2);
    }
    assert.equal(recurrence.isHabit(p90, 'pod-4', 2 * HOUR, 0.005, 18), false);
  });

  it('forgets moves older than its memory', () => {
    const recurrence = new Recurrence(options);
    for (let pod = 0; pod < 3; pod += 1) recurrence.isHabit(p90, `pod-${pod}`, 0, 0.005, 18);
    assert.equal(recurrence.isHabit(p90, 'pod-8', 25 * HOUR, 0.005, 18), false);
  });
});
