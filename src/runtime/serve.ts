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
  /** The admin token created on first start, if this start created one: only once every listener listens, so a failed start creates none. */
  initialAdminToken: string | undefined;
  /** Tokens exist but no active one was ever used: whoever started opsight may have lost the first start's admin token. */
  noTokenUsedYet: boolean;
  close(): Promise<void>;
}

const MAINTENANCE_INTERVAL_MS = 60_000;
const ENTITY_FLUSH_INTERVAL_MS = 10_000;
/** How often incidents whose quiet period ended are resolved when no event arrives to do it (their resolution time is exact regardless). */
const QUIET_CHECK_INTERVAL_MS = 10_000;
const PROCESSED_RETENTION_MS = 7 * 24 * 3_600_000;
const DRAIN_TIMEOUT_MS = 10_000;

type AdminAccess = Pick<RunningServer, 'initialAdminToken' | 'noTokenUsedYet'>;

/** Creates the admin token of a first start (no token yet), or tells whether no token was ever used. */
async function adminAccess(store: Store, open: boolean): Promise<AdminAccess> {
  if (open) return { initialAdminToken: undefined, noTokenUsedYet: false };
  if ((await store.tokens.count()) === 0) return { initialAdminToken: (await issueToken(store, 'admin', 'initial admin')).token, noTokenUsedYet: false };
  const tokens = await store.tokens.list();
  return { initialAdminToken: undefined, noTokenUsedYet: tokens.every((token) => token.lastUsedAt === null || token.revokedAt !== null) };
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
  const runtime = await startRuntime(config, store, logger);
  const sources = await createSources(config, { sink: runtime.sink, metrics: runtime.metrics, store, logger, decodeBudget: runtime.decodeBudget });
  const app = await buildApp(appDependencies(runtime, () => ready, () => sources.pull.scraper?.status() ?? []));
  const retry = (what: string) => (error: unknown) => logger.warn({ err: error }, `${what} failed; will retry`);
  const timers = [
    every(config.detect.checkpointInterval, () => runtime.checkpoint().catch(retry('detector checkpoint'))),
    every(ENTITY_FLUSH_INTERVAL_MS, () => runtime.flush().catch(retry('entity inventory update'))),
    every(QUIET_CHECK_INTERVAL_MS, () => runtime.stages.correlate.settleQuiet().catch(retry('resolving quiet incidents'))),
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
  let access: AdminAccess;
  try {
    address = await listenAs({ name: 'API listener', section: 'server', host, port }, () => app.listen({ host, port }));
    await sources.listen();
    access = await adminAccess(store, config.auth.open);
  } catch (error) {
    await close();
    throw error;
  }
  const url = address.replace('0.0.0.0', '127.0.0.1');
  return { app, store, url, ...access, close };
}
