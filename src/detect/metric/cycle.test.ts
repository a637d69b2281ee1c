import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectorConfig } from './config.js';
import { cycleSurprise } from './cycle.js';
import { MetricDetector } from './detector.js';
import { explain } from './explain.js';
import { emptyState, S } from './state.js';

const MIN5 = 300_000;
const T0 = Date.UTC(2024, 0, 1);
const CONFIG = detectorConfig();

/** Deterministic noise in [-1, 1]. */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

/** A daily square wave every 5 minutes: 70 from 08:00 to 18:00, 20 otherwise; on `skipDay` the jump does not come. */
function square(i: number, skipDay = -1): number {
  const hour = (i % 288) / 12;
  const on = hour >= 8 && hour < 18 && Math.floor(i / 288) !== skipDay;
  return 20 + (on ? 50 : 0) + 2 * noise(i);
}

/** Feeds `days` of the wave to the channel alone (with the one-day level held at the wave's mean); returns the surprises. */
function feed(days: number, skipDay = -1): { state: Float64Array; surprises: number[] } {
  const state = emptyState();
  state[S.firstTime] = T0;
  state[S.slowLevel] = 20 + (50 * 10) / 24;
  state[S.amplitude] = 20;
  const surprises: number[] = [];
  for (let i = 0; i < days * 288; i++) surprises.push(cycleSurprise(state, T0 + i * MIN5, square(i, skipDay), CONFIG));
  return { state, surprises };
}

void describe('cycleSurprise', () => {
  void it('speaks only at the first point of each hour, and not before two days', () => {
    const { surprises } = feed(4);
    surprises.forEach((surprise, i) => {
      if (i % 12 !== 0 || i < 2 * 288) assert.equal(surprise, 0, `point ${i}`);
    });
  });

  void it('keeps ordinary days unsurprising', () => {
    const { surprises } = feed(10);
    assert.ok(Math.max(...surprises.slice(3 * 288)) < 5, `peak ${Math.max(...surprises.slice(3 * 288))}`);
  });

  void it('makes a skipped daily jump many spreads, from its first hour', () => {
    const { surprises } = feed(10, 8);
    const firstHourClosed = 8 * 288 + 9 * 12;
    assert.ok((surprises[firstHourClosed] ?? 0) > 10, `surprise ${surprises[firstHourClosed]}`);
  });

  void it('does not let a skipped day rewrite the profile', () => {
    const { state } = feed(9, 8);
    const nine = state[S.hourly + 9] ?? 0;
    assert.ok(nine > 20, `09:00 profile fell to ${nine}`);
  });

  void it('stays finite on a noiseless, constant series', () => {
    const state = emptyState();
    state[S.firstTime] = T0;
    for (let i = 0; i < 5 * 288; i++) assert.ok(Number.isFinite(cycleSurprise(state, T0 + i * MIN5, 7, CONFIG)));
  });
});

void describe('MetricDetector with the cycle channel', () => {
  void it('flags a skipped daily jump as an hour unlike previous days, and no ordinary day', () => {
    const d = new MetricDetector();
    let ordinary = 0;
    let skipped = 0;
    let kind = '';
    for (let i = 0; i < 14 * 288; i++) {
      const score = d.update(T0 + i * MIN5, square(i, 12));
      const day = Math.floor(i / 288);
      if (day === 12 && score > skipped) [skipped, kind] = [score, explain(d)?.kind ?? ''];
      if (day >= 3 && day < 12) ordinary = Math.max(ordinary, score);
    }
    assert.ok(ordinary < 0.5, `an ordinary day scored ${ordinary}`);
    assert.ok(skipped > 0.9, `the skipped jump scored ${skipped}`);
    assert.equal(kind, 'an hour unlike the same hour on previous days');
  });
});
