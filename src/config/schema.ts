/**
 * The configuration: one schema that declares, documents and defaults every key. Loaded from YAML,
 * overridden by environment variables and flags, validated once at start-up, then frozen.
 */
import { z } from 'zod';
import { durationField } from './duration.js';
import { metricFleetConfigSchema } from '../detect/metric-fleet/fleet-config.js';
import { logWatchConfigSchema } from '../detect/log-watch/log-watch-config.js';
import { syslogConfigSchema } from '../ingest/syslog/config.js';
import { filesConfigSchema } from '../ingest/file/config.js';
import { otlpConfigSchema, otlpEnvironmentKeys } from '../ingest/otlp/config.js';
import { prometheusConfigSchema } from '../ingest/prometheus/config.js';
import { entitiesConfigSchema } from '../store/entity-retention-config.js';
import { topologyConfigSchema } from '../topology/topology-config.js';
import { correlateConfigSchema } from '../correlate/correlate-config.js';
import { notifyConfigSchema } from '../notify/config.js';

export const configSchema = z.strictObject({
  server: z.strictObject({
    /** Address every listener binds (API, OTLP, syslog) unless its section sets its own `host`. @default "0.0.0.0" */
    host: z.string().min(1).default('0.0.0.0'),
    /** HTTP port of the API, UI and ingest endpoints. @default 8080 */
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Largest request body accepted, in bytes. @default 10485760 */
    bodyLimitBytes: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(10 * 1024 * 1024),
    /** Longest a client may take to send a whole request, headers and body (also on the OTLP port); "0s" turns it off. @default "60s" */
    requestTimeout: durationField.default(60_000),
    /** Longest a client may take to send the request headers. @default "10s" */
    headersTimeout: durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(10_000),
    /** A connection silent this long (idle keep-alive, or stalled mid-request) is closed. @default "75s" */
    idleTimeout: durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(75_000),
    /** Most open connections per HTTP listener; more are closed on arrival. @default 1024 */
    maxConnections: z.coerce.number().int().min(1).max(1_000_000).default(1024),
    /** Memory that gzip and snappy bodies may take once expanded, across all requests in flight, in bytes; past it requests get 503 and are retried. @default 268435456 */
    maxInflightDecodedBytes: z.coerce.number().int().min(1024 * 1024).max(64 * 1024 * 1024 * 1024).default(256 * 1024 * 1024),
  }).prefault({}),
  /** Folder of the embedded database and other local state. @default "./data" */
  dataDir: z.string().min(1).default('./data'),
  store: z.strictObject({
    /** `sqlite` (embedded, in dataDir) or `postgres`. @default "sqlite" */
    driver: z.enum(['sqlite', 'postgres']).default('sqlite'),
    /** PostgreSQL connection URL; required when driver is postgres. */
    postgresUrl: z.string().min(1).optional(),
    /** SQLite: `full` syncs every commit to disk, so nothing acknowledged is lost on power loss; `normal` is faster and survives only a process crash. @default "full" */
    sqliteSynchronous: z.enum(['full', 'normal']).default('full'),
  }).prefault({}).refine((store) => store.driver !== 'postgres' || store.postgresUrl !== undefined, {
    message: 'postgresUrl is required when driver is postgres', path: ['postgresUrl'],
  }),
  auth: z.strictObject({
    /** Serve without tokens (local demos only: anyone who can reach the port is admin). @default false */
    open: z.stringbool().or(z.boolean()).default(false),
  }).prefault({}),
  bus: z.strictObject({
    /** Messages of a topic waiting for its slowest consumer at which ingest of that signal is refused (429/503 with Retry-After). */
    maxPending: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  }).prefault({}),
  /** Incident grouping, the incident life cycle and grouping rules (see docs/incidents.md). */
  correlate: correlateConfigSchema.prefault({}),
  /** Prometheus remote write limits, scrape targets and PromQL backfill (see docs/ingest-prometheus.md). */
  prometheus: prometheusConfigSchema,
  /** OTLP/HTTP on its own port (the main port serves /v1/* too); port 0 turns the extra listener off (see docs/ingest-otlp.md). */
  otlp: otlpConfigSchema.prefault({}),
  /** Syslog receiver, RFC 5424 and 3164 over UDP and TCP (see docs/ingest-logs.md). */
  syslog: syslogConfigSchema.prefault({}),
  /** Log files to tail (see docs/ingest-logs.md). */
  files: filesConfigSchema.prefault({}),
  detect: z.strictObject({
    /** Metric anomaly detection across every series (see docs/detection.md). */
    metrics: metricFleetConfigSchema.prefault({}),
    /** Log template mining and log anomalies (see docs/bench-loghub.md). */
    logs: logWatchConfigSchema.prefault({}),
    traces: z.strictObject({
      /** Window of event time of the RED metrics (rate, errors, latency) computed from spans. @default "1m" */
      window: durationField.default(60_000),
    }).prefault({}),
    /** How often learned detector state is written to the store (it is also written on shutdown). @default "5m" */
    checkpointInterval: durationField.default(5 * 60_000),
  }).prefault({}),
  /** Entity inventory: how long an entity not seen any more is kept (see docs/detection.md). */
  entities: entitiesConfigSchema.prefault({}),
  /** The service graph: edge lifetime, bound, and edges declared by hand (see docs/topology.md). */
  topology: topologyConfigSchema.prefault({}),
  /** Notifications: receivers, routing, escalation, on-call schedules (see docs/notify.md). */
  notify: notifyConfigSchema.prefault({}),
  log: z.strictObject({
    /** pino level: trace, debug, info, warn, error, fatal. @default "info" */
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  }).prefault({}),
}).transform((config) => ({
  ...config,
  otlp: withHost(config.otlp, config.server.host),
  syslog: withHost(config.syslog, config.server.host),
}));

/** A listener's section with its address settled: its own `host`, else the server's. */
function withHost<Section extends { host?: string | undefined }>(section: Section, serverHost: string): Section & { host: string } {
  return { ...section, host: section.host ?? serverHost };
}

export type Config = z.infer<typeof configSchema>;
/** Settings as written in a config file: every key optional, durations as text or milliseconds. */
export type ConfigInput = z.input<typeof configSchema>;

/** Environment variables and the config key each one sets. */
export const environmentKeys: Record<string, string[]> = {
  OPSIGHT_HOST: ['server', 'host'],
  OPSIGHT_PORT: ['server', 'port'],
  OPSIGHT_BODY_LIMIT_BYTES: ['server', 'bodyLimitBytes'],
  OPSIGHT_REQUEST_TIMEOUT: ['server', 'requestTimeout'],
  OPSIGHT_MAX_CONNECTIONS: ['server', 'maxConnections'],
  OPSIGHT_DATA_DIR: ['dataDir'],
  OPSIGHT_STORE: ['store', 'driver'],
  OPSIGHT_POSTGRES_URL: ['store', 'postgresUrl'],
  OPSIGHT_SQLITE_SYNCHRONOUS: ['store', 'sqliteSynchronous'],
  OPSIGHT_OPEN: ['auth', 'open'],
  OPSIGHT_INCIDENT_WINDOW: ['correlate', 'window'],
  OPSIGHT_LOG_LEVEL: ['log', 'level'],
  OPSIGHT_SYSLOG_PORT: ['syslog', 'port'],
  ...otlpEnvironmentKeys,
};
