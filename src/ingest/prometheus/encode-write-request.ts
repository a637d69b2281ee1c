/**
 * Builds Prometheus remote-write 1.0 bodies (snappy block format over a protobuf WriteRequest), the
 * exact bytes Prometheus sends: for load generation (`opsight bench ingest`) and for tests.
 */
import { compressSync } from 'snappy';
import type { Sample } from '../../signals/index.js';
import { seriesKey } from '../../signals/index.js';
import { WireWriter } from '../protobuf/writer.js';

export interface WritePoint {
  value: number;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Send the StaleNaN bit pattern (the series ended) instead of `value`. */
  stale?: boolean;
}

export interface WriteSeries {
  /** All labels, `__name__` included; written sorted by name, as Prometheus does. */
  labels: Record<string, string>;
  samples: WritePoint[];
}

export interface WriteMetadata {
  /** prompb MetricType: 1 counter, 2 gauge, 3 histogram, 4 gaugehistogram, 5 summary, 6 info, 7 stateset. */
  type: number;
  family: string;
  help?: string;
}

// Prometheus's value.StaleNaN, as the 64 bits of a double.
const STALE_NAN_BITS = 0x7ff0000000000002n;

const byName = ([a]: [string, string], [b]: [string, string]): number => (a < b ? -1 : a > b ? 1 : 0);

/** TimeSeries { repeated Label labels = 1; repeated Sample samples = 2 } */
function writeSeries(w: WireWriter, series: WriteSeries): void {
  for (const [name, value] of Object.entries(series.labels).sort(byName)) w.message(1, (label) => label.string(1, name).string(2, value));
  for (const point of series.samples) {
    w.message(2, (sample) => {
      if (point.stale === true) sample.fixed64(1, STALE_NAN_BITS);
      else sample.double(1, point.value);
      if (point.timestamp !== 0) sample.varint(2, point.timestamp);
    });
  }
}

/** MetricMetadata { type = 1; metric_family_name = 2; help = 4 } */
function writeMetadata(w: WireWriter, metadata: WriteMetadata): void {
  w.varint(1, metadata.type).string(2, metadata.family);
  if (metadata.help !== undefined) w.string(4, metadata.help);
}

/** The uncompressed protobuf bytes of a WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3 }. */
export function encodeWriteRequestProto(series: readonly WriteSeries[], metadata: readonly WriteMetadata[] = []): Buffer {
  const request = new WireWriter();
  for (const one of series) request.message(1, (w) => writeSeries(w, one));
  for (const entry of metadata) request.message(3, (w) => writeMetadata(w, entry));
  return request.finish();
}

/** A remote-write request body: the snappy-compressed (block format) WriteRequest. */
export function encodeWriteRequest(series: readonly WriteSeries[], metadata: readonly WriteMetadata[] = []): Buffer {
  return compressSync(encodeWriteRequestProto(series, metadata));
}

/** Groups samples into remote-write series: labels plus `__name__`, points in the given order (staleness markers as StaleNaN). */
export function seriesOfSamples(samples: readonly Sample[]): WriteSeries[] {
  const byKey = new Map<string, WriteSeries>();
  for (const sample of samples) {
    const key = seriesKey(sample.metric, sample.labels);
    let series = byKey.get(key);
    if (series === undefined) {
      series = { labels: { ...sample.labels, __name__: sample.metric }, samples: [] };
      byKey.set(key, series);
    }
    series.samples.push(sample.stale === true ? { value: sample.value, timestamp: sample.time, stale: true } : { value: sample.value, timestamp: sample.time });
  }
  return [...byKey.values()];
}
