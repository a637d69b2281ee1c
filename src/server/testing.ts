/** Test support: the whole server in-process on a store target, with one token per role. */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { InProcessBus } from '../bus/in-process.js';
import type { Subscription } from '../bus/types.js';
import type { Role, Store } from '../store/index.js';
import type { StoreTarget } from '../store/testing.js';
import { buildApp } from './app.js';
import { issueToken } from './auth/tokens.js';
import { startPipeline } from './consumers/events.js';
import type { RunningDetectors } from './consumers/detectors.js';
import { startDetectors } from './consumers/detectors.js';
import { startRedMetrics } from './consumers/red-metrics.js';
import type { MetricFleetOptions } from '../detect/metric-fleet/index.js';
import type { LogWatchOptions } from '../detect/log-watch/index.js';
import type { ListenerLimits } from './listener/limits.js';
import type { DecodedBytesBudget } from '../ingest/decoded-budget.js';
import { createMetrics } from './metrics.js';
import { reportConsumerFailures } from './consumer-failures.js';
import { BusSink } from './bus-sink.js';
import { EVENTS_TOPIC } from './pipeline.js';

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  pipeline: Subscription;
  sink: BusSink;
  detection: RunningDetectors;
  /** Resolves when every consumer has processed what it was given (detection may publish events). */
  settled(): Promise<void>;
  tokens: Record<Role, string>;
  /** Authorization header for a role. */
  as(role: Role): { authorization: string };
  close(): Promise<void>;
}

export interface TestAppOptions {
  bodyLimitBytes?: number;
  incidentWindowMs?: number;
  maxPending?: number;
  detection?: MetricFleetOptions;
  logs?: LogWatchOptions;
  limits?: ListenerLimits;
  openAuth?: boolean;
  decodeBudget?: DecodedBytesBudget;
}

export async function startTestApp(target: StoreTarget, options: TestAppOptions = {}): Promise<TestApp> {
  const location = await target.create();
  const store = await location.open();
  const metrics = createMetrics();
  const logger = pino({ level: 'silent' });
  const bus = new InProcessBus({ journal: store.journal, durableTopics: [EVENTS_TOPIC], onError: reportConsumerFailures(metrics, logger) });
  const sink = new BusSink(bus, metrics, { maxPending: options.maxPending ?? 10_000 });
  const pipeline = await startPipeline(store, bus, metrics, { incidentWindowMs: options.incidentWindowMs ?? 30 * 60_000 });
  const detection = await startDetectors(store, bus, metrics, { metrics: options.detection ?? {}, logs: options.logs ?? {} }, logger);
  const app = await buildApp({ store, sink, metrics, logger, bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024, openAuth: options.openAuth ?? false, isReady: () => true,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.decodeBudget === undefined ? {} : { decodeBudget: options.decodeBudget }),
    logTemplates: (entityId) => detection.watch.templates(entityId) });
  const red = await startRedMetrics(bus);
  const settled = async () => {
    await red.drained();
    await detection.drained();
    await detection.flushEntities();
    await pipeline.drained();
  };
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'responder', 'admin', 'ingest'] as const) tokens[role] = (await issueToken(store, role, role)).token;
  return {
    app, store, pipeline, sink, detection, settled, tokens,
    as: (role) => ({ authorization: `Bearer ${tokens[role]}` }),
    async close() {
      await app.close();
      await bus.close();
      await store.close();
      await location.dispose();
    },
  };
}

/** Polls `probe` until `done` holds (or fails after `timeoutMs`, naming `what` and the last value). */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
