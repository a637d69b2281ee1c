/**
 * Turns traces into RED metrics behind the bus: spans in, per-operation rate, error ratio and latency
 * samples out on the samples topic, where the metric detectors learn them like any other series.
 */
import type { Span } from '../../signals/index.js';
import type { Bus, Subscription } from '../../bus/types.js';
import type { RedOptions } from '../../detect/trace-red/index.js';
import { RedAggregator } from '../../detect/trace-red/index.js';
import { byEntity, SAMPLES_TOPIC, SPANS_TOPIC } from '../bus-sink.js';

export const RED_CONSUMER = 'red-metrics';

export function startRedMetrics(bus: Bus, options: RedOptions = {}): Promise<Subscription> {
  const red = new RedAggregator(options);
  return bus.subscribe<Span[]>(SPANS_TOPIC, RED_CONSUMER, async (delivery) => {
    const samples = red.observe(delivery.payload);
    if (samples.length > 0) await bus.publish(SAMPLES_TOPIC, byEntity(samples));
    await delivery.ack();
  });
}
