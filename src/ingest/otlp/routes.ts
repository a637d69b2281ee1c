/**
 * The OTLP/HTTP receiver as a fastify plugin: POST /v1/traces, /v1/metrics and /v1/logs, protobuf or
 * JSON, optionally gzip. The body is decoded and mapped in full before the sink sees anything, so a
 * rejected request writes nothing; overload becomes 429/503 with Retry-After, which OTLP clients retry.
 * Encapsulated: its body parsing and error responses (google.rpc.Status) apply to these routes only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { SignalSink } from '../sink.js';
import { acceptOrThrow } from '../../http/accept.js';
import type { OpsightMetrics } from '../../telemetry/metrics.js';
import { DecodedBytesBudget } from '../decoded-budget.js';
import { decodedBody, requireEncoding } from './content.js';
import { decodeExport } from './decode.js';
import { installOtlpErrors } from './errors.js';
import { otlpMetrics } from './metrics.js';
import type { OtlpMetrics } from './metrics.js';
import { exportResponse, responseDocs } from './responses.js';
import type { OtlpSignal } from './signals.js';
import { logsSignal, metricsSignal, tracesSignal } from './signals.js';

export interface OtlpRoutesOptions {
  sink: SignalSink;
  metrics: OpsightMetrics;
  /** Largest body on the wire (compressed), in bytes. @default the server's bodyLimit */
  bodyLimitBytes?: number;
  /** Largest body once gzip is undone, in bytes. @default 67108864 */
  maxDecompressedBytes?: number;
  /** Shared bound on expanded bodies in flight across routes; a request past it gets 429. @default unbounded */
  decodeBudget?: DecodedBytesBudget;
}

/** The `source` the sink and the metrics see. */
export const OTLP_SOURCE = 'otlp';

function exportHandler<R, I>(signal: OtlpSignal<R, I>, options: OtlpRoutesOptions, counters: OtlpMetrics) {
  const maxBytes = options.maxDecompressedBytes ?? 64 * 1024 * 1024;
  const budget = options.decodeBudget ?? new DecodedBytesBudget(Number.POSITIVE_INFINITY);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const encoding = requireEncoding(request.headers['content-type']);
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const { items, rejections } = await budget.withLease(async (lease) => {
      const decoded = decodeExport(signal, encoding, await decodedBody(raw, request.headers['content-encoding'], maxBytes, lease));
      if (decoded.items.length > 0) await acceptOrThrow(options.sink, OTLP_SOURCE, signal.batch(decoded.items));
      return decoded;
    });
    counters.items.inc({ signal: signal.name, outcome: 'accepted' }, items.length);
    if (rejections.count > 0) counters.items.inc({ signal: signal.name, outcome: 'rejected' }, rejections.count);
    const response = exportResponse(signal.name, encoding, rejections.count, rejections.count > 0 ? rejections.message(signal.unit) : '');
    return reply.code(200).type(response.contentType).send(response.body);
  };
}

export function otlpRoutes(app: FastifyInstance, options: OtlpRoutesOptions): Promise<void> {
  const counters = otlpMetrics(options.metrics.registry);
  installOtlpErrors(app, options.metrics);
  // The response schemas only document: every body is already encoded (protobuf bytes or JSON text), which fastify sends as is.
  app.setSerializerCompiler(serializerCompiler);
  // 415 before reading a body this endpoint could never decode.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    try {
      requireEncoding(request.headers['content-type']);
      done(null, payload);
    } catch (error) {
      done(error as Error);
    }
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', ...(options.bodyLimitBytes === undefined ? {} : { bodyLimit: options.bodyLimitBytes }) },
    (_request, body, done) => done(null, body));
  for (const signal of [tracesSignal, metricsSignal, logsSignal] as OtlpSignal<unknown, unknown>[]) {
    app.post(signal.path, {
      config: { access: 'ingest' },
      schema: {
        summary: `OTLP/HTTP ${signal.name} receiver (${signal.message}, protobuf or JSON, optionally gzip)`, tags: ['ingest'],
        consumes: ['application/x-protobuf', 'application/json'], produces: ['application/x-protobuf', 'application/json'],
        response: responseDocs(signal.name),
      },
    }, exportHandler(signal, options, counters));
  }
  return Promise.resolve();
}
