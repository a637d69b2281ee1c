/**
 * How an HTTP ingest route hands a batch to the sink: failures become the status codes senders
 * retry on. Prometheus retries only 5xx, so a route may ask for 503 instead of 429 on overload.
 */
import type { SignalBatch, SignalSink } from '../ingest/sink.js';
import { OverloadedError } from '../ingest/sink.js';
import { OpsightError } from './errors.js';

export interface AcceptOptions {
  /** Status on overload: 429 (most clients) or 503 (clients that retry only 5xx). @default 429 */
  overloadStatus?: 429 | 503;
}

export async function acceptOrThrow(sink: SignalSink, source: string, batch: SignalBatch, options: AcceptOptions = {}): Promise<void> {
  try {
    await sink.accept(source, batch);
  } catch (error) {
    if (error instanceof OverloadedError) {
      const refused = new OpsightError(options.overloadStatus === 503 ? 'OPS_ERR_UNAVAILABLE' : 'OPS_ERR_OVERLOADED', error.message);
      refused.retryAfterSeconds = error.retryAfterSeconds;
      throw refused;
    }
    throw new OpsightError('OPS_ERR_UNAVAILABLE', `could not store the data: ${(error as Error).message}`);
  }
}
