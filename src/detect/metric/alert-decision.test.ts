import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAlert, initialAlertState, severityOf, type AlertDecision } from './alert-decision.js';

function run(scores: number[]): AlertDecision[] {
  let state = initialAlertState();
  return scores.map((score, i) => {
    const next = decideAlert(state, i * 1000, score);
    state = next.state;
    return next.decision;
  });
}

void describe('decideAlert', () => {
  void it('maps scores to severities', () => {
    assert.deepEqual([0.2, 0.5, 0.85, 0.99].map((s) => severityOf(s)), ['info', 'warning', 'error', 'critical']);
  });

  void it('fires once for a flapping episode, escalates, then resolves after enough normal points', () => {
    const scores = [0.1, 0.6, 0.2, 0.7, 0.4, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    const actions = run(scores).map((d) => d.action);
    assert.equal(actions.filter((a) => a === 'fire').length, 1);
    assert.equal(actions[1], 'fire');
    assert.equal(actions[5], 'escalate');
    assert.equal(actions.filter((a) => a === 'resolve').length, 1);
    const resolved = run(scores).find((d) => d.action === 'resolve');
    assert.deepEqual(resolved, { action: 'resolve', since: 1000, resolvedAt: 15000, peak: 0.9 });
  });

  void it('does not resolve while scores hover between close and open', () => {
    const actions = run([0.6, ...Array<number>(30).fill(0.4)]).map((d) => d.action);
    assert.ok(!actions.includes('resolve'));
  });

  void it('treats a non-finite score as normal', () => {
    assert.deepEqual(run([NaN, Infinity]).map((d) => d.action), ['none', 'none']);
  });
});
