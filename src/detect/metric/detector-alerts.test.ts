import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAlert, initialAlertState } from './alert-decision.js';
import { MetricDetector } from './detector.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const DAY = 1440;

/** The benign series an SRE sees everywhere: a daily wave, one point a minute, bounded noise (deterministic). */
function benign(i: number): number {
  return 100 + 10 * Math.sin((2 * Math.PI * i) / DAY) + ((i * 7919) % 13) - 6;
}

/** Feeds `days` of `f` through a detector and the default alert policy; returns the indices where alerts fired. */
function alerts(detector: MetricDetector, f: (i: number) => number, from: number, to: number): number[] {
  let state = initialAlertState();
  const fired: number[] = [];
  for (let i = from; i < to; i++) {
    const step = decideAlert(state, T0 + i * MIN, detector.update(T0 + i * MIN, f(i)));
    state = step.state;
    if (step.decision.action === 'fire') fired.push(i);
  }
  return fired;
}

/** A detector that has learned a week of the benign series. */
function learned(): MetricDetector {
  const d = new MetricDetector();
  assert.deepEqual(alerts(d, benign, 0, 7 * DAY), [], 'no alert on a week of the benign series');
  return d;
}

void describe('MetricDetector alerts on a benign seasonal series', () => {
  void it('stays quiet through warm-up and a week of normal days', () => {
    learned();
  });

  void it('alerts on a spike at once', () => {
    const d = learned();
    const at = 7 * DAY;
    assert.deepEqual(alerts(d, (i) => benign(i) + (i === at ? 60 : 0), at, at + 60), [at]);
  });

  void it('alerts on a level shift within a few points', () => {
    const d = learned();
    const at = 7 * DAY;
    const fired = alerts(d, (i) => benign(i) + (i >= at ? 15 : 0), at, at + 60);
    assert.ok(fired.length >= 1 && (fired[0] ?? Infinity) < at + 5, `fired at ${fired.join(',')}`);
  });

  void it('alerts on a change in noise within a few points', () => {
    const d = learned();
    const at = 7 * DAY;
    const fired = alerts(d, (i) => benign(i) + 3 * (((i * 7919) % 13) - 6), at, at + 60);
    assert.ok(fired.length >= 1 && (fired[0] ?? Infinity) < at + 10, `fired at ${fired.join(',')}`);
  });

  void it('alerts on a value stuck (a frozen exporter)', () => {
    const d = learned();
    const at = 7 * DAY;
    const fired = alerts(d, (i) => benign(Math.min(i, at)), at, at + 60);
    assert.ok(fired.length >= 1 && (fired[0] ?? Infinity) < at + 15, `fired at ${fired.join(',')}`);
  });
});
