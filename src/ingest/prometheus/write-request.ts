/**
 * Decodes a Prometheus remote-write 1.0 WriteRequest (prometheus/prompb: types.proto, remote.proto)
 * from protobuf bytes into plain arrays. Pure; throws WriteRequestProblem naming the field path.
 */
import { DecodeProblem, ProtoReader, WireType } from './protobuf-reader.js';

export interface RawSeries {
  /**
   * Where the series' label fields are, exactly as sent: `labelBuf[labelStart, labelEnd)`, a
   * range of the request itself when contiguous (as Prometheus writes them). The series cache's
   * key; read with `decodeLabels` on a miss.
   */
  labelBuf: Uint8Array;
  labelStart: number;
  labelEnd: number;
  /** Its points: indexes `first .. first + count - 1` of the request's `values` and `timestamps`. */
  first: number;
  count: number;
  /** How many native histograms the series carried (opsight does not read them yet). */
  histograms: number;
}

export interface RawMetadata {
  /** prompb MetricMetadata.MetricType: 0 unknown, 1 counter, 2 gauge, 3 histogram, 4 gaugehistogram, 5 summary, 6 info, 7 stateset. */
  type: number;
  family: string;
}

export interface DecodedWriteRequest {
  series: RawSeries[];
  /** Every point's value, series after series (flat, to keep allocations per series to one object). */
  values: number[];
  /** Every point's epoch milliseconds, parallel to `values`. */
  timestamps: number[];
  /** Indexes into `values` of staleness markers (the StaleNaN bit pattern). */
  stale: number[];
  metadata: RawMetadata[];
}

/** A decoding failure with the path of the field it happened in (`timeseries[3].samples[0]`). */
export class WriteRequestProblem extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'WriteRequestProblem';
  }
}

// Prometheus's value.StaleNaN: 0x7ff0000000000002, as two little-endian 32-bit halves.
const STALE_HIGH = 0x7ff00000;
const STALE_LOW = 0x00000002;

const fieldNames: Record<string, string> = {
  request: 'timeseries (1) or metadata (3)', series: 'labels (1), samples (2), exemplars (3) or histograms (4)',
  label: 'name (1) or value (2)', sample: 'value (1) or timestamp (2)', metadata: 'type (1) or metric_family_name (2)',
};

function expect(reader: ProtoReader, tag: number, wireType: number, message: string): void {
  if ((tag & 7) !== wireType) {
    throw new DecodeProblem(`field ${tag >>> 3} of ${fieldNames[message] ?? message} has wire type ${tag & 7}, expected ${wireType}`, reader.pos);
  }
}

function problemAt(path: string, error: unknown): unknown {
  if (error instanceof WriteRequestProblem) return new WriteRequestProblem(`${path}.${error.path}`, error.problem);
  if (error instanceof DecodeProblem) return new WriteRequestProblem(path, error.message);
  return error;
}

function readLabel(reader: ProtoReader, end: number, into: string[]): void {
  let name = '';
  let value = '';
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 10) name = reader.string();
    else if (tag === 18) value = reader.string();
    else if ((tag >>> 3) === 1 || (tag >>> 3) === 2) expect(reader, tag, WireType.bytes, 'label');
    else reader.skip(tag & 7);
  }
  into.push(name, value);
}

function readSample(reader: ProtoReader, end: number, request: DecodedWriteRequest): void {
  let value = 0;
  let timestamp = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 9) {
      if (reader.fixed64Is(STALE_HIGH, STALE_LOW)) request.stale.push(request.values.length);
      value = reader.double();
    } else if (tag === 16) timestamp = reader.varint();
    else if (tag >>> 3 === 1) expect(reader, tag, WireType.fixed64, 'sample');
    else if (tag >>> 3 === 2) expect(reader, tag, WireType.varint, 'sample');
    else reader.skip(tag & 7);
  }
  request.values.push(value);
  request.timestamps.push(timestamp);
}

