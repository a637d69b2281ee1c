import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { MetricDetector } from './detector.js';
import { explain } from './explain.js';
import { seasonalOffset } from './seasonal.js';
import { emptyState, S, STATE_BYTES } from './state.js';

const MIN5 = 300_000;
const T0 = Date.UTC(2024, 0, 1);

/** Deterministic noise in [-1, 1] (no Math.random, so tests repeat exactly). */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

function daily(i: number): number {
  return 100 + 40 * Math.sin((2 * Math.PI * i) / 288) + 3 * noise(i);
}

function feed(detector: MetricDetector, n: number, f: (i: number) => number, from = 0): number[] {
  const out: number[] = [];
  for (let i = from; i < from + n; i++) out.push(detector.update(T0 + i * MIN5, f(i)));
  return out;
}

void describe('MetricDetector', () => {
  void it('keeps its state within 1 KB', () => {
    assert.ok(STATE_BYTES <= 1024, `${STATE_BYTES} bytes`);
  });

  void it('has its state size stated in the docs as it is', () => {
    const statements = [
      ['detection.md', `keeps ${STATE_BYTES} bytes of state per series`],
      ['bench-nab.md', `state: ${STATE_BYTES} bytes per series`],
      ['bench-nab.md', `**${STATE_BYTES} bytes per series**`],
    ] as const;
    for (const [name, text] of statements) {
      const doc = readFileSync(new URL(`../../../docs/${name}`, import.meta.url), 'utf8');
      assert.ok(doc.includes(text), `docs/${name} should say "${text}"`);
    }
  });

  void it('scores a spike high and normal points low, and explains it', () => {
    const d = new MetricDetector();
    const normal = feed(d, 2000, daily);
    assert.ok(Math.max(...normal.slice(600)) < 0.5, 'no detection on normal data');
    const spike = d.update(T0 + 2000 * MIN5, daily(2000) + 200);
    assert.ok(spike > 0.9, `spike scored ${spike}`);
    const why = explain(d)!;
    assert.equal(why.actual, daily(2000) + 200);
    assert.ok(why.actual > why.upper && why.expected > why.lower);
    assert.equal(why.since, T0 + 2000 * MIN5);
    assert.match(why.text, /above the expected/);
    assert.equal(why.kind, 'a point far from expected');
  });

  void it('learns daily seasonality: detects it and learns its profile', () => {
    const d = new MetricDetector();
    const scores = feed(d, 288 * 10, daily);
    assert.ok(Math.max(...scores.slice(288)) < 0.5, "nothing after the first day");
    const peak = seasonalOffset(d.state, T0 + 72 * MIN5);
    const trough = seasonalOffset(d.state, T0 + 216 * MIN5);
    assert.ok(peak > 15 && trough < -15, `profile ${peak} / ${trough}`);
    d.update(T0 + 2880 * MIN5, daily(2880));
    assert.ok(Math.abs(explain(d)!.expected - daily(2880)) < 10);
  });

  void it('continues identically after a serialise/deserialise round trip', () => {
    const a = new MetricDetector();
    feed(a, 1000, daily);
    const b = MetricDetector.fromBytes(a.toBytes());
    assert.equal(a.toBytes().byteLength, STATE_BYTES);
    const f = (i: number) => daily(i) + (i === 1100 ? 150 : 0);
    assert.deepEqual(feed(b, 300, f, 1000), feed(a, 300, f, 1000));
    assert.throws(() => MetricDetector.fromBytes(new Uint8Array(3)), RangeError);
  });

  void it('continues a state saved in the 896-byte layout with all it learned, its context channel fresh', () => {
    const a = new MetricDetector();
    feed(a, 1000, daily);
    const slot = Float64Array.BYTES_PER_ELEMENT;
    const now = a.toBytes();
    const contextWords = S.words + 11;
    const slots = (from: number, to: number) => now.subarray(from * slot, to * slot);
    const legacy = new Uint8Array([...slots(0, S.contextKey), ...slots(S.daily, contextWords), ...slots(S.hourly, S.size)]);
    assert.equal(legacy.byteLength, 896);
    const upgraded = MetricDetector.fromBytes(legacy).toBytes();
    const fresh = new Uint8Array(emptyState().buffer);
    const context = [[S.contextKey, S.daily], [contextWords, S.hourly]] as const;
    for (let i = 0; i < S.size; i += 1) {
      const inContext = context.some(([from, to]) => i >= from && i < to);
      const [want, got] = [inContext ? fresh : now, upgraded].map((bytes) => [...bytes.subarray(i * slot, (i + 1) * slot)]);
      assert.deepEqual(got, want, `slot ${i}`);
    }
  });

  void it('starts warm when seeded from history', () => {
    const d = new MetricDetector();
    const times = Array.from({ length: 600 }, (_, i) => T0 + i * MIN5);
    assert.equal(d.seed(times, times.map((_, i) => daily(i))), 600);
    assert.ok(d.update(T0 + 600 * MIN5, daily(600) + 300) > 0.9);
  });
});

