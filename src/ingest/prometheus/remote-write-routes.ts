/**
 * Prometheus remote write 1.0 receiver (POST /api/v1/write). Answers as Prometheus expects: 204 when
 * the whole request is accepted, 4xx (dropped by the sender, nothing stored) for bad data, and 503
 * with Retry-After (retried by the sender) when opsight is behind. Register it with `app.register`,
 * so its protobuf content-type parser stays inside the plugin.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SignalSink } from '../sink.js';
import { acceptOrThrow } from '../../http/accept.js';
import { toOpsightError } from '../../http/error-handler.js';
import type { ErrorCode } from '../../http/errors.js';
import { OpsightError } from '../../http/errors.js';
import type { OpsightMetrics } from '../../telemetry/metrics.js';
import { errorResponse } from '../../http/errors.js';
import { countRefusal } from '../../http/ingest-refusals.js';
import { remoteWriteDefaults } from './config.js';
import { MetadataTypes } from './metric-kind.js';
import type { NormalizedWrite } from './normalize-write.js';
import { normalizeWriteRequest } from './normalize-write.js';
import { prometheusMetrics } from './prometheus-metrics.js';
import { SeriesCache } from './series-cache.js';
import { uncompressBlock } from './snappy-block.js';
import type { WriteLimits } from './write-request.js';
import { WriteRequestProblem, decodeWriteRequest } from './write-request.js';
import { WriteProblem } from './write-problem.js';
import type { DecodeLease } from '../decoded-budget.js';
import { DecodedBytesBudget, budgetRefusal } from '../decoded-budget.js';

export const REMOTE_WRITE_SOURCE = 'remote_write';

export interface PrometheusRoutesOptions {
  sink: SignalSink;
  /** Counts rejections (and staleness markers, skipped points) when given. */
  metrics?: OpsightMetrics;
  /** Largest decompressed WriteRequest, in bytes. @default 33554432 */
  maxDecodedBytes?: number;
  /** Series, samples and label bounds of one request (`prometheus.remoteWrite`); each unset one at its default. */
  limits?: Partial<WriteLimits>;
  /** Series whose labels are remembered, so a series sent again is not decoded again. @default 100000 */
  seriesCacheSize?: number;
  /** Largest compressed body, in bytes; the server's bodyLimit when unset. */
  bodyLimitBytes?: number;
  /** Shared bound on expanded bodies in flight across routes; a request past it gets 503. @default unbounded */
  decodeBudget?: DecodedBytesBudget;
}

/** A refused remote write, with the reason it is counted under. */
export class RemoteWriteRejected extends OpsightError {
  constructor(code: ErrorCode, readonly reason: string, message: string, issues: { path: string; message: string }[] = []) {
    super(code, message, issues);
  }
}

const PROTOBUF = 'application/x-protobuf';

/** Refuses, before the body is read, what is not a remote-write 1.0 request. */
function checkHeaders(request: FastifyRequest): Promise<void> {
  const contentType = request.headers['content-type'] ?? '';
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim());
  if (mediaType.toLowerCase() !== PROTOBUF) {
    throw new RemoteWriteRejected('OPS_ERR_UNSUPPORTED_MEDIA_TYPE', 'content_type', `Content-Type is ${JSON.stringify(contentType)}: remote write needs ${PROTOBUF}`);
  }
  const proto = parameters.find((parameter) => parameter.toLowerCase().startsWith('proto='))?.slice(6);
  if (proto !== undefined && proto !== 'prometheus.WriteRequest') {
    throw new RemoteWriteRejected('OPS_ERR_UNSUPPORTED_MEDIA_TYPE', 'content_type', `proto=${proto} is not supported: opsight reads remote write 1.0 (prometheus.WriteRequest)`);
  }
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'snappy') {
    throw new RemoteWriteRejected('OPS_ERR_UNSUPPORTED_MEDIA_TYPE', 'content_encoding', `Content-Encoding is ${JSON.stringify(encoding)}: remote write needs snappy`);
  }
  return Promise.resolve();
}

/** What decoding a body needs: its bounds, and the metadata and series learnt from earlier requests. */
interface DecodeState {
  maxDecodedBytes: number;
  limits: WriteLimits;
  types: MetadataTypes;
  cache: SeriesCache;
}

