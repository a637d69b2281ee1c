import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NAB_PROFILES } from './profiles.js';
import { scoreCorpus } from './scorer.js';
import { probationLength, scaledSigmoid, sweepFile } from './sweep.js';

const MIN = 60_000;
const times = (n: number) => Float64Array.from({ length: n }, (_, i) => i * MIN);
const at = (row: number) => row * MIN;

/** One 20-row file with one window over rows 10..14 (probation: rows 0..2). */
function file(scores: Record<number, number>) {
  const t = times(20);
  const s = new Float64Array(20);
  for (const [row, value] of Object.entries(scores)) s[Number(row)] = value;
  return { times: t, scores: s, windows: [[at(10), at(14)]] as [number, number][] };
}

void describe('NAB sweep', () => {
  void it('uses NAB scaled sigmoid and probation', () => {
    assert.equal(scaledSigmoid(3.5), -1);
    assert.ok(Math.abs(scaledSigmoid(0)) < 1e-12);
    assert.ok(Math.abs(scaledSigmoid(-1) - (2 / (1 + Math.exp(-5)) - 1)) < 1e-12);
    assert.equal(probationLength(20), 3);
    assert.equal(probationLength(100_000), 750);
  });

  void it('weights window rows by position and outside rows by distance past the window', () => {
    const f = file({});
    const swept = sweepFile(f.times, f.scores, f.windows, NAB_PROFILES.standard!.CostMatrix, 0);
    assert.equal(swept.scores.length, 17);
    const row = (r: number) => swept.sweep[r - 3] ?? NaN;
    assert.equal(row(5), -0.11);
    assert.ok(Math.abs(row(10) - 1) < 1e-12, 'first window row earns tpWeight');
    assert.ok(Math.abs(row(12) - scaledSigmoid(-0.6) / scaledSigmoid(-1)) < 1e-12);
    assert.ok(Math.abs(row(17) - 0.11 * scaledSigmoid(0.75)) < 1e-12);
    assert.deepEqual([...swept.window.slice(7, 12)], [0, 0, 0, 0, 0]);
  });
});

void describe('NAB scorer', () => {
  void it('scores the null detector 0', () => {
    const result = scoreCorpus([file({})], NAB_PROFILES);
    for (const profile of result.best) assert.equal(profile.normalized, 0);
    const long = { times: times(400), scores: new Float64Array(400), windows: [[at(300), at(310)]] as [number, number][] };
    const nothing = scoreCorpus([long], NAB_PROFILES).best[0]!;
    assert.equal(nothing.raw, -1, 'on a long file the null detector detects nothing');
    assert.equal(nothing.normalized, 0);
  });

  void it('scores the perfect detector 100', () => {
    const result = scoreCorpus([file({ 10: 1 })], NAB_PROFILES);
    for (const profile of result.best) assert.ok(Math.abs(profile.normalized - 100) < 1e-9, `${profile.profile}: ${profile.normalized}`);
  });

  void it('matches a hand-computed case: one FP before, one TP mid-window, one FP after', () => {
    // Null baseline of this file: detecting every row beats detecting none (raw −1), so compute it.
    const result = scoreCorpus([file({ 5: 0.9, 12: 0.8, 17: 0.7 })], NAB_PROFILES, 0.7);
    const nullRaw = scoreCorpus([file({})], NAB_PROFILES).best.map((p) => p.raw);
    const standard = result.best.find((p) => p.profile === 'standard')!;
    const tp = scaledSigmoid(-0.6) / scaledSigmoid(-1); // 0.917429
    assert.equal(standard.threshold, 0.8);
    assert.ok(Math.abs(standard.raw - (tp - 0.11)) < 1e-12);
    assert.ok(Math.abs(standard.normalized - (100 * (tp - 0.11 - nullRaw[0]!)) / (1 - nullRaw[0]!)) < 1e-9);
    const fixed = result.fixed.find((p) => p.profile === 'standard')!;
    assert.ok(Math.abs(fixed.raw - (tp - 0.11 + 0.11 * scaledSigmoid(0.75))) < 1e-12);
    assert.equal(fixed.falsePositives, 2);
    const lowFn = result.best.find((p) => p.profile === 'reward_low_FN_rate')!;
    assert.ok(Math.abs(lowFn.normalized - (100 * (tp - 0.11 - nullRaw[2]!)) / (1 - nullRaw[2]!)) < 1e-9);
  });

  void it('ignores windows that lie wholly in probation', () => {
    const f = { ...file({ 10: 1 }), windows: [[at(0), at(1)], [at(10), at(14)]] as [number, number][] };
    const result = scoreCorpus([f], NAB_PROFILES);
    assert.equal(result.best[0]?.windows, 1);
    assert.equal(result.best[0]?.detected, 1);
    assert.equal(result.best[0]?.raw, 1);
  });
});
