/**
 * The SignalSink of a running server: puts each batch on the bus, one message per entity and
 * signal type, and refuses (OverloadedError) while the topic's backlog is over its limit.
 */
import { randomUUID } from 'node:crypto';
import type { Bus, Message } from '../bus/types.js';
import type { SignalBatch, SignalSink } from '../ingest/sink.js';
import { OverloadedError, batchSize } from '../ingest/sink.js';
import type { ServerMetrics } from './metrics.js';
import { EVENTS_TOPIC } from './pipeline.js';

export const SAMPLES_TOPIC = 'samples';
export const LOGS_TOPIC = 'logs';
export const SPANS_TOPIC = 'spans';

export interface BusSinkOptions {
  /** Backlog (messages not yet processed) at which a topic refuses more. @default 10000 */
  maxPending?: number;
}

/** One message per entity: keeps an entity's items in order on its partition. */
export function byEntity<T extends { entityId: string }>(items: readonly T[]): Message<T[]>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.entityId);
    if (group === undefined) groups.set(item.entityId, [item]);
    else group.push(item);
  }
  return [...groups].map(([key, payload]) => ({ id: randomUUID(), key, payload }));
}

const topicOf: Record<keyof SignalBatch, string> = { events: EVENTS_TOPIC, samples: SAMPLES_TOPIC, logs: LOGS_TOPIC, spans: SPANS_TOPIC };

export class BusSink implements SignalSink {
  private readonly maxPending: number;

  constructor(private readonly bus: Bus & { depth(topic: string): number }, private readonly metrics: ServerMetrics, options: BusSinkOptions = {}) {
    this.maxPending = options.maxPending ?? 10_000;
  }

  busyFor(signal: keyof SignalBatch): number | undefined {
    return this.bus.depth(topicOf[signal]) >= this.maxPending ? 1 : undefined;
  }

  async accept(source: string, batch: SignalBatch): Promise<void> {
    const topics = [
      [EVENTS_TOPIC, batch.events], [SAMPLES_TOPIC, batch.samples], [LOGS_TOPIC, batch.logs], [SPANS_TOPIC, batch.spans],
    ] as const;
    for (const [topic, items] of topics) {
      if (items !== undefined && items.length > 0 && this.bus.depth(topic) >= this.maxPending) {
        this.metrics.ingestThrottled.inc({ source });
        throw new OverloadedError(1, `opsight is behind on ${topic} (${this.bus.depth(topic)} batches waiting); retry later`);
      }
    }
    if (batch.events !== undefined && batch.events.length > 0) {
      await this.bus.publish(EVENTS_TOPIC, batch.events.map((event) => ({ id: event.id, key: event.entityId, payload: event })));
    }
    if (batch.samples !== undefined && batch.samples.length > 0) await this.bus.publish(SAMPLES_TOPIC, byEntity(batch.samples));
    if (batch.logs !== undefined && batch.logs.length > 0) await this.bus.publish(LOGS_TOPIC, byEntity(batch.logs));
    if (batch.spans !== undefined && batch.spans.length > 0) await this.bus.publish(SPANS_TOPIC, byEntity(batch.spans));
    this.metrics.ingestAccepted.inc({ source }, batchSize(batch));
  }
}
