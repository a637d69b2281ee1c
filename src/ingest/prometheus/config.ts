/**
 * The `prometheus:` section of the configuration: remote-write limits, scrape jobs and backfill
 * from a PromQL API. One zod schema declares, documents, defaults and validates every key.
 */
import { z } from 'zod';
import { durationField } from '../../config/duration.js';
import { targetUrl } from './scrape-targets.js';

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)');

const scrapeTarget = z.string().min(1).refine((target) => {
  try {
    return ['http:', 'https:'].includes(targetUrl(target).protocol);
  } catch {
    return false;
  }
}, 'not an http(s) URL or host:port');

export const scrapeJobSchema = z.strictObject({
  /** The `job` label of every sample of these targets. */
  job: z.string().min(1),
  /** URLs to scrape, or `host:port` (scraped as `http://host:port/metrics`). */
  targets: z.array(scrapeTarget).min(1),
  /** Time between two scrapes of a target. @default "15s" */
  interval: durationField.default(15_000).refine((ms) => ms >= 100, 'must be at least 100ms'),
  /** Time a scrape may take before it counts as failed; at most the interval. @default the smaller of "10s" and the interval */
  timeout: durationField.optional(),
  /** Labels added to every sample of these targets (not `job` or `instance`). @default {} */
  labels: z.record(labelName, z.string()).default({}).refine((labels) => !('job' in labels) && !('instance' in labels), 'job and instance are set by the scraper'),
  /** Largest exposition accepted per scrape, in bytes. @default 16777216 */
  bodyLimitBytes: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
}).refine((job) => job.timeout === undefined || job.timeout <= job.interval, { message: 'timeout must not be longer than interval', path: ['timeout'] })
  .transform((job) => ({ ...job, timeout: job.timeout ?? Math.min(10_000, job.interval) }));

const backfillQuery = z.union([
  z.string().min(1).transform((query) => ({ query, name: undefined as string | undefined })),
  z.strictObject({
    /** A PromQL selector or expression. */
    query: z.string().min(1),
    /** Metric name for results without `__name__` (e.g. of `rate(...)`). @default the query */
    name: z.string().min(1).optional(),
  }),
]);

export const backfillSchema = z.strictObject({
  /** Base URL of a Prometheus-compatible query API (Prometheus, Thanos, Mimir, VictoriaMetrics). */
  url: z.url({ protocol: /^https?$/ }),
  /** How far back from now the configured queries are fetched. @default "7d" */
  lookback: durationField.default(7 * 86_400_000),
  /** Resolution of the fetched series. @default "1m" */
  step: durationField.default(60_000).refine((ms) => ms >= 1000, 'must be at least 1s'),
  /** Queries backfilled when opsight starts: PromQL selectors or `{ query, name }`. @default [] */
  queries: z.array(backfillQuery).default([]),
  /** Sent as `Authorization: Bearer <token>`. */
  bearerToken: z.string().min(1).optional(),
  /** Extra request headers, e.g. `X-Scope-OrgID`. @default {} */
  headers: z.record(z.string(), z.string()).default({}),
  /** Time one request may take. @default "60s" */
  timeout: durationField.default(60_000),
});

const limit = (min: number) => z.coerce.number().int().min(min);

/** Remote-write limits: each bounds the work one request can cause; a request over one gets 400 naming the key. */
export const remoteWriteSchema = z.strictObject({
  /** Largest decompressed WriteRequest accepted, in bytes (the compressed body is limited by `server.bodyLimitBytes`). @default 33554432 */
  maxDecodedBytes: limit(1024).default(32 * 1024 * 1024),
  /** Most timeseries in one request (metadata entries are counted against it separately); Prometheus sends at most 2000 samples per request by default. @default 100000 */
  maxSeriesPerRequest: limit(1).default(100_000),
  /** Most samples in one request, all series together. @default 1000000 */
  maxSamplesPerRequest: limit(1).default(1_000_000),
  /** Most labels in one series, `__name__` included (Prometheus's `label_limit`). @default 128 */
  maxLabelsPerSeries: limit(1).default(128),
  /** Longest label name, in UTF-8 bytes (Prometheus's `label_name_length_limit`). @default 1024 */
  maxLabelNameBytes: limit(1).default(1024),
  /** Longest label value, `__name__`'s included, in UTF-8 bytes (Prometheus's `label_value_length_limit`). @default 4096 */
  maxLabelValueBytes: limit(1).default(4096),
});

/** Every remote-write key at its default. */
export const remoteWriteDefaults = remoteWriteSchema.parse({});

export const prometheusConfigSchema = z.strictObject({
  remoteWrite: remoteWriteSchema.prefault({}),
  /** Targets opsight scrapes itself, like Prometheus's `scrape_configs`. @default [] */
  scrape: z.array(scrapeJobSchema).default([]).refine((jobs) => new Set(jobs.map((job) => job.job)).size === jobs.length, 'job names must be unique'),
  /** History fetched from a PromQL API; off when absent. */
  backfill: backfillSchema.optional(),
}).prefault({});

export type PrometheusConfig = z.infer<typeof prometheusConfigSchema>;
export type RemoteWriteConfig = z.infer<typeof remoteWriteSchema>;
export type ScrapeJobConfig = z.infer<typeof scrapeJobSchema>;
export type BackfillConfig = z.infer<typeof backfillSchema>;
