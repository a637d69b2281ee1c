/**
 * What a deviation is worth as an alert, by what the signal is: errors and latency hurt users only
 * when they rise, saturation when it grows, a shift in a service's behaviour when it grows, traffic either way (a drop is often an outage). Severity
 * starts from the class (failing requests above slow ones, slow ones above busy machines) and rises
 * one step each time the deviation doubles past what the budget demanded.
 */
import type { Severity } from '../../signals/index.js';
import type { GateVerdict } from '../metric/index.js';
import type { SignalClass } from '../series/index.js';

const RISING_HURTS: ReadonlySet<SignalClass> = new Set(['errors', 'latency', 'saturation', 'behaviour']);

const BASE_SEVERITY: Record<SignalClass, Severity> = {
  errors: 'error', latency: 'warning', traffic: 'warning', saturation: 'warning', behaviour: 'warning', other: 'warning', runtime: 'warning',
};
const RAISED: Record<Severity, Severity> = { info: 'warning', warning: 'error', error: 'critical', critical: 'critical' };

/** Scores that stand for each severity under the default alert policy (warning from 0.5, error from 0.8, critical from 0.95). */
const SCORE_OF: Record<Severity, number> = { info: 0, warning: 0.6, error: 0.85, critical: 0.97 };
/** A point between the policy's close and open: still unusual, so it neither raises nor ends an alert. */
const HOLDING = 0.4;

/** A point's signed deviation in σ, with the value and the value expected then. */
export interface Deviation {
  sigmas: number;
  actual: number;
  expected: number;
}

/**
 * How far (σ, ≥ 0) a series moved the way that hurts, measured on a spread of at least
 * `floor` × |expected|: a series whose learned spread is nearly nil (a constant, a replayed minute)
 * must not turn a 30 % wobble into a thousand σ, which would then teach the gate that nothing short of
 * a thousand σ is news.
 */
export function deviationOf(signalClass: SignalClass, { sigmas, actual, expected }: Deviation, floor: number): number {
  const scale = floor * Math.abs(expected);
  const floored = scale > 0 ? Math.min(Math.abs(sigmas), Math.abs(actual - expected) / scale) : Math.abs(sigmas);
  const signed = Math.sign(sigmas) * floored;
  return RISING_HURTS.has(signalClass) ? Math.max(0, signed) : Math.abs(signed);
}

export function severityFor(signalClass: SignalClass, strength: number): Severity {
  let severity = BASE_SEVERITY[signalClass];
  for (let doubled = 2; strength >= doubled && severity !== 'critical'; doubled *= 2) severity = RAISED[severity];
  return severity;
}

/**
 * The point as a score for the alert policy: a passing deviation of a relevant size scores its
 * severity; one at least half way to passing holds an open alert; anything less lets it resolve.
 */
export function alertScore(signalClass: SignalClass, verdict: GateVerdict, relevantSize: boolean): number {
  if (verdict.pass && relevantSize) return SCORE_OF[severityFor(signalClass, verdict.strength)];
  return verdict.strength >= 0.5 ? HOLDING : 0;
}