/** Body bytes to normalised samples; every failure is a RemoteWriteRejected naming the problem. */
function decodeBody(body: unknown, { maxDecodedBytes, limits, types, cache }: DecodeState, lease: DecodeLease): NormalizedWrite {
  try {
    const bytes = uncompressBlock(Buffer.isBuffer(body) ? body : Buffer.alloc(0), maxDecodedBytes, (length) => lease.take(length));
    const request = decodeWriteRequest(bytes, limits);
    types.learn(request.metadata);
    return normalizeWriteRequest(request, { types: types.lookup, typesVersion: types.version, cache, limits });
  } catch (error) {
    if (error instanceof WriteRequestProblem) {
      const message = error.reason === 'over_limit' ? error.message : `the body is not a valid protobuf WriteRequest: ${error.message}`;
      throw new RemoteWriteRejected('OPS_ERR_VALIDATION', error.reason, message, [{ path: error.path, message: error.problem }]);
    }
    if (error instanceof WriteProblem) {
      throw new RemoteWriteRejected(error.reason === 'too_large' ? 'OPS_ERR_BODY_TOO_LARGE' : 'OPS_ERR_VALIDATION', error.reason, error.message, error.issues);
    }
    // A stack or string length the body pushed past the runtime's: the body's fault, so 400, never a retried 500.
    if (error instanceof RangeError) throw new RemoteWriteRejected('OPS_ERR_VALIDATION', 'bad_protobuf', `the body could not be decoded: ${error.message}`);
    throw budgetRefusal(error, 'OPS_ERR_UNAVAILABLE');
  }
}

const responses = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 413: errorResponse, 415: errorResponse, 503: errorResponse };

export function prometheusRoutes(app: FastifyInstance, options: PrometheusRoutesOptions): Promise<void> {
  const state: DecodeState = {
    maxDecodedBytes: options.maxDecodedBytes ?? remoteWriteDefaults.maxDecodedBytes,
    limits: { ...remoteWriteDefaults, ...options.limits },
    types: new MetadataTypes(),
    cache: new SeriesCache(options.seriesCacheSize ?? 100_000),
  };
  const budget = options.decodeBudget ?? new DecodedBytesBudget(Number.POSITIVE_INFINITY);
  const counters = options.metrics === undefined ? undefined : prometheusMetrics(options.metrics.registry);
  const parserOptions = options.bodyLimitBytes === undefined ? { parseAs: 'buffer' as const } : { parseAs: 'buffer' as const, bodyLimit: options.bodyLimitBytes };
  app.addContentTypeParser(PROTOBUF, parserOptions, (_request, body, done) => done(null, body));

  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/write', {
    config: { access: 'ingest' },
    onRequest: checkHeaders,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimit: options.bodyLimitBytes }),
    schema: {
      summary: 'Prometheus remote write 1.0 receiver (snappy-compressed protobuf WriteRequest)',
      tags: ['ingest'],
      response: { 204: z.null().describe('Every sample of the request was accepted'), ...responses },
    },
  }, async (request, reply) => {
    const result = await budget.withLease(async (lease) => {
      const decoded = decodeBody(request.body, state, lease);
      if (decoded.samples.length > 0) await acceptOrThrow(options.sink, REMOTE_WRITE_SOURCE, { samples: decoded.samples }, { overloadStatus: 503 });
      return decoded;
    });
    counters?.staleMarkers.inc({ source: REMOTE_WRITE_SOURCE }, result.staleMarkers);
    if (result.skipped.nonFinite > 0) counters?.skippedPoints.inc({ source: REMOTE_WRITE_SOURCE, reason: 'nan_or_inf' }, result.skipped.nonFinite);
    if (result.skipped.histograms > 0) counters?.skippedPoints.inc({ source: REMOTE_WRITE_SOURCE, reason: 'native_histogram' }, result.skipped.histograms);
    return reply.code(204).send(null);
  });

  app.addHook('onError', (request, _reply, error, done) => {
    if (request.routeOptions.url === '/api/v1/write') {
      const known = toOpsightError(error, request);
      const code = known?.code ?? 'OPS_ERR_INTERNAL';
      const reason = error instanceof RemoteWriteRejected ? error.reason : code === 'OPS_ERR_BODY_TOO_LARGE' ? 'too_large' : code;
      if (options.metrics !== undefined) countRefusal(options.metrics, REMOTE_WRITE_SOURCE, known ?? error, reason);
    }
    done();
  });
  return Promise.resolve();
}