/** Where a series' label fields are: one contiguous run (the usual case), else a copy of them all. */
function labelRange(buf: Uint8Array, series: RawSeries, start: number, end: number): void {
  if (series.labelEnd === start || series.labelStart === series.labelEnd) {
    if (series.labelStart === series.labelEnd) series.labelStart = start;
    series.labelEnd = end;
    return;
  }
  const joined = Buffer.concat([series.labelBuf.subarray(series.labelStart, series.labelEnd), buf.subarray(start, end)]);
  [series.labelBuf, series.labelStart, series.labelEnd] = [joined, 0, joined.length];
}

function readSeries(reader: ProtoReader, end: number, request: DecodedWriteRequest): RawSeries {
  const series: RawSeries = { labelBuf: reader.buf, labelStart: 0, labelEnd: 0, first: request.values.length, count: 0, histograms: 0 };
  // The field being read, kept as numbers so the path string is built only on failure.
  let field = 0;
  let inside = false;
  try {
    while (reader.pos < end) {
      inside = false;
      const tagStart = reader.pos;
      const tag = reader.tag();
      field = tag >>> 3;
      if (field > 4) {
        reader.skip(tag & 7);
        continue;
      }
      expect(reader, tag, WireType.bytes, 'series');
      const fieldEnd = reader.delimited();
      inside = true;
      if (field === 1) labelRange(reader.buf, series, tagStart, fieldEnd);
      else if (field === 2) readSample(reader, fieldEnd, request);
      else if (field === 4) series.histograms++;
      reader.pos = fieldEnd;
    }
  } catch (error) {
    const part = inside && field === 2 ? `samples[${request.values.length - series.first}]` : '';
    throw part === '' ? error : problemAt(part, error);
  }
  series.count = request.values.length - series.first;
  return series;
}

/** Label names and values, alternating (name0, value0, name1, ...), of a series' label fields; throws WriteRequestProblem. */
export function decodeLabels(series: Pick<RawSeries, 'labelBuf' | 'labelStart' | 'labelEnd'>): string[] {
  const reader = new ProtoReader(series.labelBuf, series.labelStart, series.labelEnd);
  const labels: string[] = [];
  try {
    while (reader.pos < reader.end) {
      reader.tag();
      const fieldEnd = reader.delimited();
      readLabel(reader, fieldEnd, labels);
      reader.pos = fieldEnd;
    }
  } catch (error) {
    throw problemAt(`labels[${labels.length / 2}]`, error);
  }
  return labels;
}

function readMetadata(reader: ProtoReader, end: number): RawMetadata {
  const metadata: RawMetadata = { type: 0, family: '' };
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 8) metadata.type = reader.varint();
    else if (tag === 18) metadata.family = reader.string();
    else if (tag >>> 3 === 1) expect(reader, tag, WireType.varint, 'metadata');
    else if (tag >>> 3 === 2) expect(reader, tag, WireType.bytes, 'metadata');
    else reader.skip(tag & 7);
  }
  return metadata;
}

/** Decodes the (already decompressed) protobuf bytes of a WriteRequest. */
export function decodeWriteRequest(bytes: Uint8Array): DecodedWriteRequest {
  const reader = new ProtoReader(bytes);
  const request: DecodedWriteRequest = { series: [], values: [], timestamps: [], stale: [], metadata: [] };
  let field = 0;
  try {
    while (reader.pos < reader.end) {
      field = 0;
      const tag = reader.tag();
      field = tag >>> 3;
      if (tag === 10) request.series.push(readSeries(reader, reader.delimited(), request));
      else if (tag === 26) request.metadata.push(readMetadata(reader, reader.delimited()));
      else if (field === 1 || field === 3) expect(reader, tag, WireType.bytes, 'request');
      else reader.skip(tag & 7);
    }
  } catch (error) {
    const path = field === 1 ? `timeseries[${request.series.length}]` : field === 3 ? `metadata[${request.metadata.length}]` : 'WriteRequest';
    throw problemAt(path, error);
  }
  return request;
}
