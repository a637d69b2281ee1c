/** Turns a series' stream of anomaly scores into alert decisions: fire, escalate, resolve, with hysteresis against flapping. */
import type { Severity } from '../../signals/severity.js';

export interface AlertPolicy {
  /** Score at which an alert fires. @default 0.5 */
  open: number;
  /** Score below which a point counts as normal again (lower than `open`: hysteresis). @default 0.3 */
  close: number;
  /** Consecutive normal points needed before the alert resolves. @default 10 */
  resolveAfter: number;
  /** Scores at which severity becomes error and critical (below: warning). @default [0.8, 0.95] */
  error: number;
  critical: number;
}

export const DEFAULT_ALERT_POLICY: Readonly<AlertPolicy> = Object.freeze({ open: 0.5, close: 0.3, resolveAfter: 10, error: 0.8, critical: 0.95 });

/** Per-series alert state: plain data, serialisable as JSON. */
export interface AlertState {
  firing: boolean;
  since: number;
  peak: number;
  severity: Severity;
  normalRun: number;
}

export type AlertDecision =
  | { action: 'none' }
  | { action: 'fire' | 'escalate'; severity: Severity; since: number; score: number }
  | { action: 'resolve'; since: number; resolvedAt: number; peak: number };

export function initialAlertState(): AlertState {
  return { firing: false, since: 0, peak: 0, severity: 'info', normalRun: 0 };
}

/** The severity a score deserves: warning from `open`, then error and critical. */
export function severityOf(score: number, policy: AlertPolicy = DEFAULT_ALERT_POLICY): Severity {
  if (score >= policy.critical) return 'critical';
  if (score >= policy.error) return 'error';
  return score >= policy.open ? 'warning' : 'info';
}

const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2, critical: 3 };

/**
 * Decides what one new score means. Returns the next state (the input is not mutated) and the decision.
 * An alert fires once per episode, escalates only upward, and resolves after `resolveAfter` points
 * below `close`; points between `close` and `open` neither fire nor count toward resolution.
 */
export function decideAlert(state: AlertState, time: number, score: number, policy: AlertPolicy = DEFAULT_ALERT_POLICY): { state: AlertState; decision: AlertDecision } {
  const value = Number.isFinite(score) ? score : 0;
  if (!state.firing) {
    if (value < policy.open) return { state, decision: { action: 'none' } };
    const severity = severityOf(value, policy);
    return { state: { firing: true, since: time, peak: value, severity, normalRun: 0 }, decision: { action: 'fire', severity, since: time, score: value } };
  }
  if (value < policy.close) {
    const normalRun = state.normalRun + 1;
    if (normalRun < policy.resolveAfter) return { state: { ...state, normalRun }, decision: { action: 'none' } };
    return { state: initialAlertState(), decision: { action: 'resolve', since: state.since, resolvedAt: time, peak: state.peak } };
  }
  const peak = Math.max(state.peak, value);
  const severity = severityOf(value, policy);
  const next = { ...state, peak, normalRun: value < policy.open ? state.normalRun : 0 };
  if (rank[severity] <= rank[state.severity]) return { state: next, decision: { action: 'none' } };
  return { state: { ...next, severity }, decision: { action: 'escalate', severity, since: state.since, score: value } };
}
