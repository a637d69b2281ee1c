/**
 * One memory budget for request bodies once expanded (gzip, snappy), shared by every ingest route
 * and listener: each request's own limit caps one body, this caps them all together, so many small
 * compressed bodies arriving at once cannot expand into gigabytes. Bytes are taken while a body is
 * decoded and given back when its request is done. Not thread-safe; one event loop owns it.
 */
import { createGunzip } from 'node:zlib';
import type { ErrorCode } from '../http/errors.js';
import { OpsightError } from '../http/errors.js';
import { OverloadedError } from './sink.js';

/** Seconds a refused sender should wait: expanded bodies live for one request, so room frees quickly. */
const RETRY_AFTER_SECONDS = 1;

export class DecodedBytesBudget {
  private used = 0;

  /** @param limitBytes expanded bytes allowed in flight across all requests */
  constructor(readonly limitBytes: number) {}

  get inUse(): number {
    return this.used;
  }

  /** Takes `bytes` for a body being expanded; throws OverloadedError when that would pass the limit. */
  take(bytes: number): void {
    if (this.used + bytes > this.limitBytes) {
      throw new OverloadedError(RETRY_AFTER_SECONDS,
        `opsight is expanding too many compressed bodies at once (server.maxInflightDecodedBytes = ${this.limitBytes}); retry later`);
    }
    this.used += bytes;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  /** A lease on this budget; its holder releases it. */
  lease(): DecodeLease {
    return new DecodeLease(this);
  }

  /** Runs `work` with a lease whose bytes all come back when it settles. */
  async withLease<T>(work: (lease: DecodeLease) => Promise<T>): Promise<T> {
    const lease = this.lease();
    try {
      return await work(lease);
    } finally {
      lease.release();
    }
  }
}

/** The bytes one request holds of the budget. */
export class DecodeLease {
  private held = 0;

  constructor(private readonly budget: DecodedBytesBudget) {}

  take(bytes: number): void {
    this.budget.take(bytes);
    this.held += bytes;
  }

  release(): void {
    this.budget.give(this.held);
    this.held = 0;
  }
}

/** The gzip body would expand past the per-request limit. */
export class ExpandedTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the gzip body expands past ${limitBytes} bytes`);
    this.name = 'ExpandedTooLargeError';
  }
}

/**
 * Gunzips `raw` chunk by chunk, taking each chunk from `lease` as it appears, so a request holds
 * only what it has expanded so far; past `maxBytes` it stops with ExpandedTooLargeError, and when
 * the shared budget is spent with OverloadedError. Other failures are zlib's (not valid gzip).
 */
export function gunzipWithin(raw: Buffer, maxBytes: number, lease: DecodeLease): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip({ chunkSize: 64 * 1024 });
    const chunks: Buffer[] = [];
    let total = 0;
    const fail = (error: Error) => {
      gunzip.destroy();
      reject(error);
    };
    gunzip.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) return fail(new ExpandedTooLargeError(maxBytes));
      try {
        lease.take(chunk.length);
      } catch (error) {
        return fail(error as Error);
      }
      chunks.push(chunk);
    });
    gunzip.on('error', reject);
    gunzip.on('end', () => {
      if (chunks.length === 1) return resolve(chunks[0] as Buffer);
      // Joining copies: until the chunks are collected the body is held twice.
      try {
        lease.take(total);
        resolve(Buffer.concat(chunks, total));
      } catch (error) {
        fail(error as Error);
      }
    });
    gunzip.end(raw);
  });
}

/**
 * The API error for a spent budget: 429 for most clients, 503 for those that retry only 5xx
 * (Prometheus), with Retry-After either way; anything else is passed through.
 */
export function budgetRefusal(error: unknown, code: Extract<ErrorCode, 'OPS_ERR_OVERLOADED' | 'OPS_ERR_UNAVAILABLE'>): unknown {
  if (!(error instanceof OverloadedError)) return error;
  const refused = new OpsightError(code, error.message);
  refused.retryAfterSeconds = error.retryAfterSeconds;
  return refused;
}
