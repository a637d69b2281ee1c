import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialTrend, learnTrend, predictiveAlert, timeToThreshold, trendOf, type TrendState } from './forecast.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** A disk filling at 2 % per hour from 40 %, sampled every minute for 3 hours. */
function disk(): TrendState {
  let state = initialTrend();
  for (let i = 0; i <= 180; i++) state = learnTrend(state, T0 + i * 60_000, 40 + (2 * i) / 60);
  return state;
}

void describe('forecast', () => {
  void it('fits the trend', () => {
    const trend = trendOf(disk())!;
    assert.ok(Math.abs(trend.slopePerHour - 2) < 1e-6);
    assert.ok(Math.abs(trend.level - 46) < 1e-6);
  });

  void it('says when the disk will be full', () => {
    const eta = timeToThreshold(disk(), 100, 'disk full')!;
    assert.ok(Math.abs(eta.inMs - 27 * HOUR) < 1000);
    assert.equal(eta.text, 'disk full in about 27 h');
  });

  void it('raises a predictive alert only within the horizon and before the crossing', () => {
    assert.equal(predictiveAlert(disk(), 100, 24 * HOUR), undefined);
    assert.ok(predictiveAlert(disk(), 100, 30 * HOUR));
    assert.equal(predictiveAlert(disk(), 20, 30 * HOUR), undefined, 'trend heads away');
  });

  void it('ignores bad points and needs two times before forecasting', () => {
    let state = learnTrend(initialTrend(), T0, 1);
    assert.equal(trendOf(state), undefined);
    state = learnTrend(state, T0 - 1, 5);
    state = learnTrend(state, T0 + 1, NaN);
    assert.equal(state.w, 1);
  });
});
