/** One report for every consumer whose handler fails: counted per consumer and logged; the bus redelivers. */
import type { Logger } from 'pino';
import type { Delivery } from '../bus/types.js';
import type { OpsightMetrics } from '../telemetry/metrics.js';

export function reportConsumerFailures(metrics: OpsightMetrics, logger: Logger) {
  return (error: unknown, delivery: Delivery, consumer: string): void => {
    metrics.pipelineFailures.inc({ stage: consumer });
    logger.warn({ err: error, consumer, topic: delivery.topic, messageId: delivery.id, attempt: delivery.attempt }, 'processing failed; the message will be redelivered');
  };
}
