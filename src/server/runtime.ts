/**
 * Runs opsight: opens the store, replays unprocessed events through the pipeline, serves HTTP, and
 * shuts down in order (stop accepting, finish in-flight events, close the store).
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { InProcessBus } from '../bus/in-process.js';
import type { Store } from '../store/index.js';
import { openStore } from '../store/index.js';
import { buildApp } from './app.js';
import { listenerLimitsOf } from './listener/limits.js';
import { DecodedBytesBudget } from '../ingest/decoded-budget.js';
import { issueToken } from './auth/tokens.js';
import { startPipeline } from './consumers/events.js';
import { startDetectors } from './consumers/detectors.js';
import { startRedMetrics } from './consumers/red-metrics.js';
import { createSources } from './sources.js';
import { createMetrics } from './metrics.js';
import { reportConsumerFailures } from './consumer-failures.js';
import { EVENTS_TOPIC } from './pipeline.js';
import { BusSink, LOGS_TOPIC, SAMPLES_TOPIC, SPANS_TOPIC } from './bus-sink.js';

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  /** Base URL the server listens on. */
  url: string;
  /** The admin token created on first start, if this start created one. */
  initialAdminToken: string | undefined;
  close(): Promise<void>;
}

const MAINTENANCE_INTERVAL_MS = 60_000;
const ENTITY_FLUSH_INTERVAL_MS = 10_000;
const PROCESSED_RETENTION_MS = 7 * 24 * 3_600_000;
const DRAIN_TIMEOUT_MS = 10_000;

async function firstStartToken(store: Store, open: boolean): Promise<string | undefined> {
  if (open || (await store.tokens.count()) > 0) return undefined;
  return (await issueToken(store, 'admin', 'initial admin')).token;
}

/** Runs `work` every `ms` without keeping the process alive for it. */
function every(ms: number, work: () => Promise<unknown>): NodeJS.Timeout {
  const timer = setInterval(() => void work(), ms);
  timer.unref();
  return timer;
}

export async function startServer(config: Readonly<Config>, logger: Logger): Promise<RunningServer> {
  const store = await openStore({ driver: config.store.driver, dataDir: config.dataDir, postgresUrl: config.store.postgresUrl, sqliteSynchronous: config.store.sqliteSynchronous });
  const metrics = createMetrics((topic) => bus.depth(topic), [EVENTS_TOPIC, SAMPLES_TOPIC, LOGS_TOPIC, SPANS_TOPIC]);
  const bus = new InProcessBus({ journal: store.journal, durableTopics: [EVENTS_TOPIC], onError: reportConsumerFailures(metrics, logger) });
  const sink = new BusSink(bus, metrics);
  let ready = false;
  const initialAdminToken = await firstStartToken(store, config.auth.open);
  const subscription = await startPipeline(store, bus, metrics, { incidentWindowMs: config.correlate.window });
  const detectors = await startDetectors(store, bus, metrics, { metrics: config.detect.metrics, logs: config.detect.logs }, logger);
  const red = await startRedMetrics(bus, { windowMs: config.detect.traces.window });
  const decodeBudget = new DecodedBytesBudget(config.server.maxInflightDecodedBytes);
  const sources = await createSources(config, { sink, metrics, store, logger, decodeBudget });
  const app = await buildApp({
    store, sink, metrics, logger, bodyLimitBytes: config.server.bodyLimitBytes, limits: listenerLimitsOf(config.server), openAuth: config.auth.open, isReady: () => ready,
    logTemplates: (entityId) => detectors.watch.templates(entityId), otlpMaxDecompressedBytes: config.otlp.maxDecompressedBytes,
    remoteWrite: config.prometheus.remoteWrite, decodeBudget, scrapeTargets: () => sources.pull.scraper?.status() ?? [],
  });
  const checkpoint = () => Promise.all([detectors.checkpoint(), detectors.flushEntities()])
    .catch((error: unknown) => logger.warn({ err: error }, 'detector checkpoint failed; will retry'));
  const timers = [
    every(config.detect.checkpointInterval, checkpoint),
    every(ENTITY_FLUSH_INTERVAL_MS, () => detectors.flushEntities().catch((error: unknown) => logger.warn({ err: error }, 'entity inventory update failed; will retry'))),
    every(MAINTENANCE_INTERVAL_MS, () => Promise.all([
      bus.compact(), store.processed.prune(Date.now() - PROCESSED_RETENTION_MS), store.entities.prune(Date.now() - config.entities.retention),
    ])
      .catch((error: unknown) => logger.warn({ err: error }, 'maintenance failed; will retry'))),
  ];
  ready = true;
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  await sources.listen();
  const url = address.replace('0.0.0.0', '127.0.0.1');

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    for (const timer of timers) clearInterval(timer);
    await sources.stop();
    await app.close();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, DRAIN_TIMEOUT_MS).unref());
    await Promise.race([Promise.all([red.drained(), detectors.drained(), subscription.drained()]), timeout]);
    await checkpoint();
    await bus.close();
    await store.close();
  })());
  return { app, store, url, initialAdminToken, close };
}
