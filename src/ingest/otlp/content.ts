/**
 * What an OTLP/HTTP body is: its encoding from Content-Type (protobuf or JSON, else 415) and its
 * bytes after Content-Encoding (gzip or none). Decompression is bounded, so a small gzip body
 * cannot expand into an unbounded buffer (413 instead).
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { OpsightError } from '../../server/errors.js';

export type OtlpEncoding = 'protobuf' | 'json';

const gunzipAsync = promisify(gunzip);

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

/** The body's bytes once Content-Encoding is undone; `maxBytes` bounds the decompressed size. */
export async function decodedBody(raw: Buffer, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const coding = contentEncoding?.trim().toLowerCase() ?? 'identity';
  if (coding === 'identity' || coding === '') return raw;
  if (coding !== 'gzip' && coding !== 'x-gzip') {
    throw new OpsightError('OPS_ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${JSON.stringify(contentEncoding)} is not supported: send gzip or no encoding`);
  }
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new OpsightError('OPS_ERR_BODY_TOO_LARGE', `the gzip body expands past ${maxBytes} bytes (otlp.maxDecompressedBytes)`);
    }
    throw new OpsightError('OPS_ERR_VALIDATION', `the body is not valid gzip (Content-Encoding: gzip): ${(error as Error).message}`);
  }
}
