/**
 * Backfills series history from a PromQL API into the sink (source `prometheus_backfill`), one
 * batch per chunk, waiting and retrying a chunk while the pipeline reports it is behind.
 */
import type { Clock, Sample } from '../../signals/index.js';
import { systemClock } from '../../signals/index.js';
import type { SignalSink } from '../sink.js';
import { OverloadedError } from '../sink.js';
import type { BackfillConfig } from './config.js';
import type { RangeQuery } from './query-range-client.js';
import { QueryRangeClient } from './query-range-client.js';
import type { Timers } from './timers.js';
import { systemTimers } from './timers.js';

export const BACKFILL_SOURCE = 'prometheus_backfill';

export interface BackfillOptions {
  sink: SignalSink;
  clock?: Clock;
  timers?: Timers;
  fetch?: typeof fetch;
  /** Attempts per chunk while the sink is overloaded. @default 10 */
  maxAttempts?: number;
}

export interface BackfillResult {
  query: string;
  samples: number;
  chunks: number;
  /** Points skipped for NaN or ±Inf values. */
  skipped: number;
  warnings: string[];
}

export class PrometheusBackfill {
  private readonly client: QueryRangeClient;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private stopped = false;

  constructor(private readonly config: BackfillConfig, private readonly options: BackfillOptions) {
    this.client = new QueryRangeClient({
      url: config.url, headers: config.headers, timeoutMs: config.timeout, fetch: options.fetch ?? fetch,
      ...(config.bearerToken === undefined ? {} : { bearerToken: config.bearerToken }),
    });
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
  }

  /** Stops after the chunk in hand: the rest of the range is not fetched. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs every configured query over the lookback window ending now; throws QueryRangeError on the first failing one. */
  async run(): Promise<BackfillResult[]> {
    const end = this.clock.now();
    const results: BackfillResult[] = [];
    for (const { query, name } of this.config.queries) {
      if (this.stopped) break;
      results.push(await this.backfill({ query, range: { start: end - this.config.lookback, end }, stepMs: this.config.step, ...(name === undefined ? {} : { name }) }));
    }
    return results;
  }

  /** Fetches one query's range chunk by chunk and hands each chunk to the sink. */
  async backfill(request: Omit<RangeQuery, 'stepMs'> & { stepMs?: number }): Promise<BackfillResult> {
    const result: BackfillResult = { query: request.query, samples: 0, chunks: 0, skipped: 0, warnings: [] };
    for await (const chunk of this.client.chunks({ ...request, stepMs: request.stepMs ?? this.config.step })) {
      if (this.stopped) break;
      if (chunk.samples.length > 0) await this.hand(chunk.samples);
      result.samples += chunk.samples.length;
      result.skipped += chunk.skipped;
      result.chunks++;
      result.warnings.push(...chunk.warnings);
    }
    return result;
  }

  private async hand(samples: Sample[]): Promise<void> {
    const attempts = this.options.maxAttempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.sink.accept(BACKFILL_SOURCE, { samples });
        return;
      } catch (error) {
        if (!(error instanceof OverloadedError) || attempt >= attempts) throw error;
        await new Promise<void>((resolve) => this.timers.setTimeout(resolve, error.retryAfterSeconds * 1000));
      }
    }
  }
}
