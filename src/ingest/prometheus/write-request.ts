/**
 * Decodes a Prometheus remote-write 1.0 WriteRequest (prometheus/prompb: types.proto, remote.proto)
 * from protobuf bytes into plain arrays, in one pass bounded by the `prometheus.remoteWrite` limits.
 * Pure; throws WriteRequestProblem naming the field path (and the limit, when one is exceeded).
 */
import type { RemoteWriteConfig } from './config.js';
import { remoteWriteDefaults } from './config.js';
import { WireError, WireReader, WireType } from '../protobuf/reader.js';

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
  stale: Set<number>;
  metadata: RawMetadata[];
}

/** The bounds a request is decoded within: every `prometheus.remoteWrite` key but the byte size. */
export type WriteLimits = Omit<RemoteWriteConfig, 'maxDecodedBytes'>;

/**
 * A decoding failure with the path of the field it happened in (`timeseries[3].samples[0]`):
 * malformed protobuf, or a request over one of the limits.
 */
export class WriteRequestProblem extends Error {
  constructor(readonly path: string, readonly problem: string, readonly reason: 'bad_protobuf' | 'over_limit' = 'bad_protobuf') {
    super(path === '' ? problem : `${path}: ${problem}`);
    this.name = 'WriteRequestProblem';
  }
}

/** A request over a limit; the message names the limit and its config key. The path is filled in on the way up. */
function overLimit(what: string, key: keyof WriteLimits, limits: WriteLimits): WriteRequestProblem {
  return new WriteRequestProblem('', `${what} (limit ${limits[key]}, prometheus.remoteWrite.${key})`, 'over_limit');
}

// Prometheus's value.StaleNaN: 0x7ff0000000000002, as two little-endian 32-bit halves.
const STALE_HIGH = 0x7ff00000;
const STALE_LOW = 0x00000002;

const fieldNames: Record<string, string> = {
  request: 'timeseries (1) or metadata (3)', series: 'labels (1), samples (2), exemplars (3) or histograms (4)',
  label: 'name (1) or value (2)', sample: 'value (1) or timestamp (2)', metadata: 'type (1) or metric_family_name (2)',
};

function expect(reader: WireReader, tag: number, wireType: number, message: string): void {
  if ((tag & 7) !== wireType) {
    throw new WireError(`field ${tag >>> 3} of ${fieldNames[message] ?? message} has wire type ${tag & 7}, expected ${wireType}`, reader.pos);
  }
}

/** `error` with `path` put in front of its own; other errors pass through. */
export function problemAt(path: string, error: unknown): unknown {
  if (error instanceof WriteRequestProblem) return new WriteRequestProblem(error.path === '' ? path : `${path}.${error.path}`, error.problem, error.reason);
  if (error instanceof WireError) return new WriteRequestProblem(path, error.message);
  return error;
}

/** A label name or value, refused before it is decoded when it is over its byte limit. */
function labelText(reader: WireReader, limits: WriteLimits, key: 'maxLabelNameBytes' | 'maxLabelValueBytes'): string {
  const end = reader.lengthEnd();
  const bytes = end - reader.pos;
  if (bytes > limits[key]) throw overLimit(`a label ${key === 'maxLabelNameBytes' ? 'name' : 'value'} of ${bytes} bytes`, key, limits);
  return reader.internedText(end);
}

function readLabel(reader: WireReader, end: number, into: string[], limits: WriteLimits): void {
  let name = '';
  let value = '';
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 10) name = labelText(reader, limits, 'maxLabelNameBytes');
    else if (tag === 18) value = labelText(reader, limits, 'maxLabelValueBytes');
    else if ((tag >>> 3) === 1 || (tag >>> 3) === 2) expect(reader, tag, WireType.len, 'label');
    else reader.skip(tag & 7);
  }
  into.push(name, value);
}

function readSample(reader: WireReader, end: number, request: DecodedWriteRequest, limits: WriteLimits): void {
  if (request.values.length >= limits.maxSamplesPerRequest) throw overLimit(`more than ${limits.maxSamplesPerRequest} samples in one request`, 'maxSamplesPerRequest', limits);
  let value = 0;
  let timestamp = 0;
  let stale = false;
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 9) {
      stale = reader.fixed64Is(STALE_HIGH, STALE_LOW);
      value = reader.double();
    } else if (tag === 16) timestamp = reader.int64();
    else if (tag >>> 3 === 1) expect(reader, tag, WireType.i64, 'sample');
    else if (tag >>> 3 === 2) expect(reader, tag, WireType.varint, 'sample');
    else reader.skip(tag & 7);
  }
  if (stale) request.stale.add(request.values.length);
  request.values.push(value);
  request.timestamps.push(timestamp);
}

/**
 * Records a label field at `[start, end)`: it extends the series' contiguous run (the usual case),
 * else it and the run go to `scattered`, [start, end) pairs joined once when the series ends.
 */
