/**
 * Runs a detector behind the bus: each message's payload goes to `observe`, the anomalies it
 * finds are stored, and the alert events it raises are published for the alerts stage. The
 * detector's state is checkpointed to the store and restored on start.
 */
import type { Logger } from 'pino';
import type { Anomaly, Event, Sample } from '../signals/index.js';
import { entityRefOf } from '../signals/index.js';
import type { RestoreResult } from './restore-report.js';
import type { Bus } from '../bus/types.js';
import type { Store } from '../store/index.js';
import type { OpsightMetrics } from '../telemetry/metrics.js';
import { Topic, type TopicName, type Topics } from '../bus/topics.js';
import { byPartition } from '../bus/by-partition.js';

/**
 * What a detector finds in a payload: anomalies (stored), alert events (published for the alerts stage) and,
 * optionally, derived samples (published on the samples topic, where the metric detectors learn them).
 */
export interface DetectorFindings {
  anomalies: Anomaly[];
  events: Event[];
  samples?: Sample[];
}

/** Checkpoint entries written per transaction, and characters: a large checkpoint never holds the embedded database away from ingest for long. */
const CHECKPOINT_CHUNK = 500;
const CHECKPOINT_CHARS = 1024 * 1024;
/** Entities held for the next inventory update; past it they are written at once (bounds memory between flushes). */
export const MAX_PENDING_ENTITIES = 10_000;

export interface Detector<K extends TopicName> {
  /** Names the consumer, the snapshot owner and the metrics label. */
  name: string;
  /** The topic it observes. */
  topic: K;
  observe(payload: Topics[K]): DetectorFindings;
  /**
   * Cuts a payload into pieces of bounded work, observed one per turn of the event loop, so a large
   * batch (a million samples, a thousand 64 KB log lines) never holds the server for long.
   */
  split(payload: Topics[K]): Topics[K][];
  /**
   * State to checkpoint, as key → text entries; may be lazy (a generator), each entry built when taken, so the
   * event loop runs between the transactions that write them. Entries not written again are deleted after it.
   */
  snapshot(): Iterable<[string, string]>;
  /** The entities a payload is about, with the latest time of each, for the entity inventory. */
  entities(payload: Topics[K]): Map<string, number>;
  /** Restores what snapshot() wrote; returns how many entries were restored and skipped, and why. */
  restore(snapshot: Map<string, string>): RestoreResult;
}

/** What a detector runs on. */
export interface DetectionDependencies {
  store: Store;
  bus: Bus;
  metrics: OpsightMetrics;
  logger: Logger;
}

export interface RunningDetection {
  /** Resolves when every message delivered so far is handled. */
  drained(): Promise<void>;
  /** Writes the detector's state to the store. */
  checkpoint(): Promise<void>;
  /** Records the entities seen since the last call in the entity inventory. */
  flush(): Promise<void>;
}

/** Each entity of `items` with its latest time. */
export function latestByEntity<T extends { entityId: string }>(items: readonly T[], timeOf: (item: T) => number): Map<string, number> {
  const latest = new Map<string, number>();
  for (const item of items) {
    const time = timeOf(item);
    if (time > (latest.get(item.entityId) ?? -Infinity)) latest.set(item.entityId, time);
  }
  return latest;
}

