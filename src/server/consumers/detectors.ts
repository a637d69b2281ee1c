/** The detectors the server runs behind the bus, adapted to the one shape startDetection takes. */
import { randomUUID } from 'node:crypto';
import type { LogRecord, Sample } from '../../signals/index.js';
import type { MetricFleetOptions } from '../../detect/metric-fleet/index.js';
import { MetricFleet } from '../../detect/metric-fleet/index.js';
import type { LogWatchOptions } from '../../detect/log-watch/index.js';
import { LogWatch } from '../../detect/log-watch/index.js';
import { readProblem } from '../../detect/restore-report.js';
import { LOGS_TOPIC, SAMPLES_TOPIC } from '../bus-sink.js';
import type { Logger } from 'pino';
import type { Bus } from '../../bus/types.js';
import type { Store } from '../../store/index.js';
import type { ServerMetrics } from '../metrics.js';
import type { Detector } from './detection.js';
import { latestByEntity, piecesOf, startDetection } from './detection.js';

/** Work per turn of the event loop: samples, and characters of log text (a record counts its body and a fixed cost). */
const SAMPLES_PER_PIECE = 5_000;
const LOG_CHARS_PER_PIECE = 256 * 1024;
const LOG_RECORD_COST = 256;

export function metricDetector(fleet: MetricFleet): Detector<Sample[]> {
  return {
    name: 'detect-metrics', topic: SAMPLES_TOPIC,
    observe: (samples) => fleet.observe(samples),
    split: (samples) => piecesOf(samples, () => 1, SAMPLES_PER_PIECE),
    entities: (samples) => latestByEntity(samples, (sample) => sample.time),
    snapshot: () => fleet.snapshot(),
    restore: (snapshot) => fleet.restore(snapshot),
  };
}

export function logDetector(watch: LogWatch): Detector<LogRecord[]> {
  return {
    name: 'detect-logs', topic: LOGS_TOPIC,
    observe: (records) => watch.observe(records),
    split: (records) => piecesOf(records, (record) => record.body.length + LOG_RECORD_COST, LOG_CHARS_PER_PIECE),
    entities: (records) => latestByEntity(records, (record) => record.time),
    snapshot: () => watch.checkpoint(),
    restore(snapshot) {
      try {
        return watch.restore(snapshot);
      } catch (error) {
        return { restored: 0, skipped: 1, problems: [readProblem(error)] };
      }
    },
  };
}

export interface RunningDetectors {
  fleet: MetricFleet;
  watch: LogWatch;
  /** Checkpoints every detector's state. */
  checkpoint(): Promise<void>;
  /** Records the entities seen lately in the entity inventory. */
  flushEntities(): Promise<void>;
  /** Resolves when every detector has handled what it was given. */
  drained(): Promise<void>;
}

export async function startDetectors(store: Store, bus: Bus, metrics: ServerMetrics, config: { metrics: MetricFleetOptions; logs: LogWatchOptions }, logger: Logger): Promise<RunningDetectors> {
  const fleet = new MetricFleet(config.metrics, randomUUID);
  const watch = new LogWatch(config.logs, randomUUID);
  const running = [
    await startDetection(metricDetector(fleet), store, bus, metrics, logger),
    await startDetection(logDetector(watch), store, bus, metrics, logger),
  ];
  return {
    fleet, watch,
    async checkpoint() { await Promise.all(running.map((detection) => detection.checkpoint())); },
    async flushEntities() { await Promise.all(running.map((detection) => detection.flushEntities())); },
    async drained() { await Promise.all(running.map((detection) => detection.subscription.drained())); },
  };
}
