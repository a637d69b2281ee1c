/**
 * What an OTLP/HTTP body is: its encoding from Content-Type (protobuf or JSON, else 415) and its
 * bytes after Content-Encoding (gzip or none). Decompression is bounded, so a small gzip body
 * cannot expand into an unbounded buffer (413 instead).
 */
import { OpsightError } from '../../http/errors.js';
import type { DecodeLease } from '../decoded-budget.js';
import { ExpandedTooLargeError, budgetRefusal, gunzipWithin } from '../decoded-budget.js';

export type OtlpEncoding = 'protobuf' | 'json';

/** The encoding a Content-Type names, or undefined when OTLP/HTTP does not define it. */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const media = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return undefined;
}

export function requireEncoding(contentType: string | undefined): OtlpEncoding {
  const encoding = encodingOf(contentType);
  if (encoding !== undefined) return encoding;
  throw new OpsightError('OPS_ERR_UNSUPPORTED_MEDIA_TYPE',
    `OTLP/HTTP bodies must be application/x-protobuf or application/json, not ${contentType === undefined ? 'a body without Content-Type' : JSON.stringify(contentType)}`);
}

/**
 * The body's bytes once Content-Encoding is undone; `maxBytes` bounds the decompressed size, and
 * `lease` holds the expanded bytes against the budget shared by all requests (429 when spent).
 */
export async function decodedBody(raw: Buffer, contentEncoding: string | undefined, maxBytes: number, lease: DecodeLease): Promise<Buffer> {
  const coding = contentEncoding?.trim().toLowerCase() ?? 'identity';
  if (coding === 'identity' || coding === '') return raw;
  if (coding !== 'gzip' && coding !== 'x-gzip') {
    throw new OpsightError('OPS_ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${JSON.stringify(contentEncoding)} is not supported: send gzip or no encoding`);
  }
  try {
    return await gunzipWithin(raw, maxBytes, lease);
  } catch (error) {
    if (error instanceof ExpandedTooLargeError) {
      throw new OpsightError('OPS_ERR_BODY_TOO_LARGE', `the gzip body expands past ${maxBytes} bytes (otlp.maxDecompressedBytes)`);
    }
    const refusal = budgetRefusal(error, 'OPS_ERR_OVERLOADED');
    if (refusal !== error) throw refusal;
    throw new OpsightError('OPS_ERR_VALIDATION', `the body is not valid gzip (Content-Encoding: gzip): ${(error as Error).message}`);
  }
}
