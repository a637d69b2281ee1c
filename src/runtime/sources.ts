/**
 * The ingest sources that are not routes of the main HTTP server: the OTLP port, syslog, log
 * files, and Prometheus scraping and backfill. Started after the pipeline, stopped before it.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { SignalSink } from '../ingest/sink.js';
import type { Store } from '../store/index.js';
import { FileSource } from '../ingest/file/index.js';
import { buildOtlpServer } from '../server/otlp-listener.js';
import type { PrometheusPull } from '../ingest/prometheus/index.js';
import { startPrometheusPull } from '../ingest/prometheus/index.js';
import { SyslogServer } from '../ingest/syslog/index.js';
import type { DecodedBytesBudget } from '../ingest/decoded-budget.js';
import { listenerLimitsOf } from '../http/limits.js';
import { listenAs } from '../ingest/listen-error.js';
import type { OpsightMetrics } from '../telemetry/metrics.js';

export interface Sources {
  pull: PrometheusPull;
  /** Opens the listeners and starts following files. */
  listen(): Promise<void>;
  stop(): Promise<void>;
}

/** What the sources share with the rest of the server. */
export interface SourceDependencies {
  sink: SignalSink;
  metrics: OpsightMetrics;
  store: Store;
  logger: Logger;
  decodeBudget: DecodedBytesBudget;
}

export async function createSources(config: Readonly<Config>, { sink, metrics, store, logger, decodeBudget }: SourceDependencies): Promise<Sources> {
  const syslog = new SyslogServer({ config: config.syslog, sink, metrics, logger });
  const files = new FileSource({ config: config.files, dataDir: config.dataDir, sink, metrics, logger });
  const pull = startPrometheusPull(config.prometheus, {
    sink, metrics, onBackfillError: (error) => logger.warn({ err: error }, 'PromQL backfill failed; detectors start cold'),
  });
  const otlp: FastifyInstance | undefined = config.otlp.enabled && config.otlp.port !== 0
    ? await buildOtlpServer({
      sink, metrics, logger, bodyLimitBytes: config.server.bodyLimitBytes, maxDecompressedBytes: config.otlp.maxDecompressedBytes,
      auth: { store, open: config.auth.open }, decodeBudget, limits: listenerLimitsOf(config.server),
    })
    : undefined;
  return {
    pull,
    async listen() {
      const { host, port } = config.otlp;
      if (otlp !== undefined) await listenAs({ name: 'OTLP listener', section: 'otlp', host, port }, () => otlp.listen({ host, port }));
      await syslog.start();
      await files.start();
    },
    async stop() {
      await Promise.all([syslog.stop(), files.stop(), otlp?.close(), pull.stop()]);
    },
  };
}
