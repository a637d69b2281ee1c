/**
 * The SignalSink of a running server: puts each batch on the bus, one message per entity and
 * signal type, and refuses (OverloadedError) while the topic's backlog is over its limit.
 */
import type { Bus } from '../bus/types.js';
import { Topic, type TopicName } from '../bus/topics.js';
import { byPartition } from '../bus/by-partition.js';
import type { SignalBatch, SignalSink } from '../ingest/sink.js';
import { OverloadedError, batchSize } from '../ingest/sink.js';
import type { OpsightMetrics } from '../telemetry/metrics.js';

export interface BusSinkOptions {
  /** Backlog (messages not yet processed) at which a topic refuses more. @default 10000 */
  maxPending?: number;
}

const topicOf: Record<keyof SignalBatch, TopicName> = { events: Topic.events, samples: Topic.samples, logs: Topic.logs, spans: Topic.spans };

export class BusSink implements SignalSink {
  private readonly maxPending: number;

  constructor(private readonly bus: Bus, private readonly metrics: OpsightMetrics, options: BusSinkOptions = {}) {
    this.maxPending = options.maxPending ?? 10_000;
  }

  busyFor(signal: keyof SignalBatch): number | undefined {
    return this.bus.depth(topicOf[signal]) >= this.maxPending ? 1 : undefined;
  }

  async accept(source: string, batch: SignalBatch): Promise<void> {
    for (const signal of ['events', 'samples', 'logs', 'spans'] as const) {
      const items = batch[signal];
      const topic = topicOf[signal];
      if (items !== undefined && items.length > 0 && this.bus.depth(topic) >= this.maxPending) {
        throw new OverloadedError(1, `opsight is behind on ${topic} (${this.bus.depth(topic)} batches waiting); retry later`);
      }
    }
    if (batch.events !== undefined && batch.events.length > 0) {
      await this.bus.publish(Topic.events, batch.events.map((event) => ({ id: event.id, key: event.entityId, payload: event })));
    }
    if (batch.samples !== undefined && batch.samples.length > 0) await this.bus.publish(Topic.samples, byPartition(batch.samples, this.bus.partitions));
    if (batch.logs !== undefined && batch.logs.length > 0) await this.bus.publish(Topic.logs, byPartition(batch.logs, this.bus.partitions));
    if (batch.spans !== undefined && batch.spans.length > 0) await this.bus.publish(Topic.spans, byPartition(batch.spans, this.bus.partitions));
    this.metrics.ingestAccepted.inc({ source }, batchSize(batch));
  }
}
