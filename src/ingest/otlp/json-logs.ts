/** The OTLP/JSON ExportLogsServiceRequest schema, producing the same model as the protobuf decoder. */
import { z } from 'zod';
import type { OtlpLogRecord } from './model.js';
import { anyValue, attributes, exportRequest, hexId, nanosToMs } from './json-common.js';

const logRecord = z.object({
  timeUnixNano: nanosToMs.nullish(),
  observedTimeUnixNano: nanosToMs.nullish(),
  // SeverityNumber names are SEVERITY_NUMBER_TRACE.. FATAL4; numbers are what OTLP/JSON requires.
  severityNumber: z.union([z.number().int(), z.string().regex(/^SEVERITY_NUMBER_/)]).nullish(),
  severityText: z.string().nullish(),
  body: anyValue.nullish(),
  attributes,
  traceId: hexId.nullish(),
  spanId: hexId.nullish(),
}).transform((json): OtlpLogRecord => ({
  timeMs: json.timeUnixNano ?? 0,
  observedTimeMs: json.observedTimeUnixNano ?? 0,
  severityNumber: severityNumberOf(json.severityNumber),
  severityText: json.severityText ?? '',
  body: json.body ?? null,
  attributes: json.attributes,
  traceId: json.traceId ?? '',
  spanId: json.spanId ?? '',
}));

const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** SEVERITY_NUMBER_WARN2 → 14: each level has four numbers, starting at 1. */
function severityNumberOf(value: number | string | null | undefined): number {
  if (typeof value === 'number') return value;
  if (value == null) return 0;
  const match = /^SEVERITY_NUMBER_([A-Z]+)([1-4]?)$/.exec(value);
  const level = match === null ? -1 : levels.indexOf(match[1] ?? '');
  return level < 0 ? 0 : level * 4 + Number(match?.[2] || '1');
}

export const logsRequestJson = exportRequest('resourceLogs', 'scopeLogs', 'logRecords', logRecord);
