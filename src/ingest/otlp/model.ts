/**
 * The decoded OTLP request, as both decoders (protobuf and JSON) produce it: ids are lowercase
 * hex, times are epoch milliseconds rounded down (0 = not set), enums are their numbers. Only the
 * fields opsight maps are kept; everything else on the wire is skipped.
 */

/** An OTLP AnyValue: bytes stay bytes, int64 beyond 2^53 becomes its exact decimal string. */
export type AnyValue = string | number | boolean | null | Uint8Array | AnyValue[] | KeyValueList;

/**
 * How many levels AnyValues may nest (an attribute's value or a log body is level 1; each
 * kvlist_value or array_value adds one). OTLP sets no bound, and each level is a level of
 * recursion in the decoders and when attributes are flattened: unbounded, a small body could
 * exhaust the stack. Both decoders refuse deeper values with this message.
 */
export const MAX_ANY_VALUE_DEPTH = 32;
export const tooDeepMessage = `an attribute value or log body nests kvlist or array values more than ${MAX_ANY_VALUE_DEPTH} levels deep (opsight's limit)`;

/** A kvlist_value: kept apart from arrays so attributes can be flattened as `parent.child`. */
export interface KeyValueList {
  kvlist: KeyValue[];
}

export interface KeyValue {
  key: string;
  value: AnyValue;
}

/** One resource and the items of all its scopes (opsight does not use the scope). */
export interface ResourceGroup<T> {
  resource: KeyValue[];
  items: T[];
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  attributes: KeyValue[];
  statusCode: number;
  statusMessage: string;
}

export interface OtlpLogRecord {
  timeMs: number;
  observedTimeMs: number;
  severityNumber: number;
  severityText: string;
  body: AnyValue;
  attributes: KeyValue[];
  traceId: string;
  spanId: string;
}

/** Fields every data point has. `flags & 1` means "no recorded value". */
export interface PointBase {
  attributes: KeyValue[];
  startMs: number;
  timeMs: number;
  flags: number;
}

export interface NumberPoint extends PointBase {
  value: number;
}

export interface HistogramPoint extends PointBase {
  count: number;
  /** Absent when the sender did not record a sum. */
  sum: number | undefined;
  bucketCounts: number[];
  explicitBounds: number[];
}

export interface ExponentialBuckets {
  offset: number;
  counts: number[];
}

export interface ExponentialHistogramPoint extends PointBase {
  count: number;
  sum: number | undefined;
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
}

export interface SummaryPoint extends PointBase {
  count: number;
  sum: number;
  quantiles: { quantile: number; value: number }[];
}

/** AggregationTemporality numbers from metrics.proto. */
export const Temporality = { unspecified: 0, delta: 1, cumulative: 2 } as const;
export type Temporality = (typeof Temporality)[keyof typeof Temporality];

export type MetricData =
  | { type: 'none' }
  | { type: 'gauge'; points: NumberPoint[] }
  | { type: 'sum'; temporality: number; monotonic: boolean; points: NumberPoint[] }
  | { type: 'histogram'; temporality: number; points: HistogramPoint[] }
  | { type: 'exponentialHistogram'; temporality: number; points: ExponentialHistogramPoint[] }
  | { type: 'summary'; points: SummaryPoint[] };

export interface OtlpMetric {
  name: string;
  data: MetricData;
}

export type TracesRequest = ResourceGroup<OtlpSpan>[];
export type LogsRequest = ResourceGroup<OtlpLogRecord>[];
export type MetricsRequest = ResourceGroup<OtlpMetric>[];
