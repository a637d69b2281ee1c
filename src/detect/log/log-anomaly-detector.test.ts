/** Tests of the log anomaly detector on fixtures in event time: new templates, rate shifts, error bursts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Severity } from '../../signals/severity.js';
import { LogAnomalyDetector, LogDetector, SNAPSHOT_EXAMPLE_CHARS, type MinedRecord } from './log-anomaly-detector.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function rec(time: number, templateId: string, severity: Severity = 'info', entityId = 'api'): MinedRecord {
  return {
    record: { entityId, time, severity, body: `${templateId} line at ${time}`, attributes: {}, templateId },
    template: `template ${templateId} <*>`,
  };
}

/** `perMinute` lines of each template in every minute from `fromMin` to `toMin` (exclusive). */
function steady(detector: LogAnomalyDetector, fromMin: number, toMin: number, perMinute: Record<string, number>) {
  const found = [];
  for (let m = fromMin; m < toMin; m += 1) {
    for (const [id, n] of Object.entries(perMinute)) {
      for (let k = 0; k < n; k += 1) found.push(...detector.observe(rec(T0 + m * MIN + k * 100, id)));
    }
  }
  return found;
}

describe('LogAnomalyDetector', () => {
  it('learns templates silently during warm-up and reports one seen after it, with the example line', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 30 * MIN });
    assert.deepEqual(steady(detector, 0, 10, { a: 5 }), []);
    assert.deepEqual(detector.observe(rec(T0 + 10 * MIN, 'early')), [], 'still warming up');
    steady(detector, 11, 40, { a: 5 });
    const [anomaly, ...rest] = detector.observe(rec(T0 + 40 * MIN + 500, 'late', 'error'));
    assert.equal(rest.length, 0);
    assert.equal(anomaly?.detector, LogDetector.newErrorTemplate);
    assert.equal(anomaly?.subject, 'template late <*>');
    assert.equal(anomaly?.templateId, 'late');
    assert.equal(anomaly?.time, T0 + 40 * MIN + 500, 'event time of the record, not the clock');
    assert.equal(anomaly?.score, 0.9);
    assert.match(anomaly?.explanation ?? '', /late line at/);
    assert.deepEqual(detector.observe(rec(T0 + 40 * MIN + 600, 'late')), [], 'only the first sighting');
  });

  it('reports a template whose rate jumps far above its baseline, and one that falls silent', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 1, minWindows: 10 });
    assert.deepEqual(steady(detector, 0, 30, { a: 4, b: 20 }), []);
    const found = [...steady(detector, 30, 31, { a: 60, b: 1 }), ...detector.flush(T0 + 31 * MIN)];
    const shifts = found.filter((a) => a.detector === LogDetector.rateShift);
    assert.deepEqual(shifts.map((a) => a.subject).sort(), ['template a <*>', 'template b <*>']);
    const up = shifts.find((a) => a.subject === 'template a <*>');
    assert.equal(up?.actual, 60);
    assert.equal(up?.templateId, 'a');
    assert.ok((up?.expected ?? 0) > 3 && (up?.expected ?? 0) < 5);
    assert.equal(up?.since, T0 + 30 * MIN);
    assert.match(up?.explanation ?? '', /rose to 60 lines/);
  });

  it('reports only the largest rate shifts of a window, up to maxShiftsPerWindow', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 1, minWindows: 10, maxShiftsPerWindow: 2 });
    assert.deepEqual(steady(detector, 0, 30, { a: 4, b: 4, c: 4, d: 4 }), []);
    const found = [...steady(detector, 30, 31, { a: 20, b: 80, c: 40, d: 4 }), ...detector.flush(T0 + 31 * MIN)];
    const shifts = found.filter((a) => a.detector === LogDetector.rateShift);
    assert.deepEqual(shifts.map((a) => a.subject), ['template b <*>', 'template c <*>'], 'the two largest, largest first');
  });

  it('keeps judging a busy template through the windows it falls silent in, its baseline decaying each one', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 1, minWindows: 10, alpha: 0.1 });
    steady(detector, 0, 30, { a: 20, b: 20 });
    const found = [...steady(detector, 30, 33, { b: 20 }), ...detector.flush(T0 + 33 * MIN)];
    const silent = found.filter((a) => a.detector === LogDetector.rateShift && a.subject === 'template a <*>');
    assert.equal(silent.length, 3, 'one "fell" per silent window');
    const [first, second, third] = silent.map((a) => a.expected);
    assert.ok(Math.abs((second ?? 0) - (first ?? 0) * 0.9) < 0.01 && Math.abs((third ?? 0) - (first ?? 0) * 0.81) < 0.01);
  });

  it('stays quiet on steady traffic and before enough windows are learned', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 1, minWindows: 10 });
    assert.deepEqual(steady(detector, 0, 5, { a: 3 }), []);
    assert.deepEqual(steady(detector, 5, 6, { a: 100 }), [], 'a jump before minWindows is learned, not reported');
    const found = [...steady(detector, 6, 60, { a: 3 }), ...detector.flush(T0 + 60 * MIN)];
    assert.deepEqual(found.filter((a) => a.time > T0 + 30 * MIN), []);
  });

  it('reports a burst of error lines with the templates behind it', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 1, minWindows: 5 });
    steady(detector, 0, 20, { ok: 10 });
    for (let k = 0; k < 30; k += 1) detector.observe(rec(T0 + 20 * MIN + k * 1000, k < 25 ? 'oom' : 'disk', 'error'));
    const burst = detector.flush(T0 + 21 * MIN).find((a) => a.detector === LogDetector.errorBurst);
    assert.equal(burst?.actual, 30);
    assert.equal(burst?.subject, 'template oom <*>');
    assert.match(burst?.explanation ?? '', /25× oom/);
  });

  it('decays baselines over a gap in the data without stepping through every empty window', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 1, minWindows: 5 });
    steady(detector, 0, 20, { a: 50 });
    const later = T0 + 365 * 24 * 60 * MIN;
    assert.doesNotThrow(() => detector.observe(rec(later, 'a')));
  });

  it('keeps entities apart', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 10 * MIN });
    steady(detector, 0, 20, { a: 1 });
    const found = detector.observe(rec(T0 + 20 * MIN, 'a', 'info', 'other-service'));
    assert.deepEqual(found, [], 'a new entity starts its own warm-up');
  });

  it('forgets an entity whole: seen again, it starts a new warm-up', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 10 * MIN });
    steady(detector, 0, 20, { a: 1 });
    detector.forget('api');
    assert.deepEqual(detector.observe(rec(T0 + 20 * MIN, 'new', 'error')), [], 'warming up again');
  });

  it('continues from a snapshot of an entity, taken mid-window, exactly as without it', () => {
    const options = { warmupMs: 5 * MIN, minWindows: 10 };
    const detector = new LogAnomalyDetector(options);
    steady(detector, 0, 30, { a: 4, b: 20 });
    for (let k = 0; k < 12; k += 1) detector.observe(rec(T0 + 30 * MIN + k * 1000, 'oom', 'error'));
    const snapshot = detector.snapshotEntity('api');
    assert.ok(snapshot !== undefined && snapshot.rates.some((rate) => rate.count > 0) && snapshot.errorTemplates.length === 1, 'not mid-window');
    const copy = new LogAnomalyDetector(options);
    copy.restoreEntity(JSON.parse(JSON.stringify(snapshot)) as typeof snapshot);
    const next = (d: LogAnomalyDetector) => [...steady(d, 30, 32, { a: 60, b: 1, c: 1 }), ...d.flush(T0 + 32 * MIN)];
    const expected = next(detector);
    assert.deepEqual([...new Set(expected.map((a) => a.detector))].sort(), ['log.error-burst', 'log.new-template', 'log.rate-shift'], 'nothing to compare');
    assert.deepEqual(next(copy), expected);
    assert.equal(copy.snapshotEntity('nobody'), undefined);
  });

  it('keeps example lines short in a snapshot', () => {
    const detector = new LogAnomalyDetector();
    const line = rec(T0, 'big', 'error');
    detector.observe({ ...line, record: { ...line.record, body: 'x'.repeat(100_000) } });
    const snapshot = detector.snapshotEntity('api');
    assert.equal(snapshot?.rates[0]?.examples[0]?.length, SNAPSHOT_EXAMPLE_CHARS);
    assert.equal(snapshot?.errorTemplates[0]?.example.length, SNAPSHOT_EXAMPLE_CHARS);
  });

  it('trims the templates tracked back to the cap when a window of many new ones closes', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 1, maxTrackedTemplates: 3 });
    steady(detector, 0, 1, { keep1: 5, keep2: 5, keep3: 5, ...Object.fromEntries('defghij'.split('').map((id) => [id, 1])) });
    detector.flush(T0 + 1 * MIN);
    const again = (id: string) => detector.observe(rec(T0 + 1 * MIN + 10, id)).filter((a) => a.detector === LogDetector.newTemplate).length;
    assert.equal(again('keep1'), 0, 'a frequent template stays tracked');
    assert.equal(again('d'), 1, 'a rare one was dropped at the cap, and is new again');
  });
});