void describe('MetricDetector evidence channels', () => {
  it('flags a burst of volatility that no single point explains', () => {
    const d = new MetricDetector();
    feed(d, 3000, (i) => 50 + noise(i));
    const scores = feed(d, 60, (i) => 50 + 3.5 * noise(i), 3000);
    assert.ok(Math.max(...scores) >= 0.5, `max ${Math.max(...scores)}`);
  });

  it('flags a shape never seen before even inside the usual range', () => {
    const d = new MetricDetector();
    const wave = (i: number) => 100 + 40 * Math.sin((2 * Math.PI * i) / 288);
    feed(d, 288 * 6, wave);
    const scores = feed(d, 200, () => 100, 288 * 6);
    assert.ok(Math.max(...scores) >= 0.5, `max ${Math.max(...scores)}`);
  });
});

void describe('MetricDetector on bad input', () => {
  void it('ignores NaN, Infinity, out-of-order and duplicate timestamps without poisoning the model', () => {
    const clean = new MetricDetector();
    const dirty = new MetricDetector();
    feed(clean, 500, daily);
    feed(dirty, 500, daily);
    const t = T0 + 499 * MIN5;
    for (const [time, value] of [[t + 1, NaN], [t + 2, Infinity], [t + 3, 1.7e308], [t + 4, -1e200], [t - MIN5, 5], [t, 1e12], [NaN, 1]] as const) assert.equal(dirty.update(time, value), 0);
    assert.deepEqual(feed(dirty, 50, daily, 500), feed(clean, 50, daily, 500));
  });

  void it('never produces NaN from extreme values while warming up', () => {
    const d = new MetricDetector();
    const scores = feed(d, 300, (i) => (i % 7 === 3 ? (i % 2 ? 1e149 : -1e149) : 5 + noise(i)));
    assert.ok(scores.every((s) => s >= 0 && s <= 1));
    assert.ok(Number.isFinite(explain(d)!.expected));
  });

  void it('survives huge jumps and recovers to low scores', () => {
    const d = new MetricDetector();
    feed(d, 500, daily);
    assert.ok(d.update(T0 + 500 * MIN5, 1e100) > 0.9);
    const after = feed(d, 1500, (i) => daily(i), 501);
    assert.ok(after.every(Number.isFinite));
    assert.ok(Math.max(...after.slice(-500)) < 0.5);
  });

  void it('handles a constant series and then flags its first change', () => {
    const d = new MetricDetector();
    const flat = feed(d, 500, () => 7);
    assert.ok(flat.every((s) => s === 0 || s < 0.5));
    assert.ok(d.update(T0 + 500 * MIN5, 8) > 0.9);
  });

  void it('scores a three-point series as 0 (still warming up)', () => {
    const d = new MetricDetector();
    assert.deepEqual(feed(d, 3, (i) => [1, 1000, -5][i] ?? 0), [0, 0, 0]);
    assert.ok(explain(d) !== undefined);
  });

  void it('scores counters as rates and treats a decrease as a restart', () => {
    const d = new MetricDetector({ kind: 'counter' });
    let total = 0;
    const scores = feed(d, 1000, (i) => {
      if (i === 700) total = 0;
      total += 10 + noise(i);
      return total;
    });
    assert.ok(Math.max(...scores.slice(100)) < 0.5, 'steady rate and a restart are normal');
    assert.ok(d.update(T0 + 1000 * MIN5, total + 500) > 0.9, 'a burst in rate is not');
  });

  void it('tolerates gaps and irregular sampling', () => {
    const d = new MetricDetector();
    let t = T0;
    const scores: number[] = [];
    for (let i = 0; i < 1500; i++) {
      t += (i === 800 ? 300 : 1 + (i % 3)) * 60_000;
      scores.push(d.update(t, 50 + 2 * noise(i)));
    }
    assert.ok(Math.max(...scores.slice(288)) < 0.5, "nothing after the first day");
  });
});
