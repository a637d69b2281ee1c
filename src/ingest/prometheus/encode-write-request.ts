/**
 * Builds Prometheus remote-write 1.0 bodies (snappy block format over a protobuf WriteRequest), the
 * exact bytes Prometheus sends: for load generation (`opsight bench ingest`) and for tests.
 */
import { compressSync } from 'snappy';
import type { Sample } from '../../signals/index.js';
import { seriesKey } from '../../signals/index.js';

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

function varintLength(value: number): number {
  if (value < 0) return 10;
  let length = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

class Writer {
  readonly buf: Buffer;
  pos = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }
  varint(value: number): void {
    if (value < 0) {
      // int64 two's complement: always ten bytes.
      let big = BigInt.asUintN(64, BigInt(Math.trunc(value)));
      for (let i = 0; i < 9; i++, big >>= 7n) this.buf[this.pos++] = Number(big & 0x7fn) | 0x80;
      this.buf[this.pos++] = Number(big);
      return;
    }
    while (value >= 128) {
      this.buf[this.pos++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buf[this.pos++] = value;
  }
  text(tag: number, value: string, length: number): void {
    this.buf[this.pos++] = tag;
    this.varint(length);
    this.pos += this.buf.write(value, this.pos, 'utf8');
  }
}

function delimitedLength(length: number): number {
  return 1 + varintLength(length) + length;
}

interface Sized {
  entries: [string, string, number, number][];
  labelsLength: number;
  sampleLengths: number[];
  length: number;
}

function sizeSeries(series: WriteSeries): Sized {
  const entries = Object.entries(series.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]): [string, string, number, number] => [name, value, Buffer.byteLength(name), Buffer.byteLength(value)]);
  const labelsLength = entries.reduce((sum, [, , n, v]) => sum + delimitedLength(delimitedLength(n) + delimitedLength(v)), 0);
  const sampleLengths = series.samples.map((point) => 9 + (point.timestamp === 0 ? 0 : 1 + varintLength(point.timestamp)));
  const length = labelsLength + sampleLengths.reduce((sum, n) => sum + delimitedLength(n), 0);
  return { entries, labelsLength, sampleLengths, length };
}

function writeSeries(writer: Writer, series: WriteSeries, sized: Sized): void {
  writer.buf[writer.pos++] = 10;
  writer.varint(sized.length);
  for (const [name, value, nameLength, valueLength] of sized.entries) {
    writer.buf[writer.pos++] = 10;
    writer.varint(delimitedLength(nameLength) + delimitedLength(valueLength));
    writer.text(10, name, nameLength);
    writer.text(18, value, valueLength);
  }
  series.samples.forEach((point, index) => {
    writer.buf[writer.pos++] = 18;
    writer.varint(sized.sampleLengths[index] as number);
    writer.buf[writer.pos++] = 9;
    if (point.stale === true) writer.pos = writer.buf.writeUInt32LE(0x7ff00000, writer.buf.writeUInt32LE(2, writer.pos));
    else writer.pos = writer.buf.writeDoubleLE(point.value, writer.pos);
    if (point.timestamp !== 0) {
      writer.buf[writer.pos++] = 16;
      writer.varint(point.timestamp);
    }
  });
}

function metadataLength(metadata: WriteMetadata): number {
  return 1 + varintLength(metadata.type) + delimitedLength(Buffer.byteLength(metadata.family)) + (metadata.help === undefined ? 0 : delimitedLength(Buffer.byteLength(metadata.help)));
}

/** The uncompressed protobuf bytes of a WriteRequest. */
export function encodeWriteRequestProto(series: readonly WriteSeries[], metadata: readonly WriteMetadata[] = []): Buffer {
  const sized = series.map(sizeSeries);
  const total = sized.reduce((sum, s) => sum + delimitedLength(s.length), 0) + metadata.reduce((sum, m) => sum + delimitedLength(metadataLength(m)), 0);
  const writer = new Writer(total);
  series.forEach((one, index) => writeSeries(writer, one, sized[index] as Sized));
  for (const entry of metadata) {
    writer.buf[writer.pos++] = 26;
    writer.varint(metadataLength(entry));
    writer.buf[writer.pos++] = 8;
    writer.varint(entry.type);
    writer.text(18, entry.family, Buffer.byteLength(entry.family));
    if (entry.help !== undefined) writer.text(34, entry.help, Buffer.byteLength(entry.help));
  }
  return writer.buf.subarray(0, writer.pos);
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
