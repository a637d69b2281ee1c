/**
 * The three OTLP signals, each as one row: its path, its decoders (protobuf and JSON), its mapping
 * to opsight signals and the batch it hands to the sink. The route and the tests share the rows.
 */
import type { z } from 'zod';
import type { SignalBatch } from '../sink.js';
import type { LogRecord, Sample, Span } from '../../signals/index.js';
import { logsRequestJson } from './json-logs.js';
import { metricsRequestJson } from './json-metrics.js';
import { tracesRequestJson } from './json-traces.js';
import { mapLogs } from './map-logs.js';
import { mapMetrics } from './map-metrics.js';
import { mapTraces } from './map-traces.js';
import type { LogsRequest, MetricsRequest, TracesRequest } from './model.js';
import { decodeLogsProto } from './proto-logs.js';
import { decodeMetricsProto } from './proto-metrics.js';
import { decodeTracesProto } from './proto-traces.js';
import type { MapResult } from './rejections.js';
import type { SignalName } from './responses.js';

export interface OtlpSignal<Request, Item> {
  name: SignalName;
  path: string;
  /** The protobuf message, for error messages. */
  message: string;
  /** What partial_success counts. */
  unit: string;
  decodeProto(body: Buffer): Request;
  json: z.ZodType<Request, unknown>;
  map(request: Request): MapResult<Item>;
  batch(items: Item[]): SignalBatch;
}

export const tracesSignal: OtlpSignal<TracesRequest, Span> = {
  name: 'traces', path: '/v1/traces', message: 'ExportTraceServiceRequest', unit: 'spans',
  decodeProto: decodeTracesProto, json: tracesRequestJson, map: mapTraces, batch: (spans) => ({ spans }),
};

export const metricsSignal: OtlpSignal<MetricsRequest, Sample> = {
  name: 'metrics', path: '/v1/metrics', message: 'ExportMetricsServiceRequest', unit: 'data points',
  decodeProto: decodeMetricsProto, json: metricsRequestJson, map: mapMetrics, batch: (samples) => ({ samples }),
};

export const logsSignal: OtlpSignal<LogsRequest, LogRecord> = {
  name: 'logs', path: '/v1/logs', message: 'ExportLogsServiceRequest', unit: 'log records',
  decodeProto: decodeLogsProto, json: logsRequestJson, map: mapLogs, batch: (logs) => ({ logs }),
};
