/** Decodes an ExportTraceServiceRequest (trace.proto field numbers) from protobuf into the OTLP model. */
import type { OtlpSpan, TracesRequest } from './model.js';
import { len, pushKeyValue, readExportRequest } from './proto-common.js';
import { WireReader } from '../protobuf/reader.js';

/** Status { string message = 2; StatusCode code = 3 } */
function readStatus(r: WireReader, end: number, span: OtlpSpan): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === len(2)) span.statusMessage = r.string('Span.status.message');
    else if (tag === (3 << 3)) span.statusCode = r.uint32();
    else r.skip(tag & 7);
  }
  r.endMessage(end, 'Status');
}

/** Span: trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, start 7, end 8, attributes 9, status 15. */
function readSpan(r: WireReader, end: number): OtlpSpan {
  const span: OtlpSpan = {
    traceId: '', spanId: '', parentSpanId: '', name: '', kind: 0, startMs: 0, endMs: 0, attributes: [], statusCode: 0, statusMessage: '',
  };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case len(1): span.traceId = r.hex(); break;
      case len(2): span.spanId = r.hex(); break;
      case len(4): span.parentSpanId = r.hex(); break;
      case len(5): span.name = r.string('Span.name'); break;
      case (6 << 3): span.kind = r.uint32(); break;
      case (7 << 3) | 1: span.startMs = r.fixed64Ms(); break;
      case (8 << 3) | 1: span.endMs = r.fixed64Ms(); break;
      case len(9): pushKeyValue(r, span.attributes); break;
      case len(15): readStatus(r, r.lengthEnd(), span); break;
      default: r.skip(tag & 7);
    }
  }
  return span;
}

export function decodeTracesProto(body: Buffer): TracesRequest {
  return readExportRequest(new WireReader(body), readSpan, 'Span');
}
