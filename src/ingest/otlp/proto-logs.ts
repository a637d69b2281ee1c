/** Decodes an ExportLogsServiceRequest (logs.proto field numbers) from protobuf into the OTLP model. */
import type { OtlpLogRecord, LogsRequest } from './model.js';
import { len, pushKeyValue, readAnyValue, readExportRequest } from './proto-common.js';
import { WireReader } from '../protobuf/reader.js';

/** LogRecord: time 1, severity_number 2, severity_text 3, body 5, attributes 6, trace_id 9, span_id 10, observed_time 11. */
function readLogRecord(r: WireReader, end: number): OtlpLogRecord {
  const record: OtlpLogRecord = {
    timeMs: 0, observedTimeMs: 0, severityNumber: 0, severityText: '', body: null, attributes: [], traceId: '', spanId: '',
  };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case (1 << 3) | 1: record.timeMs = r.fixed64Ms(); break;
      case (11 << 3) | 1: record.observedTimeMs = r.fixed64Ms(); break;
      case (2 << 3): record.severityNumber = r.uint32(); break;
      case len(3): record.severityText = r.string('LogRecord.severity_text'); break;
      case len(5): record.body = readAnyValue(r, r.lengthEnd()); break;
      case len(6): pushKeyValue(r, record.attributes); break;
      case len(9): record.traceId = r.hex(); break;
      case len(10): record.spanId = r.hex(); break;
      default: r.skip(tag & 7);
    }
  }
  return record;
}

export function decodeLogsProto(body: Buffer): LogsRequest {
  return readExportRequest(new WireReader(body), readLogRecord, 'LogRecord');
}
