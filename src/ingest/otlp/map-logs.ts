/**
 * Maps decoded OTLP log records to opsight LogRecords. Time is time_unix_nano, else
 * observed_time_unix_nano; severity comes from severity_number (its six bands), else from the text.
 */
import type { LogRecord, Severity } from '../../signals/index.js';
import { normalizeSeverity } from '../../signals/index.js';
import { bodyText, flattenAttributes, resourceInfo } from './attributes.js';
import type { LogsRequest, OtlpLogRecord } from './model.js';
import type { MapResult } from './rejections.js';
import { Rejections, timeProblem } from './rejections.js';

/** SeverityNumber bands: 1-8 TRACE/DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL. */
export function severityOf(record: Pick<OtlpLogRecord, 'severityNumber' | 'severityText'>): Severity {
  const n = record.severityNumber;
  if (n >= 21) return 'critical';
  if (n >= 17) return 'error';
  if (n >= 13) return 'warning';
  if (n >= 1) return 'info';
  return normalizeSeverity(record.severityText === '' ? undefined : record.severityText, 'info');
}

function timeOf(record: OtlpLogRecord): number {
  return record.timeMs !== 0 ? record.timeMs : record.observedTimeMs;
}

export function mapLogs(request: LogsRequest): MapResult<LogRecord> {
  const items: LogRecord[] = [];
  const rejections = new Rejections();
  request.forEach((group, resourceIndex) => {
    const { entity } = resourceInfo(group.resource);
    group.items.forEach((record, index) => {
      const time = timeOf(record);
      const problem = time === 0 ? 'neither time_unix_nano nor observed_time_unix_nano is set' : timeProblem(record.timeMs !== 0 ? 'time_unix_nano' : 'observed_time_unix_nano', time);
      if (problem !== undefined) { rejections.reject(`resource ${resourceIndex}, log record ${index}`, problem); return; }
      const attributes = flattenAttributes(record.attributes);
      // Keeps the link from a log line to its trace, the join key for trace-aware analysis.
      if (record.traceId.length === 32) attributes.trace_id = record.traceId;
      if (record.spanId.length === 16) attributes.span_id = record.spanId;
      items.push({ entityId: entity.id, time, severity: severityOf(record), body: bodyText(record.body), attributes });
    });
  });
  return { items, rejections };
}
