/** One place maps every failure to the error catalogue; 5xx details go to the log, never to the client. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { OpsightError, errorBody } from './errors.js';

const fastifyCodes: Record<string, (error: FastifyError) => OpsightError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: (error) => new OpsightError('OPS_ERR_INVALID_JSON', `the body is not valid JSON: ${error.message}`),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new OpsightError('OPS_ERR_INVALID_JSON', 'the body is empty but Content-Type says JSON'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new OpsightError('OPS_ERR_BODY_TOO_LARGE', 'the body is larger than server.bodyLimitBytes allows'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (error) => new OpsightError('OPS_ERR_UNSUPPORTED_MEDIA_TYPE', error.message),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new OpsightError('OPS_ERR_VALIDATION', 'the Content-Length header does not match the body'),
};

function toOpsightError(error: FastifyError): OpsightError | undefined {
  if (error instanceof OpsightError) return error;
  const mapped = error.code !== undefined ? fastifyCodes[error.code] : undefined;
  if (mapped !== undefined) return mapped(error);
  if (error instanceof SyntaxError && error.statusCode === 400) return new OpsightError('OPS_ERR_INVALID_JSON', `the body is not valid JSON: ${error.message}`);
  return undefined;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toOpsightError(error);
    if (known?.retryAfterSeconds !== undefined) void reply.header('retry-after', String(known.retryAfterSeconds));
    // Refusals a sender is told to retry (overload) are expected under load: counted, not logged as failures.
    const expected = known !== undefined && (known.status < 500 || known.retryAfterSeconds !== undefined);
    if (expected) return reply.code(known.status).send(errorBody(known));
    request.log.error({ err: error }, 'request failed');
    const failure = known ?? new OpsightError('OPS_ERR_INTERNAL', 'internal error: see the server log');
    if (failure.code === 'OPS_ERR_UNAVAILABLE' && failure.retryAfterSeconds === undefined) void reply.header('retry-after', '5');
    return reply.code(failure.status).send(errorBody(failure));
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new OpsightError('OPS_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
    return reply.code(404).send(errorBody(error));
  });
}
