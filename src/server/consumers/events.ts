/**
 * Subscribes the pipeline to the bus. The events delivered in the same turn of the event loop (at
 * most one per partition, so never two of one entity) are applied in one transaction: one commit
 * for many events. If that transaction fails, each event is retried alone, so one bad event cannot
 * hold back the others; then each is acknowledged, or redelivered on failure.
 */
import type { Event } from '../../signals/index.js';
import type { Bus, Subscription } from '../../bus/types.js';
import type { Store } from '../../store/index.js';
import type { ServerMetrics } from '../metrics.js';
import type { Applied, PipelineConfig } from '../pipeline.js';
import { ALERTS_CONSUMER, EVENTS_TOPIC, applyEvent } from '../pipeline.js';

interface Waiting {
  event: Event;
  resolve(applied: Applied): void;
  reject(error: unknown): void;
}

export class EventBatcher {
  private waiting: Waiting[] = [];

  constructor(private readonly apply: (events: readonly Event[]) => Promise<Applied[]>) {}

  submit(event: Event): Promise<Applied> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ event, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const results = await this.apply(batch.map((waiting) => waiting.event));
      batch.forEach((waiting, index) => waiting.resolve(results[index] as Applied));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const waiting of batch) {
        await this.apply([waiting.event]).then(([applied]) => waiting.resolve(applied as Applied), (alone: unknown) => waiting.reject(alone));
      }
    }
  }
}

export function startPipeline(store: Store, bus: Bus, metrics: ServerMetrics, config: PipelineConfig): Promise<Subscription> {
  const batcher = new EventBatcher((events) => store.transaction(async (tx) => {
    const applied: Applied[] = [];
    for (const event of events) applied.push(await applyEvent(tx, event, config, Date.now()));
    return applied;
  }));
  return bus.subscribe<Event>(EVENTS_TOPIC, ALERTS_CONSUMER, async (delivery) => {
    const applied = await batcher.submit(delivery.payload);
    if (applied.duplicate) metrics.eventsDuplicate.inc();
    else metrics.eventsApplied.inc({ kind: applied.kind, transition: applied.transition });
    await delivery.ack();
  });
}
