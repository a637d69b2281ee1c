/**
 * Runs a detector behind the bus: each message's payload goes to `observe`, the anomalies it
 * finds are stored, and the alert events it raises are published for the alerts stage. The
 * detector's state is checkpointed to the store and restored on start.
 */
import type { Logger } from 'pino';
import type { Anomaly, Event } from '../../signals/index.js';
import type { Bus, Subscription } from '../../bus/types.js';
import type { Store } from '../../store/index.js';
import type { ServerMetrics } from '../metrics.js';
import { EVENTS_TOPIC } from '../pipeline.js';

const CHECKPOINT_CHUNK = 500;

export interface Detector<T> {
  /** Names the consumer, the snapshot owner and the metrics label. */
  name: string;
  topic: string;
  observe(payload: T): { anomalies: Anomaly[]; events: Event[] };
  /** State to checkpoint, as key → text. */
  snapshot(): Map<string, string>;
  /** Restores what snapshot() wrote; returns how many entries were restored and skipped. */
  restore(snapshot: Map<string, string>): { restored: number; skipped: number };
}

export interface RunningDetection {
  subscription: Subscription;
  checkpoint(): Promise<void>;
}

export async function startDetection<T>(detector: Detector<T>, store: Store, bus: Bus, metrics: ServerMetrics, logger: Logger): Promise<RunningDetection> {
  const restored = detector.restore(await store.snapshots.all(detector.name));
  if (restored.restored + restored.skipped > 0) logger.info({ detector: detector.name, ...restored }, 'detector state restored from the last checkpoint');
  const subscription = await bus.subscribe<T>(detector.topic, detector.name, async (delivery) => {
    const findings = detector.observe(delivery.payload);
    if (findings.anomalies.length > 0) {
      await store.transaction(async (tx) => {
        for (const anomaly of findings.anomalies) await tx.anomalies.insert(anomaly);
      });
      metrics.anomaliesFound.inc({ detector: detector.name }, findings.anomalies.length);
    }
    if (findings.events.length > 0) await bus.publish(EVENTS_TOPIC, findings.events.map((event) => ({ id: event.id, key: event.entityId, payload: event })));
    await delivery.ack();
  });
  const checkpoint = async () => {
    const entries = [...detector.snapshot()];
    const at = Date.now();
    // Chunked so a large checkpoint never holds the embedded database away from ingest for long.
    for (let start = 0; start < entries.length; start += CHECKPOINT_CHUNK) {
      await store.transaction(async (tx) => {
        for (const [key, data] of entries.slice(start, start + CHECKPOINT_CHUNK)) await tx.snapshots.put(detector.name, key, data, at);
      });
    }
  };
  return { subscription, checkpoint };
}
