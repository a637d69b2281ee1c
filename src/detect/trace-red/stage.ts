/**
 * Turns traces into RED metrics behind the bus: spans in, per-operation rate, error ratio and latency
 * samples out on the samples topic, where the metric detectors learn them like any other series; with
 * them, each service's call-order mix shift.
 */
import type { Bus, Subscription } from '../../bus/types.js';
import { Topic } from '../../bus/topics.js';
import { byPartition } from '../../bus/by-partition.js';
import type { RedOptions } from './index.js';
import { CallOrderMix, RedAggregator } from './index.js';

export const RED_CONSUMER = 'red-metrics';

export function startRedMetrics(bus: Bus, options: RedOptions = {}): Promise<Subscription> {
  const red = new RedAggregator(options);
  const callOrder = new CallOrderMix(options);
  return bus.subscribe(Topic.spans, RED_CONSUMER, async (delivery) => {
    const samples = [...red.observe(delivery.payload), ...callOrder.observe(delivery.payload)];
    if (samples.length > 0) await bus.publish(Topic.samples, byPartition(samples, bus.partitions));
    await delivery.ack();
  });
}
