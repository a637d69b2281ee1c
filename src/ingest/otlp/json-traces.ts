/** The OTLP/JSON ExportTraceServiceRequest schema, producing the same model as the protobuf decoder. */
import { z } from 'zod';
import type { OtlpSpan } from './model.js';
import { attributes, enumField, exportRequest, hexId, nanosToMs } from './json-common.js';

const spanKinds = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
const statusCodes = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

const span = z.object({
  traceId: hexId.nullish(),
  spanId: hexId.nullish(),
  parentSpanId: hexId.nullish(),
  name: z.string().nullish(),
  kind: enumField(spanKinds).nullish(),
  startTimeUnixNano: nanosToMs.nullish(),
  endTimeUnixNano: nanosToMs.nullish(),
  attributes,
  status: z.object({ code: enumField(statusCodes).nullish(), message: z.string().nullish() }).nullish(),
}).transform((json): OtlpSpan => ({
  traceId: json.traceId ?? '',
  spanId: json.spanId ?? '',
  parentSpanId: json.parentSpanId ?? '',
  name: json.name ?? '',
  kind: json.kind ?? 0,
  startMs: json.startTimeUnixNano ?? 0,
  endMs: json.endTimeUnixNano ?? 0,
  attributes: json.attributes,
  statusCode: json.status?.code ?? 0,
  statusMessage: json.status?.message ?? '',
}));

export const tracesRequestJson = exportRequest('resourceSpans', 'scopeSpans', 'spans', span);
