/**
 * OTLP/HTTP response bodies in the request's encoding: Export*ServiceResponse (with
 * partial_success when items were rejected) and google.rpc.Status for failures. JSON Status
 * bodies also carry opsight's usual `error` object, which OTLP clients ignore.
 */
import { z } from 'zod';
import type { ErrorBody } from '../../http/errors.js';
import { errorResponse } from '../../http/errors.js';
import type { OtlpEncoding } from './content.js';
import { WireWriter } from '../protobuf/writer.js';

export type SignalName = 'traces' | 'metrics' | 'logs';

/** ExportXPartialSuccess { int64 rejected_x = 1; string error_message = 2 }, by JSON name. */
const rejectedName: Record<SignalName, string> = { traces: 'rejectedSpans', metrics: 'rejectedDataPoints', logs: 'rejectedLogRecords' };

export interface ResponseBody {
  contentType: string;
  body: Buffer | string;
}

const contentTypes: Record<OtlpEncoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

/** Export*ServiceResponse { ExportXPartialSuccess partial_success = 1 }; empty when all was accepted. */
export function exportResponse(signal: SignalName, encoding: OtlpEncoding, rejected: number, errorMessage: string): ResponseBody {
  const contentType = contentTypes[encoding];
  if (encoding === 'json') {
    const body = rejected === 0 ? {} : { partialSuccess: { [rejectedName[signal]]: String(rejected), errorMessage } };
    return { contentType, body: JSON.stringify(body) };
  }
  const response = new WireWriter();
  if (rejected > 0) response.message(1, (partial) => partial.varint(1, rejected).string(2, errorMessage));
  return { contentType, body: response.finish() };
}

/** gRPC status codes that match our HTTP statuses, for google.rpc.Status.code. */
const grpcCodes: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 413: 3, 415: 3, 429: 8, 500: 13, 503: 14 };

/** google.rpc.Status { int32 code = 1; string message = 2; repeated Any details = 3 } */
export function statusResponse(encoding: OtlpEncoding, httpStatus: number, error: ErrorBody): ResponseBody {
  const code = grpcCodes[httpStatus] ?? 2;
  const message = `${error.error.code}: ${error.error.message}`;
  const contentType = contentTypes[encoding];
  if (encoding === 'json') return { contentType, body: JSON.stringify({ code, message, details: [], ...error }) };
  return { contentType, body: new WireWriter().varint(1, code).string(2, message).finish() };
}

/** google.rpc.Status as JSON: the OTLP fields, and the `error` object of every opsight error. */
const statusJson = errorResponse.extend({
  code: z.number().int().describe('The gRPC status code'),
  message: z.string().describe('The catalogue code, then what is wrong'),
  details: z.array(z.unknown()),
}).meta({ id: 'OtlpStatus', description: 'google.rpc.Status, with the `error` object of every opsight error' });
const protobufBody = z.string().meta({ format: 'binary' });
const failure = {
  description: 'google.rpc.Status, in the encoding of the request (JSON when OTLP/HTTP defines none for it)',
  content: { 'application/json': { schema: statusJson }, 'application/x-protobuf': { schema: protobufBody } },
};

/** What the OpenAPI document shows of a route's answers: each in the encoding of the request, as OTLP/HTTP has it. */
export function responseDocs(signal: SignalName) {
  const exported = z.object({
    partialSuccess: z.object({ [rejectedName[signal]]: z.string().describe('How many were rejected (an int64, as text)'), errorMessage: z.string() })
      .optional().describe('Present when some were rejected; the rest were accepted'),
  });
  const success = {
    description: 'Accepted (all, or all but those partial_success names)',
    content: { 'application/json': { schema: exported }, 'application/x-protobuf': { schema: protobufBody } },
  };
  return { 200: success, ...Object.fromEntries([400, 401, 403, 413, 415, 429, 503].map((status) => [status, failure])) };
}
