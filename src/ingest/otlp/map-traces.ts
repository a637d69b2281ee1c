/** Maps decoded OTLP spans to opsight Spans, rejecting (with a reason) each span opsight cannot use. */
import type { Span } from '../../signals/index.js';
import { flattenAttributes, resourceInfo } from './attributes.js';
import type { OtlpSpan, TracesRequest } from './model.js';
import type { MapResult } from './rejections.js';
import { Rejections, timeProblem } from './rejections.js';

const kinds: Span['kind'][] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];
const statuses: Span['status'][] = ['unset', 'ok', 'error'];
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** A trace (32) or span (16) id must be that many hex digits and not all zero, as the OTLP spec requires. */
function idProblem(field: string, hex: string, digits: number): string | undefined {
  if (hex.length !== digits) return `${field} must be ${digits / 2} bytes, got ${hex.length / 2}`;
  if (hex === ZERO_TRACE || hex === ZERO_SPAN) return `${field} is all zeros (invalid)`;
  return undefined;
}

function spanProblem(span: OtlpSpan): string | undefined {
  return idProblem('trace_id', span.traceId, 32)
    ?? idProblem('span_id', span.spanId, 16)
    ?? (span.parentSpanId === '' ? undefined : idProblem('parent_span_id', span.parentSpanId, 16))
    ?? timeProblem('start_time_unix_nano', span.startMs)
    ?? timeProblem('end_time_unix_nano', span.endMs)
    ?? (span.endMs < span.startMs ? 'end_time_unix_nano is before start_time_unix_nano' : undefined);
}

export function mapTraces(request: TracesRequest): MapResult<Span> {
  const items: Span[] = [];
  const rejections = new Rejections();
  for (let resourceIndex = 0; resourceIndex < request.length; resourceIndex++) {
    const group = request[resourceIndex] as TracesRequest[number];
    const { entity, attributes: resource } = resourceInfo(group.resource);
    const serviceName = resource['service.name'];
    const service = typeof serviceName === 'string' && serviceName !== '' ? serviceName : entity.name;
    for (let index = 0; index < group.items.length; index++) {
      const span = group.items[index] as OtlpSpan;
      const problem = spanProblem(span);
      if (problem !== undefined) rejections.reject(`resource ${resourceIndex}, span ${index}`, problem);
      else items.push(toSpan(span, entity.id, service));
    }
  }
  return { items, rejections };
}

/** One object shape for every span (parentSpanId present, maybe undefined) keeps this path monomorphic. */
function toSpan(span: OtlpSpan, entityId: string, service: string): Span {
  const attributes = flattenAttributes(span.attributes);
  if (span.statusMessage !== '') attributes['otel.status_description'] = span.statusMessage;
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId === '' ? undefined : span.parentSpanId,
    entityId,
    service,
    operation: span.name,
    kind: kinds[span.kind] ?? 'internal',
    start: span.startMs,
    end: span.endMs,
    status: statuses[span.statusCode] ?? 'unset',
    attributes,
  };
}
