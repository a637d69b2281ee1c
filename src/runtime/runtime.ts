/**
 * The runtime: the bus over the store's journal, the sink ingest hands signals to, and every registered stage
 * behind them. `opsight serve` and the tests build opsight from this one place.
 */
import type { Logger } from 'pino';
import { InProcessBus } from '../bus/in-process.js';
import { Topic, durableTopics } from '../bus/topics.js';
import type { Config } from '../config/schema.js';
import { DecodedBytesBudget } from '../ingest/decoded-budget.js';
import type { AppDependencies } from '../server/app.js';
import { listenerLimitsOf } from '../http/limits.js';
import type { Store } from '../store/index.js';
import type { Alert } from '../signals/index.js';
import { withHealth } from '../topology/health.js';
import type { OpsightMetrics } from '../telemetry/metrics.js';
import { createMetrics } from '../telemetry/metrics.js';
import { BusSink } from './bus-sink.js';
import { reportConsumerFailures } from './consumer-failures.js';
import type { RunningStage } from './stage.js';
import type { RunningStages } from './stages.js';
import { startStages } from './stages.js';
import { IncidentFeed } from '../server/stream/feed.js';

export interface Runtime {
  config: Readonly<Config>;
  store: Store;
  bus: InProcessBus;
  sink: BusSink;
  metrics: OpsightMetrics;
  logger: Logger;
  stages: RunningStages;
  /** Every incident change, for the web UI's live stream. */
  incidentFeed: IncidentFeed;
  /** Bound on expanded (gzip, snappy) request bodies across every listener. */
  decodeBudget: DecodedBytesBudget;
  /** Writes every stage's learned state (and what it holds briefly) to the store. */
  checkpoint(): Promise<void>;
  /** Writes what the stages hold briefly (entities seen) to the store. */
  flush(): Promise<void>;
  /** Resolves when every stage has handled what it was given, including what earlier stages passed on. */
  settled(): Promise<void>;
  /** Lets the stages finish what they hold (for at most `timeoutMs`), checkpoints them, and closes the bus. */
  close(timeoutMs: number): Promise<void>;
}

export async function startRuntime(config: Readonly<Config>, store: Store, logger: Logger): Promise<Runtime> {
  const metrics = createMetrics((topic) => bus.depth(topic), Object.values(Topic));
  const bus: InProcessBus = new InProcessBus({ journal: store.journal, durableTopics, onError: reportConsumerFailures(metrics, logger) });
  const sink = new BusSink(bus, metrics, { maxPending: config.bus.maxPending });
  const stages = await startStages({ config, store, bus, metrics, logger });
  const incidentFeed = new IncidentFeed();
  // Open streams see changes from now on (a reconnecting page reloads its list), so the consumer acknowledges at once.
  await bus.subscribe(Topic.incidents, 'stream', async (delivery) => {
    incidentFeed.publish(delivery.payload);
    await delivery.ack();
  });
  const running: RunningStage[] = Object.values(stages);
  const flush = async () => { await Promise.all(running.map(async (stage) => { await stage.flush?.(); })); };
  const checkpoint = async () => {
    await Promise.all(running.map(async (stage) => {
      await stage.checkpoint?.();
      await stage.flush?.();
    }));
  };
  const settled = async () => {
    for (const stage of running) await stage.drained();
    await flush();
  };
  return {
    config, store, bus, sink, metrics, logger, stages, incidentFeed, decodeBudget: new DecodedBytesBudget(config.server.maxInflightDecodedBytes),
    checkpoint, flush, settled,
    async close(timeoutMs) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([settled(), timeout]);
      await checkpoint();
      await Promise.all(running.map(async (stage) => { await stage.stop?.(); }));
      await bus.close();
    },
  };
}

/** Every firing alert, page by page: what the health of the graph's nodes comes from. */
async function firingAlerts(store: Store): Promise<Alert[]> {
  const firing: Alert[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.alerts.list({ status: 'firing', limit: PAGE, offset });
    firing.push(...page.items);
    if (page.items.length < PAGE) return firing;
  }
}
const PAGE = 1000;

/** What the HTTP app needs of a runtime; `isReady` tells /readyz whether to take traffic. */
export function appDependencies(runtime: Runtime, isReady: () => boolean, scrapeTargets?: AppDependencies['scrapeTargets']): AppDependencies {
  const { config } = runtime;
  return {
    store: runtime.store, sink: runtime.sink, metrics: runtime.metrics, logger: runtime.logger, isReady,
    bodyLimitBytes: config.server.bodyLimitBytes, limits: listenerLimitsOf(config.server), openAuth: config.auth.open,
    otlpMaxDecompressedBytes: config.otlp.maxDecompressedBytes, remoteWrite: config.prometheus.remoteWrite, decodeBudget: runtime.decodeBudget,
    incidentActions: (incidentId, action, by) => runtime.stages.correlate.act(incidentId, action, by),
    logTemplates: (entityId, ids) => runtime.stages.logDetection.watch.templates(entityId, ids),
    series: (entityId) => runtime.stages.metricDetection.fleet.describe(entityId),
    seriesPoints: (query) => runtime.stages.metricDetection.fleet.recentPoints(query),
    incidentFeed: runtime.incidentFeed,
    suppressionChanged: () => runtime.stages.correlate.suppression.changed(),
    notify: runtime.stages.notify,
    topology: async (entityId, depth) => withHealth(runtime.stages.topology.graph.neighbourhood(entityId, depth), await firingAlerts(runtime.store)),
    ...(scrapeTargets === undefined ? {} : { scrapeTargets }),
  };
}
