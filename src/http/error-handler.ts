/**
 * One place maps every failure to the error catalogue; 5xx details go to the log, never to the client,
 * and no fastify code (FST_ERR_...) ever reaches a client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from './errors.js';
import { OpsightError, errorBody, errorCatalogue } from './errors.js';

type FastifyMapping = (error: FastifyError, request: FastifyRequest) => OpsightError;

function unsupportedMediaType(request: FastifyRequest): OpsightError {
  const contentType = request.headers['content-type'];
  const sent = contentType === undefined ? 'a body without Content-Type' : `Content-Type ${JSON.stringify(contentType)}`;
  return new OpsightError('OPS_ERR_UNSUPPORTED_MEDIA_TYPE', `this endpoint does not read ${sent}: send application/json`);
}

/** The fastify errors a client's request can cause, with a message that says what to fix. */
const fastifyCodes: Record<string, FastifyMapping> = {
  FST_ERR_CTP_INVALID_JSON_BODY: (error) => new OpsightError('OPS_ERR_INVALID_JSON', `the body is not valid JSON: ${error.message}`),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new OpsightError('OPS_ERR_INVALID_JSON', 'the body is empty but Content-Type says JSON'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new OpsightError('OPS_ERR_BODY_TOO_LARGE', 'the body is larger than server.bodyLimitBytes allows'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (_error, request) => unsupportedMediaType(request),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new OpsightError('OPS_ERR_VALIDATION', 'the Content-Length header does not match the body'),
  FST_ERR_BAD_URL: () => new OpsightError('OPS_ERR_VALIDATION', 'the path is not valid percent-encoding'),
  FST_ERR_MAX_PARAM_LENGTH: () => new OpsightError('OPS_ERR_VALIDATION', 'a path parameter is longer than 100 characters: no such object exists'),
};

/** The catalogue's code for a client error's status, for errors no mapping above names. */
function codeOfStatus(status: number): ErrorCode {
  const entry = Object.entries(errorCatalogue).find(([, { status: catalogued }]) => catalogued === status);
  return (entry?.[0] as ErrorCode | undefined) ?? 'OPS_ERR_VALIDATION';
}

/** The catalogue error for a failure, or undefined for an unexpected one (a bug or an outage: 500). */
export function toOpsightError(error: FastifyError, request: FastifyRequest): OpsightError | undefined {
  if (error instanceof OpsightError) return error;
  const mapped = error.code !== undefined ? fastifyCodes[error.code] : undefined;
  if (mapped !== undefined) return mapped(error, request);
  if (error instanceof SyntaxError && error.statusCode === 400) return new OpsightError('OPS_ERR_INVALID_JSON', `the body is not valid JSON: ${error.message}`);
  // Any other refusal fastify makes of a request (a 4xx) is the client's: its message, under the catalogue's code.
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new OpsightError(codeOfStatus(status), error.message);
  return undefined;
}

/** Replies with the catalogue's body for any failure: the error handler, and fastify's `frameworkErrors` option. */
export function replyWithError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = toOpsightError(error, request);
  if (known?.retryAfterSeconds !== undefined) void reply.header('retry-after', String(known.retryAfterSeconds));
  // Refusals a sender is told to retry (overload) are expected under load: counted, not logged as failures.
  const expected = known !== undefined && (known.status < 500 || known.retryAfterSeconds !== undefined);
  if (expected) {
    void reply.code(known.status).send(errorBody(known));
    return;
  }
  request.log.error({ err: error }, 'request failed');
  const failure = known ?? new OpsightError('OPS_ERR_INTERNAL', 'internal error: see the server log');
  if (failure.code === 'OPS_ERR_UNAVAILABLE' && failure.retryAfterSeconds === undefined) void reply.header('retry-after', '5');
  void reply.code(failure.status).send(errorBody(failure));
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(replyWithError);
  app.setNotFoundHandler((request, reply) => {
    const error = new OpsightError('OPS_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
    return reply.code(404).send(errorBody(error));
  });
}