describe('LogAnomalyDetector error lines', () => {
  it('judges new error-level templates after the shorter error warm-up, other new templates after the full one', () => {
    const detector = new LogAnomalyDetector({ warmupMs: 60 * MIN, errorWarmupMs: 10 * MIN });
    steady(detector, 0, 15, { a: 5 });
    assert.deepEqual(detector.observe(rec(T0 + 15 * MIN, 'info-line')).map((a) => a.detector), [], 'an info line is learned silently within the hour');
    assert.deepEqual(detector.observe(rec(T0 + 15 * MIN + 1, 'failure', 'error')).map((a) => a.detector), [LogDetector.newErrorTemplate]);
  });
});

describe('LogAnomalyDetector template mix', () => {
  const mixOf = (detector: LogAnomalyDetector) => detector.takeSamples().map((sample) => [sample.time, Number(sample.value.toFixed(3))]);

  it('measures each window\'s shift from the usual mix of templates, unmoved by traffic rising evenly', () => {
    const detector = new LogAnomalyDetector({ minWindows: 5 });
    steady(detector, 0, 30, { a: 20, b: 10 });
    assert.ok(mixOf(detector).every(([, shift]) => (shift ?? 1) < 0.01), 'the usual mix shifted');
    steady(detector, 30, 32, { a: 60, b: 30 });
    detector.flush(T0 + 32 * MIN);
    assert.ok(mixOf(detector).every(([, shift]) => (shift ?? 1) < 0.01), 'three times the traffic in the same mix is no shift');
    steady(detector, 32, 33, { a: 20, c: 10 });
    detector.flush(T0 + 33 * MIN);
    const [[time, shift] = []] = mixOf(detector);
    assert.equal(time, T0 + 33 * MIN - 1);
    assert.ok(shift !== undefined && shift > 0.3 && shift < 0.4, `a third of the lines changed template: ${shift}`);
    assert.deepEqual(detector.takeSamples(), [], 'taken once');
  });
});
