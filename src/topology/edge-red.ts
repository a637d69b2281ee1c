/**
 * RED metrics per edge of the service graph: the rate, error ratio and latency (as the caller saw it)
 * of the calls from one service to another, per window of event time. The series belong to the
 * callee: a slow or failing dependency shows on the dependency, as its callers see it, even when its
 * own spans look fine (a network delay is not in the callee's server spans).
 */
import { RedAggregator, type RedMetricNames, type RedOptions } from '../detect/trace-red/index.js';
import type { Sample } from '../signals/index.js';
import type { Call } from './call.js';

export const EDGE_METRICS: RedMetricNames = {
  rate: 'opsight_edge_requests_per_second',
  errors: 'opsight_edge_error_ratio',
  p50: 'opsight_edge_duration_p50_ms',
  p95: 'opsight_edge_duration_p95_ms',
};

export class EdgeRed {
  private readonly red: RedAggregator;

  constructor(options: Omit<RedOptions, 'metrics'> = {}) {
    this.red = new RedAggregator({ ...options, metrics: EDGE_METRICS });
  }

  /** Counts the calls; returns the samples of every window that closed. */
  observe(calls: readonly Call[]): Sample[] {
    for (const { caller, callee, time, durationMs, error } of calls) {
      this.red.countRequest(`${caller.service}\u0000${callee.service}`, callee.entityId, time, durationMs, error, () => ({ caller: caller.service, callee: callee.service }));
    }
    return this.red.closeWindows();
  }
}
