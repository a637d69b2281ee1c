import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { POINT_BYTES, RecentPoints } from './recent-points.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const DAY = 86_400_000;

describe('RecentPoints', () => {
  it('keeps the last points in order, wrapping over the oldest once full, bounded by its capacity', () => {
    const ring = new RecentPoints(4);
    for (let i = 0; i < 3; i++) ring.record(T0 + i * MIN, i, 10, 2, false);
    assert.deepEqual(ring.points().map((p) => p.actual), [0, 1, 2]);
    for (let i = 3; i < 11; i++) ring.record(T0 + i * MIN, i, 10, 2, false);
    assert.equal(ring.size, 4);
    assert.deepEqual(ring.points().map((p) => [p.time, p.actual]), [7, 8, 9, 10].map((i) => [T0 + i * MIN, i]));
    assert.equal(ring.bytes, 4 * POINT_BYTES);
  });

  it('gives the band around the expected value, values to 7 digits, and whether each point was an anomaly', () => {
    const ring = new RecentPoints(3);
    ring.record(T0, 0.12, 0.01, 0.02, true);
    ring.record(T0 + MIN, 3.5e38, 1e39, 1, false);
    ring.record(T0 + 2 * MIN, 5, 5, 0, true);
    const [small, huge, flat] = ring.points();
    assert.deepEqual(small, { time: T0, actual: 0.12, expected: 0.01, lower: -0.01, upper: 0.03, anomalous: true });
    assert.deepEqual([huge?.actual, huge?.expected, huge?.anomalous], [null, null, false], 'beyond single precision reads as null, not as a wrong number');
    assert.deepEqual(flat, { time: T0 + 2 * MIN, actual: 5, expected: 5, lower: 5, upper: 5, anomalous: true }, 'an anomaly with no band is still one');
  });

  it('keeps its points across weeks of time, dropping only those too far back for its time offsets', () => {
    const ring = new RecentPoints(240);
    for (let i = 0; i < 240; i++) ring.record(T0 + i * 3 * 3_600_000, i, 0, 0, false); // one point every 3 h: 30 days
    const times = ring.points().map((p) => p.time);
    assert.equal(times.at(-1), T0 + 239 * 3 * 3_600_000);
    assert.ok(times.length >= 190 && times.length < 240, `${times.length} points`);
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    ring.record(T0 + 400 * DAY, 7, 0, 0, false);
    assert.deepEqual(ring.points().map((p) => [p.time, p.actual]), [[T0 + 400 * DAY, 7]], 'after a gap of months only the new point is recent');
  });
});
