/**
 * Prometheus ingest: the remote write 1.0 receiver, the scraper, PromQL range-query backfill, and
 * the `prometheus:` config section.
 *
 * ```ts
 * const { maxDecodedBytes, ...limits } = config.prometheus.remoteWrite;
 * await app.register(prometheusRoutes, { sink, metrics, maxDecodedBytes, limits });
 * const pull = startPrometheusPull(config.prometheus, { sink, metrics, onBackfillError: (e) => log.warn(e) });
 * // on shutdown: await pull.stop();
 * ```
 */
export { prometheusRoutes, RemoteWriteRejected, REMOTE_WRITE_SOURCE } from './remote-write-routes.js';
export type { PrometheusRoutesOptions } from './remote-write-routes.js';
export { encodeWriteRequest, encodeWriteRequestProto, seriesOfSamples } from './encode-write-request.js';
export type { WriteMetadata, WritePoint, WriteSeries } from './encode-write-request.js';
export { prometheusConfigSchema, scrapeJobSchema, backfillSchema, remoteWriteDefaults } from './config.js';
export type { BackfillConfig, PrometheusConfig, RemoteWriteConfig, ScrapeJobConfig } from './config.js';
export { startPrometheusPull } from './pull.js';
export type { PrometheusPull, PullOptions } from './pull.js';
export { PrometheusScraper, SCRAPE_SOURCE } from './scraper.js';
export type { ScraperOptions, TargetStatus } from './scraper.js';
export { scheduledTargets } from './scrape-targets.js';
export type { ScheduledTarget } from './scrape-targets.js';
export { PrometheusBackfill, BACKFILL_SOURCE } from './backfill.js';
export type { BackfillOptions, BackfillResult } from './backfill.js';
export { QueryRangeClient } from './query-range-client.js';
export type { QueryRangeClientOptions, RangeQuery } from './query-range-client.js';
export { QueryRangeError, PROMETHEUS_MAX_POINTS, planChunks, samplesOfMatrix } from './query-range.js';
export { ExpositionError, parseExposition } from './exposition-parser.js';
export type { Exposition, ExpositionSample } from './exposition-parser.js';
export type { Timers } from './timers.js';