/** Writes a checkpoint's entries in bounded transactions, then deletes the owner's entries it did not write. */
async function writeCheckpoint(store: Store, owner: string, entries: Iterable<[string, string]>, at: number): Promise<void> {
  let batch: [string, string][] = [];
  let chars = 0;
  const write = async () => {
    const rows = batch;
    batch = [];
    chars = 0;
    await store.transaction(async (tx) => {
      for (const [key, data] of rows) await tx.snapshots.put(owner, key, data, at);
    });
  };
  for (const entry of entries) {
    batch.push(entry);
    chars += entry[1].length;
    if (batch.length >= CHECKPOINT_CHUNK || chars >= CHECKPOINT_CHARS) await write();
  }
  if (batch.length > 0) await write();
  // Only after every entry landed: a checkpoint that failed half way leaves the last complete one readable.
  await store.snapshots.deleteBefore(owner, at);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function observeInPieces<K extends TopicName>(detector: Detector<K>, payload: Topics[K]): Promise<Required<DetectorFindings>> {
  const findings: Required<DetectorFindings> = { anomalies: [], events: [], samples: [] };
  for (const [index, piece] of detector.split(payload).entries()) {
    if (index > 0) await nextTurn();
    const found = detector.observe(piece);
    for (const anomaly of found.anomalies) findings.anomalies.push(anomaly);
    for (const event of found.events) findings.events.push(event);
    for (const sample of found.samples ?? []) findings.samples.push(sample);
  }
  return findings;
}

/** Consecutive pieces of `items`, each as heavy as `budget` at most (or one item heavier than it). */
export function piecesOf<I>(items: I[], weight: (item: I) => number, budget: number): I[][] {
  const pieces: I[][] = [];
  let piece: I[] = [];
  let load = 0;
  for (const item of items) {
    const w = weight(item);
    if (piece.length > 0 && load + w > budget) {
      pieces.push(piece);
      piece = [];
      load = 0;
    }
    piece.push(item);
    load += w;
  }
  if (piece.length > 0 || pieces.length === 0) pieces.push(piece);
  return pieces;
}

export async function startDetection<K extends TopicName>(detector: Detector<K>, { store, bus, metrics, logger }: DetectionDependencies): Promise<RunningDetection> {
  // Entities seen since the last flush: written in one transaction now and then, not per message.
  let seen = new Map<string, number>();
  const flushEntities = async () => {
    if (seen.size === 0) return;
    const batch = seen;
    seen = new Map();
    await store.transaction(async (tx) => {
      for (const [entityId, time] of batch) await tx.entities.observe(entityRefOf(entityId), time);
    });
  };
  const { restored, skipped, problems } = detector.restore(await store.snapshots.all(detector.name));
  if (restored + skipped > 0) logger.info({ detector: detector.name, restored, skipped }, 'detector state restored from the last checkpoint');
  if (skipped > 0) logger.warn({ detector: detector.name, skipped, problems }, 'checkpoint entries skipped: their state starts cold');
  const subscription = await bus.subscribe(detector.topic, detector.name, async (delivery) => {
    const findings = await observeInPieces(detector, delivery.payload);
    for (const [entityId, time] of detector.entities(delivery.payload)) {
      if (time > (seen.get(entityId) ?? -Infinity)) seen.set(entityId, time);
    }
    if (seen.size >= MAX_PENDING_ENTITIES) await flushEntities();
    if (findings.anomalies.length > 0) {
      await store.transaction(async (tx) => {
        for (const anomaly of findings.anomalies) await tx.anomalies.insert(anomaly);
      });
      metrics.anomaliesFound.inc({ detector: detector.name }, findings.anomalies.length);
    }
    if (findings.events.length > 0) await bus.publish(Topic.events, findings.events.map((event) => ({ id: event.id, key: event.entityId, payload: event })));
    if (findings.samples.length > 0) await bus.publish(Topic.samples, byPartition(findings.samples, bus.partitions));
    await delivery.ack();
  });
  // One checkpoint at a time, each later than the last, so deleting the entries older than one never hits a newer one's.
  let checkpointing = Promise.resolve();
  let lastAt = 0;
  const checkpoint = () => {
    const next = checkpointing.then(() => {
      lastAt = Math.max(Date.now(), lastAt + 1);
      return writeCheckpoint(store, detector.name, detector.snapshot(), lastAt);
    });
    checkpointing = next.catch(() => undefined);
    return next;
  };
  return { drained: () => subscription.drained(), checkpoint, flush: flushEntities };
}
