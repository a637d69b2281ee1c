/**
 * RED metrics from traces: for every service operation that receives requests (server and consumer
 * spans, and root spans), and for each service as a whole (labels without `operation`), the rate,
 * the error ratio and the latency percentiles of each window of event time, as Samples the metric
 * detectors learn like any other series. Pure: spans in, samples out.
 */
import type { Sample, Span } from '../../signals/index.js';
import { emptyHistogram, bucketOf, quantileOf } from './latency-histogram.js';
import { mixShift } from '../mix-shift.js';

export interface RedOptions {
  /** Window of event time per data point. @default 60000 */
  windowMs?: number;
  /** Windows a late span may arrive after its window ends. @default 1 */
  lateWindows?: number;
  /** Windows of silence an operation is reported at rate 0 before it is forgotten. @default 60 */
  silentWindows?: number;
  /** Operations tracked at once; beyond it new ones are not. @default 10000 */
  maxOperations?: number;
  /** Names of the series written. @default RED_METRICS (the `opsight_span_*` series) */
  metrics?: RedMetricNames;
}

/** The series RED metrics are written as. */
export interface RedMetricNames {
  rate: string;
  errors: string;
  p50: string;
  p95: string;
}

interface Window {
  start: number;
  requests: number;
  errors: number;
  latency: Uint32Array;
}

interface Operation {
  entityId: string;
  labels: Record<string, string>;
  windows: Map<number, Window>;
  /** Start of the next window to report; spans of earlier windows came too late. */
  nextStart: number;
  /** Start of the last window reported with requests: silence is counted from it. */
  lastReported: number;
  /** Requests per window, as a moving average: the operation's share of its service's usual mix. */
  baseline: number;
}

/** Weight of the newest window in an operation's baseline. */
const BASELINE_ALPHA = 0.05;
/** Least requests, in the window and in the baselines, for a service's operation mix to be measured. */
export const MIX_MIN_REQUESTS = 10;

export const RED_METRICS = {
  rate: 'opsight_span_requests_per_second',
  errors: 'opsight_span_error_ratio',
  p50: 'opsight_span_duration_p50_ms',
  p95: 'opsight_span_duration_p95_ms',
  /** How far a service's mix of operations moved from its usual mix in the window (see mix-shift.ts). */
  operationMix: 'opsight_span_operation_mix_shift',
  /** How far the order of a service's calls along its traces moved from its usual order in the window (see call-order.ts). */
  callOrderMix: 'opsight_span_call_order_mix_shift',
} as const;

function isEntry(span: Span): boolean {
  return span.kind === 'server' || span.kind === 'consumer' || span.parentSpanId === undefined;
}

function firstKey(windows: Map<number, Window>): number {
  let first = Number.POSITIVE_INFINITY;
  for (const start of windows.keys()) if (start < first) first = start;
  return first;
}

export class RedAggregator {
  private readonly operations = new Map<string, Operation>();
  private readonly windowMs: number;
  private readonly lateWindows: number;
  private readonly silentWindows: number;
  private readonly maxOperations: number;
  private readonly metrics: RedMetricNames;
  /** Latest span end seen: windows close on event time, never on the wall clock. */
  private watermark = 0;

  constructor(options: RedOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.lateWindows = options.lateWindows ?? 1;
    this.silentWindows = options.silentWindows ?? 60;
    this.maxOperations = options.maxOperations ?? 10_000;
    this.metrics = options.metrics ?? RED_METRICS;
  }

  /**
   * Counts the entry spans, each for its operation and for its service as a whole (errors spread over
   * operations add up there), and returns the samples of every window that closed.
   */
  observe(spans: readonly Span[]): Sample[] {
    for (const span of spans) {
      if (isEntry(span)) {
        const durationMs = span.end - span.start;
        const error = span.status === 'error';
        const operation = this.operationOf(span.service, span.operation, span.entityId, span.end);
        if (operation !== undefined) this.count(operation, span.end, durationMs, error);
        const service = this.operationOf(span.service, undefined, span.entityId, span.end);
        if (service !== undefined) this.count(service, span.end, durationMs, error);
      }
      if (span.end > this.watermark) this.watermark = span.end;
    }
    return this.closeWindows();
  }

  /**
   * Counts one request of any kind (a call along an edge, say) in the series under `key`, labelled by
   * `labels` (called only for a new series); `closeWindows` then emits what closed.
   */
  countRequest(key: string, entityId: string, end: number, durationMs: number, error: boolean, labels: () => Record<string, string>): void {
    const operation = this.track(key, entityId, end, labels);
    if (operation !== undefined) this.count(operation, end, durationMs, error);
    if (end > this.watermark) this.watermark = end;
  }

  /** The samples of every window that closed by the latest event time counted. */
  closeWindows(): Sample[] {
    return this.close(this.watermark - this.lateWindows * this.windowMs);
  }

