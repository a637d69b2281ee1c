/**
 * Runs opsight: opens the store, starts the runtime (the bus and every stage, which replays unprocessed
 * events), serves HTTP and the ingest listeners, and shuts down in order (stop accepting, finish in-flight
 * work, checkpoint, close the store).
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/index.js';
import { openStore } from '../store/index.js';
import { buildApp } from '../server/app.js';
import { issueToken } from '../server/auth/tokens.js';
import { appDependencies, startRuntime } from './runtime.js';
import { createSources } from './sources.js';
import { listenAs } from '../ingest/listen-error.js';

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
  let ready = false;
  const initialAdminToken = await firstStartToken(store, config.auth.open);
  const runtime = await startRuntime(config, store, logger);
  const sources = await createSources(config, { sink: runtime.sink, metrics: runtime.metrics, store, logger, decodeBudget: runtime.decodeBudget });
  const app = await buildApp(appDependencies(runtime, () => ready, () => sources.pull.scraper?.status() ?? []));
  const retry = (what: string) => (error: unknown) => logger.warn({ err: error }, `${what} failed; will retry`);
  const timers = [
    every(config.detect.checkpointInterval, () => runtime.checkpoint().catch(retry('detector checkpoint'))),
    every(ENTITY_FLUSH_INTERVAL_MS, () => runtime.flush().catch(retry('entity inventory update'))),
    every(MAINTENANCE_INTERVAL_MS, () => Promise.all([
      runtime.bus.compact(), store.processed.prune(Date.now() - PROCESSED_RETENTION_MS), store.entities.prune(Date.now() - config.entities.retention),
    ]).catch(retry('maintenance'))),
  ];
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    for (const timer of timers) clearInterval(timer);
    await sources.stop();
    await app.close();
    await runtime.close(DRAIN_TIMEOUT_MS).catch((error: unknown) => logger.warn({ err: error }, 'the final checkpoint failed'));
    await store.close();
  })());
  ready = true;
  const { host, port } = config.server;
  let address: string;
  try {
    address = await listenAs({ name: 'API listener', section: 'server', host, port }, () => app.listen({ host, port }));
    await sources.listen();
  } catch (error) {
    await close();
    throw error;
  }
  const url = address.replace('0.0.0.0', '127.0.0.1');
  return { app, store, url, initialAdminToken, close };
}
