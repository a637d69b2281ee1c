/**
 * Encodes the OTLP model back to protobuf ExportTraceServiceRequest / ExportLogsServiceRequest
 * bodies: for load generators and tests, never on the receive path. Times in ms become Unix ns.
 */
import type { AnyValue, KeyValue, LogsRequest, OtlpLogRecord, OtlpSpan, ResourceGroup, TracesRequest } from './model.js';
import type { WriteFields } from '../protobuf/writer.js';
import { WireWriter } from '../protobuf/writer.js';

/** Unix nanoseconds of a time in ms (ms · 10^6 stays exact below 2^53 until 2255). */
export const nanos = (ms: number): number => ms * 1_000_000;

export function writeAnyValue(w: WireWriter, value: AnyValue): void {
  if (typeof value === 'string') w.string(1, value);
  else if (typeof value === 'boolean') w.varint(2, value ? 1 : 0);
  else if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) w.varint(3, value);
    else w.double(4, value);
  } else if (value instanceof Uint8Array) w.bytes(7, value);
  else if (Array.isArray(value)) w.message(5, (list) => { for (const item of value) list.message(1, (inner) => writeAnyValue(inner, item)); });
  else if (value !== null) w.message(6, (list) => writeAttributes(list, 1, value.kvlist));
}

export function writeAttributes(w: WireWriter, field: number, attributes: readonly KeyValue[]): void {
  for (const pair of attributes) w.message(field, (kv) => kv.string(1, pair.key).message(2, (inner) => writeAnyValue(inner, pair.value)));
}

/** Export*ServiceRequest with one scope per resource holding every item. */
export function encodeRequest<T>(groups: readonly ResourceGroup<T>[], item: (w: WireWriter, value: T) => void): Buffer {
  const request = new WireWriter();
  for (const group of groups) {
    request.message(1, (resourceGroup) => {
      resourceGroup.message(1, (resource) => writeAttributes(resource, 1, group.resource));
      resourceGroup.message(2, (scope) => {
        scope.message(1, (name) => name.string(1, 'opsight'));
        for (const value of group.items) scope.message(2, (w) => item(w, value));
      });
    });
  }
  return request.finish();
}

const hexBytes = (hex: string): Buffer => Buffer.from(hex, 'hex');

function writeSpan(w: WireWriter, span: OtlpSpan): void {
  w.bytes(1, hexBytes(span.traceId)).bytes(2, hexBytes(span.spanId));
  if (span.parentSpanId !== '') w.bytes(4, hexBytes(span.parentSpanId));
  w.string(5, span.name).varint(6, span.kind).fixed64(7, nanos(span.startMs)).fixed64(8, nanos(span.endMs));
  writeAttributes(w, 9, span.attributes);
  const status: WriteFields = (s) => {
    if (span.statusMessage !== '') s.string(2, span.statusMessage);
    if (span.statusCode !== 0) s.varint(3, span.statusCode);
  };
  w.message(15, status);
}

function writeLogRecord(w: WireWriter, record: OtlpLogRecord): void {
  if (record.timeMs !== 0) w.fixed64(1, nanos(record.timeMs));
  if (record.observedTimeMs !== 0) w.fixed64(11, nanos(record.observedTimeMs));
  if (record.severityNumber !== 0) w.varint(2, record.severityNumber);
  if (record.severityText !== '') w.string(3, record.severityText);
  w.message(5, (body) => writeAnyValue(body, record.body));
  writeAttributes(w, 6, record.attributes);
  if (record.traceId !== '') w.bytes(9, hexBytes(record.traceId));
  if (record.spanId !== '') w.bytes(10, hexBytes(record.spanId));
}

export function encodeTracesProto(request: TracesRequest): Buffer {
  return encodeRequest(request, writeSpan);
}

export function encodeLogsProto(request: LogsRequest): Buffer {
  return encodeRequest(request, writeLogRecord);
}
