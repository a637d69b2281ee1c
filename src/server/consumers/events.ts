/** Subscribes the pipeline to the bus: each event applied in its own transaction, then acknowledged. */
import type { Logger } from 'pino';
import type { Event } from '../../signals/index.js';
import type { Bus, Subscription } from '../../bus/types.js';
import type { Store } from '../../store/index.js';
import type { ServerMetrics } from '../metrics.js';
import type { PipelineConfig } from '../pipeline.js';
import { ALERTS_CONSUMER, EVENTS_TOPIC, applyEvent } from '../pipeline.js';

export function startPipeline(store: Store, bus: Bus, metrics: ServerMetrics, config: PipelineConfig, logger: Logger): Promise<Subscription> {
  return bus.subscribe<Event>(EVENTS_TOPIC, ALERTS_CONSUMER, async (delivery) => {
    try {
      const applied = await store.transaction((tx) => applyEvent(tx, delivery.payload, config, Date.now()));
      if (applied.duplicate) metrics.eventsDuplicate.inc();
      else metrics.eventsApplied.inc({ kind: applied.kind, transition: applied.transition });
    } catch (error) {
      metrics.pipelineFailures.inc({ stage: ALERTS_CONSUMER });
      logger.warn({ err: error, eventId: delivery.id, attempt: delivery.attempt }, 'event processing failed; it will be retried');
      throw error;
    }
    await delivery.ack();
  });
}
