/**
 * Error responses of the OTLP routes, as the OTLP/HTTP spec wants them: a google.rpc.Status in the
 * request's encoding, the matching HTTP status, and Retry-After on 429/503. 5xx details stay in the log.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { toOpsightError } from '../../http/error-handler.js';
import { OpsightError, errorBody } from '../../http/errors.js';
import type { OpsightMetrics } from '../../telemetry/metrics.js';
import { countRefusal } from '../../http/ingest-refusals.js';
import { encodingOf } from './content.js';
import { statusResponse } from './responses.js';

export function installOtlpErrors(app: FastifyInstance, metrics: OpsightMetrics): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toOpsightError(error, request);
    if (known === undefined || known.status >= 500) request.log.error({ err: error }, 'OTLP request failed');
    const shown = known ?? new OpsightError('OPS_ERR_INTERNAL', 'internal error: see the server log');
    countRefusal(metrics, 'otlp', shown);
    const retryAfter = shown.retryAfterSeconds ?? (shown.code === 'OPS_ERR_UNAVAILABLE' ? 5 : undefined);
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    // Same encoding as the request when it had a valid one (the spec's rule), else JSON.
    const response = statusResponse(encodingOf(request.headers['content-type']) ?? 'json', shown.status, errorBody(shown));
    return reply.code(shown.status).type(response.contentType).send(response.body);
  });
}
