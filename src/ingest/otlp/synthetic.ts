/**
 * Synthetic OTLP protobuf bodies for load generation (`opsight bench ingest`): N spans or log
 * records spread over a few services, deterministic for a given start time and index.
 */
import type { KeyValue, LogsRequest, OtlpLogRecord, OtlpSpan, ResourceGroup, TracesRequest } from './model.js';
import { encodeLogsProto, encodeTracesProto } from './encode-proto.js';

export interface SyntheticOptions {
  /** Event time of the first item, epoch ms. @default 1767225600000 (2026-01-01) */
  startMs?: number;
  /** Distinct services (resources) the items are spread over. @default 10 */
  services?: number;
  /** Offset of the first item, so successive batches get distinct ids and times. @default 0 */
  firstIndex?: number;
}

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0').slice(-digits);

function groups<T>(count: number, options: SyntheticOptions, item: (index: number, service: number) => T): ResourceGroup<T>[] {
  const services = Math.max(1, options.services ?? 10);
  const out: ResourceGroup<T>[] = Array.from({ length: Math.min(services, Math.max(count, 1)) }, (_, s) => ({
    resource: [{ key: 'service.name', value: `bench-svc-${s}` }, { key: 'host.name', value: `bench-host-${s}` }] as KeyValue[],
    items: [],
  }));
  for (let i = 0; i < count; i++) {
    const index = (options.firstIndex ?? 0) + i;
    const group = out[index % out.length] as ResourceGroup<T>;
    group.items.push(item(index, index % out.length));
  }
  return out;
}

function span(index: number, startMs: number): OtlpSpan {
  const trace = Math.floor(index / 8);
  const start = startMs + index;
  return {
    traceId: `${hex(trace + 1, 16)}${hex(trace * 7919 + 1, 16)}`, spanId: hex(index + 1, 16),
    parentSpanId: index % 8 === 0 ? '' : hex(index, 16), name: `GET /api/items/${index % 20}`, kind: 2,
    startMs: start, endMs: start + 5 + (index % 50), statusCode: index % 97 === 0 ? 2 : 0, statusMessage: '',
    attributes: [{ key: 'http.request.method', value: 'GET' }, { key: 'http.response.status_code', value: index % 97 === 0 ? 500 : 200 }],
  };
}

function logRecord(index: number, startMs: number): OtlpLogRecord {
  return {
    timeMs: startMs + index, observedTimeMs: startMs + index, severityNumber: index % 50 === 0 ? 17 : 9, severityText: '',
    body: `request ${index} served in ${5 + (index % 50)} ms for user u${index % 1000}`, attributes: [{ key: 'http.route', value: '/api/items' }],
    traceId: '', spanId: '',
  };
}

/** An ExportTraceServiceRequest protobuf body with `count` spans. */
export function syntheticSpansBody(count: number, options: SyntheticOptions = {}): Buffer {
  const startMs = options.startMs ?? Date.UTC(2026, 0, 1);
  const request: TracesRequest = groups(count, options, (index) => span(index, startMs));
  return encodeTracesProto(request);
}

/** An ExportLogsServiceRequest protobuf body with `count` log records. */
export function syntheticLogsBody(count: number, options: SyntheticOptions = {}): Buffer {
  const startMs = options.startMs ?? Date.UTC(2026, 0, 1);
  const request: LogsRequest = groups(count, options, (index) => logRecord(index, startMs));
  return encodeLogsProto(request);
}
