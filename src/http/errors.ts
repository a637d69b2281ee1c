/**
 * The closed catalogue of API errors: each has a stable code, an HTTP status and whether a client
 * may retry. Every code is documented in docs/errors.md (a test checks it).
 */
import { z } from 'zod';

export const errorCatalogue = {
  OPS_ERR_VALIDATION: { status: 400, retryable: false, summary: 'The request body, query or path does not match its schema (`issues` names each field and problem), or the path is not valid percent-encoding or has a segment longer than 100 characters.' },
  OPS_ERR_INVALID_JSON: { status: 400, retryable: false, summary: 'The body is not valid JSON.' },
  OPS_ERR_UNAUTHENTICATED: { status: 401, retryable: false, summary: 'No API token, or an unknown or revoked one.' },
  OPS_ERR_FORBIDDEN: { status: 403, retryable: false, summary: "The token's role does not allow this endpoint." },
  OPS_ERR_NOT_FOUND: { status: 404, retryable: false, summary: 'No such route, or no such object.' },
  OPS_ERR_CONFLICT: { status: 409, retryable: false, summary: "The object's state does not allow this action: acknowledging a resolved incident, reopening an open one, acting on one merged into another." },
  OPS_ERR_BODY_TOO_LARGE: { status: 413, retryable: false, summary: 'The body is larger than `server.bodyLimitBytes`.' },
  OPS_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, summary: 'The Content-Type is not one this endpoint reads.' },
  OPS_ERR_OVERLOADED: { status: 429, retryable: true, summary: 'The pipeline is behind; nothing was accepted. Retry after `Retry-After` seconds.' },
  OPS_ERR_UNAVAILABLE: { status: 503, retryable: true, summary: 'Storage is unreachable or the server is shutting down; retry after `Retry-After` seconds.' },
  OPS_ERR_INTERNAL: { status: 500, retryable: true, summary: 'An unexpected failure; the message is in the server log, not in the response.' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export interface Issue {
  path: string;
  message: string;
}

export class OpsightError extends Error {
  readonly status: number;
  readonly retryable: boolean;
  /** Seconds a client should wait before retrying (sent as Retry-After). */
  retryAfterSeconds: number | undefined;

  constructor(readonly code: ErrorCode, message: string, readonly issues: Issue[] = []) {
    super(message);
    this.name = 'OpsightError';
    this.status = errorCatalogue[code].status;
    this.retryable = errorCatalogue[code].retryable;
  }
}

/** The body of every error reply, for the OpenAPI description of each route. */
export const errorResponse = z.object({
  error: z.object({
    code: z.string(), message: z.string(), retryable: z.boolean(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
}).meta({ id: 'Error', description: 'Every error reply: a stable code from the catalogue (docs/errors.md), a message, and the fields at fault.' });

export interface ErrorBody {
  error: { code: ErrorCode; message: string; retryable: boolean; issues?: Issue[] };
}

export function errorBody(error: OpsightError): ErrorBody {
  return { error: { code: error.code, message: error.message, retryable: error.retryable, ...(error.issues.length > 0 ? { issues: error.issues } : {}) } };
}

/** Renders a zod-style path (['alerts', 0, 'startsAt']) as `alerts[0].startsAt` under `prefix`. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`), prefix);
}

/** Turns zod issues into one validation error whose message lists every field and problem. */
export function validationError(prefix: string, issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[]): OpsightError {
  const listed: Issue[] = issues.flatMap((issue) => issue.code === 'unrecognized_keys' && issue.keys !== undefined
    ? issue.keys.map((key) => ({ path: formatPath(prefix, [...issue.path, key]), message: 'unknown field' }))
    : [{ path: formatPath(prefix, issue.path), message: issue.message }]);
  const message = listed.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return new OpsightError('OPS_ERR_VALIDATION', message, listed);
}
