/**
 * The topology stage behind the bus: spans in, calls between services joined, and each edge's RED
 * metrics out on the samples topic, where the metric detectors learn them like any other series.
 */
import type { Bus, Subscription } from '../bus/types.js';
import { Topic } from '../bus/topics.js';
import { byEntity } from '../bus/by-entity.js';
import { CallJoiner } from './calls.js';
import { EdgeRed } from './edge-red.js';

export const TOPOLOGY_CONSUMER = 'topology';

export interface TopologyStageOptions {
  /** Window of event time of the edge RED metrics. @default 60000 */
  windowMs?: number;
}

export function startTopology(bus: Bus, options: TopologyStageOptions = {}): Promise<Subscription> {
  const joiner = new CallJoiner();
  const edges = new EdgeRed({ ...(options.windowMs !== undefined ? { windowMs: options.windowMs } : {}) });
  return bus.subscribe(Topic.spans, TOPOLOGY_CONSUMER, async (delivery) => {
    const samples = edges.observe(joiner.observe(delivery.payload));
    if (samples.length > 0) await bus.publish(Topic.samples, byEntity(samples));
    await delivery.ack();
  });
}
