/**
 * Starts what the `prometheus:` config asks opsight to pull: the scrape jobs on their intervals and,
 * once, the backfill of the configured queries. One handle stops both.
 */
import type { SignalSink } from '../sink.js';
import type { OpsightMetrics } from '../../telemetry/metrics.js';
import type { BackfillResult } from './backfill.js';
import { PrometheusBackfill } from './backfill.js';
import type { PrometheusConfig } from './config.js';
import { scheduledTargets } from './scrape-targets.js';
import { PrometheusScraper } from './scraper.js';

export interface PullOptions {
  sink: SignalSink;
  metrics?: OpsightMetrics;
  /** Told when the backfill fails (e.g. log it); the scraper keeps running. */
  onBackfillError?: (error: Error) => void;
}

export interface PrometheusPull {
  /** Undefined when no scrape job is configured. */
  scraper: PrometheusScraper | undefined;
  /** Undefined when `backfill` is not configured. */
  backfill: PrometheusBackfill | undefined;
  /** Settles when the start-up backfill is done: its results, or [] when it failed or is off. */
  backfilled: Promise<BackfillResult[]>;
  stop(): Promise<void>;
}

export function startPrometheusPull(config: PrometheusConfig, options: PullOptions): PrometheusPull {
  const scraper = config.scrape.length === 0 ? undefined
    : new PrometheusScraper(scheduledTargets(config.scrape), { sink: options.sink, ...(options.metrics === undefined ? {} : { metrics: options.metrics }) });
  scraper?.start();
  const backfill = config.backfill === undefined ? undefined : new PrometheusBackfill(config.backfill, { sink: options.sink });
  const backfilled = backfill === undefined ? Promise.resolve([]) : backfill.run().catch((error: unknown) => {
    options.onBackfillError?.(error as Error);
    return [];
  });
  return {
    scraper, backfill, backfilled,
    async stop() {
      backfill?.stop();
      await scraper?.stop();
      await backfilled;
    },
  };
}