  /** The series of a service's operation, or of the service as a whole when `operation` is undefined. */
  private operationOf(service: string, operation: string | undefined, entityId: string, end: number): Operation | undefined {
    const key = operation === undefined ? service : `${service}\u0000${operation}`;
    return this.track(key, entityId, end, () => (operation === undefined ? { service } : { service, operation }));
  }

  /** The series under `key`, begun at `end`'s window when new (its labels made only then); undefined past maxOperations. */
  private track(key: string, entityId: string, end: number, labels: () => Record<string, string>): Operation | undefined {
    let operation = this.operations.get(key);
    if (operation === undefined) {
      if (this.operations.size >= this.maxOperations) return undefined;
      const start = this.startOf(end);
      operation = { entityId, labels: labels(), windows: new Map(), nextStart: start, lastReported: start, baseline: 0 };
      this.operations.set(key, operation);
    }
    return operation;
  }

  private count(operation: Operation, end: number, durationMs: number, error: boolean): void {
    const start = this.startOf(end);
    if (start < operation.nextStart) return;
    let window = operation.windows.get(start);
    if (window === undefined) operation.windows.set(start, (window = { start, requests: 0, errors: 0, latency: emptyHistogram() }));
    window.requests += 1;
    if (error) window.errors += 1;
    const bucket = bucketOf(durationMs);
    window.latency[bucket] = (window.latency[bucket] ?? 0) + 1;
  }

  private startOf(time: number): number {
    return time - (time % this.windowMs);
  }

  /**
   * Emits every window ending at or before `until`. A window without requests reports a rate of 0 (an
   * operation that stops being called is news) for `silentWindows`; past that the operation is
   * forgotten, or, when it has later windows waiting, reporting jumps to the first of them: a jump
   * in event time (a replay, a skewed clock) costs work per window with data, never per window passed.
   */
  private close(until: number): Sample[] {
    const samples: Sample[] = [];
    const silence = this.silentWindows * this.windowMs;
    const mixes = new ServiceMixes();
    for (const [key, operation] of this.operations) {
      while (operation.nextStart + this.windowMs <= until) {
        const window = operation.windows.get(operation.nextStart);
        if (window !== undefined) {
          for (const sample of this.samplesOf(operation, window)) samples.push(sample);
          mixes.add(operation, operation.nextStart, window.requests);
          operation.windows.delete(operation.nextStart);
          operation.lastReported = operation.nextStart;
        } else if (operation.nextStart - operation.lastReported <= silence) {
          samples.push(this.sample(operation, operation.nextStart, this.metrics.rate, 0));
          mixes.add(operation, operation.nextStart, 0);
        } else if (operation.windows.size > 0) {
          operation.nextStart = firstKey(operation.windows);
          continue;
        } else {
          this.operations.delete(key);
          break;
        }
        operation.nextStart += this.windowMs;
      }
    }
    for (const sample of mixes.samples(this.windowMs)) samples.push(sample);
    return samples;
  }

  private sample(operation: Operation, start: number, metric: string, value: number): Sample {
    return { entityId: operation.entityId, metric, labels: operation.labels, kind: 'gauge', time: start + this.windowMs, value };
  }

  private samplesOf(operation: Operation, window: Window): Sample[] {
    const at = (metric: string, value: number) => this.sample(operation, window.start, metric, value);
    return [
      at(this.metrics.rate, window.requests / (this.windowMs / 1000)),
      at(this.metrics.errors, window.errors / window.requests),
      at(this.metrics.p50, quantileOf(window.latency, window.requests, 0.5)),
      at(this.metrics.p95, quantileOf(window.latency, window.requests, 0.95)),
    ];
  }
}

/** The operations of each service closed in one pass, by window, for the service's operation mix; teaches each operation's baseline. */
class ServiceMixes {
  private readonly windows = new Map<string, { entityId: string; service: string; start: number; kinds: [number, number][] }>();

  add(operation: Operation, start: number, requests: number): void {
    const service = operation.labels.service;
    if (operation.labels.operation === undefined || service === undefined) return;
    const key = `${operation.entityId}\u0000${start}`;
    let window = this.windows.get(key);
    if (window === undefined) this.windows.set(key, (window = { entityId: operation.entityId, service, start, kinds: [] }));
    window.kinds.push([requests, operation.baseline]);
    operation.baseline += BASELINE_ALPHA * (requests - operation.baseline);
  }

  samples(windowMs: number): Sample[] {
    const samples: Sample[] = [];
    for (const { entityId, service, start, kinds } of this.windows.values()) {
      const shift = mixShift(kinds, MIX_MIN_REQUESTS);
      if (shift !== undefined) samples.push({ entityId, metric: RED_METRICS.operationMix, labels: { service }, kind: 'gauge', time: start + windowMs, value: shift });
    }
    return samples;
  }
}
