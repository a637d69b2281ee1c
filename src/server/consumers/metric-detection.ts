/**
 * Runs metric detection behind the bus: samples in, anomalies stored, anomaly and predictive
 * alerts published as events for the alerts stage. Detector state is checkpointed to the store
 * and restored on start, so a restart keeps what every series has learned.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Sample } from '../../signals/index.js';
import type { Bus, Subscription } from '../../bus/types.js';
import type { MetricFleetOptions } from '../../detect/metric-fleet/index.js';
import { MetricFleet } from '../../detect/metric-fleet/index.js';
import type { Store } from '../../store/index.js';
import { SAMPLES_TOPIC } from '../bus-sink.js';
import type { ServerMetrics } from '../metrics.js';
import { EVENTS_TOPIC } from '../pipeline.js';

export const METRIC_DETECTION_CONSUMER = 'detect-metrics';
const SNAPSHOT_OWNER = 'metric-fleet';

export interface MetricDetection {
  subscription: Subscription;
  fleet: MetricFleet;
  /** Writes every series' state to the store. */
  checkpoint(): Promise<void>;
}

export async function startMetricDetection(store: Store, bus: Bus, metrics: ServerMetrics, config: MetricFleetOptions, logger: Logger): Promise<MetricDetection> {
  const fleet = new MetricFleet(config, randomUUID);
  const restored = fleet.restore(await store.snapshots.all(SNAPSHOT_OWNER));
  if (restored.restored + restored.skipped > 0) logger.info(restored, 'metric detectors restored from the last checkpoint');
  const subscription = await bus.subscribe<Sample[]>(SAMPLES_TOPIC, METRIC_DETECTION_CONSUMER, async (delivery) => {
    const findings = fleet.observe(delivery.payload);
    if (findings.anomalies.length > 0) {
      await store.transaction(async (tx) => {
        for (const anomaly of findings.anomalies) await tx.anomalies.insert(anomaly);
      });
      metrics.anomaliesFound.inc({ detector: 'metric' }, findings.anomalies.length);
    }
    if (findings.events.length > 0) await bus.publish(EVENTS_TOPIC, findings.events.map((event) => ({ id: event.id, key: event.entityId, payload: event })));
    await delivery.ack();
  });
  const checkpoint = async () => {
    const snapshot = fleet.snapshot();
    const at = Date.now();
    await store.transaction(async (tx) => {
      for (const [key, data] of snapshot) await tx.snapshots.put(SNAPSHOT_OWNER, key, data, at);
    });
  };
  return { subscription, fleet, checkpoint };
}
