/** Encodes the OTLP metrics model back to a protobuf ExportMetricsServiceRequest: for tests and load generators. */
import type { ExponentialBuckets, MetricData, MetricsRequest, OtlpMetric, PointBase } from './model.js';
import { encodeRequest, nanos, writeAttributes } from './encode-proto.js';
import type { WireWriter } from '../protobuf/writer.js';

function writeBase(w: WireWriter, point: PointBase, attributesField: number, flagsField: number): WireWriter {
  writeAttributes(w, attributesField, point.attributes);
  if (point.startMs !== 0) w.fixed64(2, nanos(point.startMs));
  w.fixed64(3, nanos(point.timeMs));
  if (point.flags !== 0) w.varint(flagsField, point.flags);
  return w;
}

// Repeated numbers are packed, as the OpenTelemetry SDKs send them (proto3's default).
function writeBuckets(w: WireWriter, value: ExponentialBuckets): void {
  w.sint32(1, value.offset).packed(2, value.counts, (packed, count) => packed.rawVarint(count));
}

/** Writes each data point of `data` as field 1 of its Gauge/Sum/Histogram/... message. */
function writePoints(w: WireWriter, data: MetricData): void {
  switch (data.type) {
    case 'gauge': case 'sum':
      for (const p of data.points) w.message(1, (d) => writeBase(d, p, 7, 8).double(4, p.value));
      return;
    case 'histogram':
      for (const p of data.points) {
        w.message(1, (d) => {
          writeBase(d, p, 9, 10).fixed64(4, p.count);
          if (p.sum !== undefined) d.double(5, p.sum);
          d.packed(6, p.bucketCounts, (packed, count) => packed.rawFixed64(count)).packed(7, p.explicitBounds, (packed, bound) => packed.rawDouble(bound));
        });
      }
      return;
    case 'exponentialHistogram':
      for (const p of data.points) {
        w.message(1, (d) => {
          writeBase(d, p, 1, 10).fixed64(4, p.count);
          if (p.sum !== undefined) d.double(5, p.sum);
          d.sint32(6, p.scale).fixed64(7, p.zeroCount).double(14, p.zeroThreshold);
          d.message(8, (b) => writeBuckets(b, p.positive)).message(9, (b) => writeBuckets(b, p.negative));
        });
      }
      return;
    case 'summary':
      for (const p of data.points) {
        w.message(1, (d) => {
          writeBase(d, p, 7, 8).fixed64(4, p.count).double(5, p.sum);
          for (const q of p.quantiles) d.message(6, (pair) => pair.double(1, q.quantile).double(2, q.value));
        });
      }
      return;
    case 'none': return;
  }
}

const dataField: Record<MetricData['type'], number> = { none: 0, gauge: 5, sum: 7, histogram: 9, exponentialHistogram: 10, summary: 11 };

function writeMetric(w: WireWriter, metric: OtlpMetric): void {
  w.string(1, metric.name);
  const { data } = metric;
  if (data.type === 'none') return;
  w.message(dataField[data.type], (inner) => {
    writePoints(inner, data);
    if ('temporality' in data) inner.varint(2, data.temporality);
    if (data.type === 'sum') inner.varint(3, data.monotonic ? 1 : 0);
  });
}

export function encodeMetricsProto(request: MetricsRequest): Buffer {
  return encodeRequest(request, writeMetric);
}
