import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initialGate, initialPeerTails, judgeDeviation, type GateState, type PeerTails } from './alert-gate.js';

const MINUTE = 60_000;
const OPTIONS = { falseAlertsPer1000SeriesDays: 3, minSigmas: 4 };

/** A seeded standard normal (Box-Muller over a linear congruential generator). */
function gaussian(seed: number): () => number {
  let state = seed;
  const uniform = () => ((state = (state * 1103515245 + 12345) % 2147483648) + 1) / 2147483649;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Feeds deviations; returns the indexes of the points that passed and the final state. */
function run(deviations: number[], state: GateState = initialGate(), peers?: PeerTails): { passed: number[]; state: GateState } {
  // judgeDeviation updates the state in place.
  const passed: number[] = [];
  let alerting = false;
  deviations.forEach((d, i) => {
    const verdict = judgeDeviation(state, d, MINUTE, OPTIONS, alerting, peers);
    alerting = verdict.pass;
    if (verdict.pass) passed.push(i);
  });
  return { passed, state };
}

describe('alert gate', () => {
  it('keeps a Gaussian series within its false-alarm budget over 70 days', () => {
    const noise = gaussian(7);
    const { passed } = run(Array.from({ length: 100_000 }, () => Math.abs(noise())));
    // 70 series-days at 3 per 1,000 series-days: 0.2 expected; a few would mean the calibration is off.
    assert.ok(passed.length <= 1, `${passed.length} false alerts`);
  });

  it('passes a sustained shift of 12σ on a learned series within three points, and never 0.8σ', () => {
    const noise = gaussian(11);
    const learned = () => run(Array.from({ length: 5000 }, () => Math.abs(noise()))).state;
    assert.deepEqual(run([0.8, 0.8, 0.8, 0.8], learned()).passed, []);
    const { passed } = run([12, 12, 12, 12], learned());
    assert.ok(passed.length > 0 && (passed[0] ?? 9) <= 2, `passed at ${JSON.stringify(passed)}`);
  });

  it('learns that lone spikes recurring on a series are its normal', () => {
    const spiky = Array.from({ length: 3000 }, (_, i) => (i % 200 === 100 ? 300 : 0.5));
    const { passed } = run(spiky);
    assert.ok(passed.length >= 1 && passed.length <= 3, `alerted on ${passed.length} of 15 spikes`);
    assert.ok(passed.every((i) => i < 1000), 'still alerting on the later spikes');
  });

  it('judges a spike back minutes after the last as it judged the first, and learns it an hour later', () => {
    const noise = gaussian(13);
    const learned = run(Array.from({ length: 5000 }, () => Math.abs(noise()))).state;
    const quiet = (points: number) => Array.from({ length: points }, () => 0.5);
    const { passed } = run([40, ...quiet(10), 40, ...quiet(100), 40], learned);
    assert.deepEqual(passed, [0, 11], 'the spike back after ten minutes was not an alert, or the one after two hours still was');
  });

  it('judges a young series by what its peers learned of lone spikes', () => {
    const peers = initialPeerTails();
    for (let pod = 0; pod < 5; pod++) run(Array.from({ length: 1000 }, (_, i) => (i % 100 === 50 ? 200 : 0.5)), initialGate(), peers);
    const young = run([0.5, 0.5, 0.5, 200, 0.5], initialGate(), peers);
    assert.deepEqual(young.passed, [], 'a spike the peers show every 100 points alerted on a new pod');
    assert.deepEqual(run([0.5, 0.5, 0.5, 200, 0.5]).passed, [3], 'without peers the same spike alerts');
  });
});