function addLabelField(series: RawSeries, start: number, end: number, scattered: number[] | undefined): number[] | undefined {
  if (scattered === undefined) {
    if (series.labelStart === series.labelEnd) series.labelStart = start;
    else if (series.labelEnd !== start) return [series.labelStart, series.labelEnd, start, end];
    series.labelEnd = end;
    return undefined;
  }
  scattered.push(start, end);
  return scattered;
}

/** Points the series at one buffer holding all its scattered label fields, in order. */
function joinLabels(series: RawSeries, scattered: number[]): void {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < scattered.length; i += 2) parts.push(series.labelBuf.subarray(scattered[i], scattered[i + 1]));
  const joined = Buffer.concat(parts);
  [series.labelBuf, series.labelStart, series.labelEnd] = [joined, 0, joined.length];
}

function readSeries(reader: WireReader, end: number, request: DecodedWriteRequest, limits: WriteLimits): RawSeries {
  const series: RawSeries = { labelBuf: reader.buf, labelStart: 0, labelEnd: 0, first: request.values.length, count: 0, histograms: 0 };
  // The field being read, kept as numbers so the path string is built only on failure.
  let field = 0;
  let inside = false;
  let labels = 0;
  let scattered: number[] | undefined;
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
      expect(reader, tag, WireType.len, 'series');
      const fieldEnd = reader.lengthEnd();
      inside = true;
      if (field === 1) {
        if (++labels > limits.maxLabelsPerSeries) throw overLimit(`more than ${limits.maxLabelsPerSeries} labels in one series`, 'maxLabelsPerSeries', limits);
        scattered = addLabelField(series, tagStart, fieldEnd, scattered);
      } else if (field === 2) readSample(reader, fieldEnd, request, limits);
      else if (field === 4) series.histograms++;
      reader.pos = fieldEnd;
    }
  } catch (error) {
    const part = inside && field === 2 ? `samples[${request.values.length - series.first}]` : '';
    throw part === '' ? error : problemAt(part, error);
  }
  if (scattered !== undefined) joinLabels(series, scattered);
  series.count = request.values.length - series.first;
  return series;
}

/** Label names and values, alternating (name0, value0, name1, ...), of a series' label fields; throws WriteRequestProblem. */
export function decodeLabels(series: Pick<RawSeries, 'labelBuf' | 'labelStart' | 'labelEnd'>, limits: WriteLimits = remoteWriteDefaults): string[] {
  const reader = new WireReader(series.labelBuf, series.labelStart, series.labelEnd);
  const labels: string[] = [];
  try {
    while (reader.pos < reader.end) {
      reader.tag();
      const fieldEnd = reader.lengthEnd();
      readLabel(reader, fieldEnd, labels, limits);
      reader.pos = fieldEnd;
    }
  } catch (error) {
    throw problemAt(`labels[${labels.length / 2}]`, error);
  }
  return labels;
}

function readMetadata(reader: WireReader, end: number): RawMetadata {
  const metadata: RawMetadata = { type: 0, family: '' };
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 8) metadata.type = reader.uint32();
    else if (tag === 18) metadata.family = reader.internedText(reader.lengthEnd());
    else if (tag >>> 3 === 1) expect(reader, tag, WireType.varint, 'metadata');
    else if (tag >>> 3 === 2) expect(reader, tag, WireType.len, 'metadata');
    else reader.skip(tag & 7);
  }
  return metadata;
}

/** Refuses a request's `count + 1`-th series or metadata entry. */
function checkEntries(count: number, what: string, limits: WriteLimits): void {
  if (count >= limits.maxSeriesPerRequest) throw overLimit(`more than ${limits.maxSeriesPerRequest} ${what} in one request`, 'maxSeriesPerRequest', limits);
}

/** Decodes the (already decompressed) protobuf bytes of a WriteRequest. */
export function decodeWriteRequest(bytes: Uint8Array, limits: WriteLimits = remoteWriteDefaults): DecodedWriteRequest {
  const reader = new WireReader(bytes);
  const request: DecodedWriteRequest = { series: [], values: [], timestamps: [], stale: new Set(), metadata: [] };
  const { series, metadata } = request;
  let field = 0;
  try {
    while (reader.pos < reader.end) {
      field = 0;
      const tag = reader.tag();
      field = tag >>> 3;
      if (tag === 10) {
        checkEntries(series.length, 'timeseries', limits);
        series.push(readSeries(reader, reader.lengthEnd(), request, limits));
      } else if (tag === 26) {
        checkEntries(metadata.length, 'metadata entries', limits);
        metadata.push(readMetadata(reader, reader.lengthEnd()));
      } else if (field === 1 || field === 3) expect(reader, tag, WireType.len, 'request');
      else reader.skip(tag & 7);
    }
  } catch (error) {
    const path = field === 1 ? `timeseries[${request.series.length}]` : field === 3 ? `metadata[${request.metadata.length}]` : 'WriteRequest';
    throw problemAt(path, error);
  }
  return request;
}
