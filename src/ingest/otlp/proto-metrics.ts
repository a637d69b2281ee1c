/** Decodes an ExportMetricsServiceRequest (metrics.proto field numbers) from protobuf into the OTLP model. */
import type {
  ExponentialBuckets, ExponentialHistogramPoint, HistogramPoint, MetricData, MetricsRequest, NumberPoint, OtlpMetric, PointBase, SummaryPoint,
} from './model.js';
import { len, pushKeyValue, readExportRequest } from './proto-common.js';
import { WireReader, readRepeated } from '../protobuf/reader.js';

const i64 = (field: number): number => (field << 3) | 1;
const vint = (field: number): number => field << 3;

/** Reads the fields every point shares (start 2, time 3); returns false for any other tag. */
function readBase(r: WireReader, tag: number, point: PointBase, attributesField: number, flagsField: number): boolean {
  if (tag === len(attributesField)) pushKeyValue(r, point.attributes);
  else if (tag === i64(2)) point.startMs = r.fixed64Ms();
  else if (tag === i64(3)) point.timeMs = r.fixed64Ms();
  else if (tag === vint(flagsField)) point.flags = r.uint32();
  else return false;
  return true;
}

const base = (): PointBase => ({ attributes: [], startMs: 0, timeMs: 0, flags: 0 });

/** NumberDataPoint: attributes 7, as_double 4, as_int 6 (sfixed64), flags 8. */
function readNumberPoint(r: WireReader, end: number): NumberPoint {
  const point: NumberPoint = { ...base(), value: 0 };
  while (r.pos < end) {
    const tag = r.tag();
    if (readBase(r, tag, point, 7, 8)) continue;
    if (tag === i64(4)) point.value = r.double();
    else if (tag === i64(6)) point.value = r.sfixed64();
    else r.skip(tag & 7);
  }
  return point;
}

/** HistogramDataPoint: attributes 9, count 4, sum 5, bucket_counts 6, explicit_bounds 7, flags 10. */
function readHistogramPoint(r: WireReader, end: number): HistogramPoint {
  const point: HistogramPoint = { ...base(), count: 0, sum: undefined, bucketCounts: [], explicitBounds: [] };
  while (r.pos < end) {
    const tag = r.tag();
    if (readBase(r, tag, point, 9, 10)) continue;
    if (tag === i64(4)) point.count = r.fixed64();
    else if (tag === i64(5)) point.sum = r.double();
    else if (tag === len(6) || tag === i64(6)) readRepeated(r, tag & 7, point.bucketCounts, () => r.fixed64());
    else if (tag === len(7) || tag === i64(7)) readRepeated(r, tag & 7, point.explicitBounds, () => r.double());
    else r.skip(tag & 7);
  }
  return point;
}

/** Buckets { sint32 offset = 1; repeated uint64 bucket_counts = 2 } */
function readBuckets(r: WireReader, end: number): ExponentialBuckets {
  const buckets: ExponentialBuckets = { offset: 0, counts: [] };
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === vint(1)) buckets.offset = r.sint32();
    else if (tag === len(2) || tag === vint(2)) readRepeated(r, tag & 7, buckets.counts, () => r.uint64());
    else r.skip(tag & 7);
  }
  r.endMessage(end, 'Buckets');
  return buckets;
}

/** ExponentialHistogramDataPoint: attributes 1, count 4, sum 5, scale 6, zero_count 7, positive 8, negative 9, flags 10, zero_threshold 14. */
function readExponentialPoint(r: WireReader, end: number): ExponentialHistogramPoint {
  const point: ExponentialHistogramPoint = {
    ...base(), count: 0, sum: undefined, scale: 0, zeroCount: 0, zeroThreshold: 0, positive: { offset: 0, counts: [] }, negative: { offset: 0, counts: [] },
  };
  while (r.pos < end) {
    const tag = r.tag();
    if (readBase(r, tag, point, 1, 10)) continue;
    if (tag === i64(4)) point.count = r.fixed64();
    else if (tag === i64(5)) point.sum = r.double();
    else if (tag === vint(6)) point.scale = r.sint32();
    else if (tag === i64(7)) point.zeroCount = r.fixed64();
    else if (tag === len(8)) point.positive = readBuckets(r, r.lengthEnd());
    else if (tag === len(9)) point.negative = readBuckets(r, r.lengthEnd());
    else if (tag === i64(14)) point.zeroThreshold = r.double();
    else r.skip(tag & 7);
  }
  return point;
}

/** ValueAtQuantile { double quantile = 1; double value = 2 } */
function readQuantile(r: WireReader, end: number): { quantile: number; value: number } {
  const pair = { quantile: 0, value: 0 };
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === i64(1)) pair.quantile = r.double();
    else if (tag === i64(2)) pair.value = r.double();
    else r.skip(tag & 7);
  }
  r.endMessage(end, 'ValueAtQuantile');
  return pair;
}

/** SummaryDataPoint: attributes 7, count 4, sum 5, quantile_values 6, flags 8. */
function readSummaryPoint(r: WireReader, end: number): SummaryPoint {
  const point: SummaryPoint = { ...base(), count: 0, sum: 0, quantiles: [] };
  while (r.pos < end) {
    const tag = r.tag();
    if (readBase(r, tag, point, 7, 8)) continue;
    if (tag === i64(4)) point.count = r.fixed64();
    else if (tag === i64(5)) point.sum = r.double();
    else if (tag === len(6)) point.quantiles.push(readQuantile(r, r.lengthEnd()));
    else r.skip(tag & 7);
  }
  return point;
}

/** Gauge, Sum, Histogram, ExponentialHistogram, Summary: data_points 1, temporality 2, is_monotonic 3. */
function readData<P>(r: WireReader, end: number, readPoint: (r: WireReader, end: number) => P, what: string) {
  const data = { points: [] as P[], temporality: 0, monotonic: false };
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === len(1)) {
      const pointEnd = r.lengthEnd();
      data.points.push(readPoint(r, pointEnd));
      r.endMessage(pointEnd, what);
    } else if (tag === vint(2)) data.temporality = r.uint32();
    else if (tag === vint(3)) data.monotonic = r.uint32() !== 0;
    else r.skip(tag & 7);
  }
  r.endMessage(end, what);
  return data;
}

/** Metric { name 1; gauge 5; sum 7; histogram 9; exponential_histogram 10; summary 11 } */
function readMetric(r: WireReader, end: number): OtlpMetric {
  let name = '';
  let data: MetricData = { type: 'none' };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case len(1): name = r.string('Metric.name'); break;
      case len(5): data = { type: 'gauge', points: readData(r, r.lengthEnd(), readNumberPoint, 'NumberDataPoint').points }; break;
      case len(7): data = { type: 'sum', ...readData(r, r.lengthEnd(), readNumberPoint, 'NumberDataPoint') }; break;
      case len(9): data = { type: 'histogram', ...readData(r, r.lengthEnd(), readHistogramPoint, 'HistogramDataPoint') }; break;
      case len(10): data = { type: 'exponentialHistogram', ...readData(r, r.lengthEnd(), readExponentialPoint, 'ExponentialHistogramDataPoint') }; break;
      case len(11): data = { type: 'summary', points: readData(r, r.lengthEnd(), readSummaryPoint, 'SummaryDataPoint').points }; break;
      default: r.skip(tag & 7);
    }
  }
  return { name, data };
}

export function decodeMetricsProto(body: Buffer): MetricsRequest {
  return readExportRequest(new WireReader(body), readMetric, 'Metric');
}
