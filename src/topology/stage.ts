/**
 * The topology stage behind the bus: spans in, calls between services joined, the service graph
 * learned (and checkpointed), and each edge's RED metrics out on the samples topic, where the metric
 * detectors learn them like any other series. Samples' labels add the entity hierarchy (pod → service,
 * pod → host) to the graph.
 */
import type { Subscription } from '../bus/types.js';
import { Topic } from '../bus/topics.js';
import type { Detector, DetectionDependencies, RunningDetection } from '../detect/detection.js';
import { latestByEntity, piecesOf, startDetection } from '../detect/detection.js';
import type { Sample } from '../signals/index.js';
import { CallJoiner } from './calls.js';
import { EdgeRed } from './edge-red.js';
import { ServiceGraph, type ServiceGraphOptions } from './graph.js';

export const TOPOLOGY_CONSUMER = 'topology';
const HIERARCHY_CONSUMER = 'topology-hierarchy';
/** Spans joined per turn of the event loop. */
const SPANS_PER_PIECE = 5_000;

export function topologyDetector(joiner: CallJoiner, edges: EdgeRed, graph: ServiceGraph): Detector<'spans'> {
  return {
    name: TOPOLOGY_CONSUMER, topic: Topic.spans,
    observe(spans) {
      const calls = joiner.observe(spans);
      graph.observe(calls);
      return { anomalies: [], events: [], samples: edges.observe(calls) };
    },
    split: (spans) => piecesOf(spans, () => 1, SPANS_PER_PIECE),
    entities: (spans) => latestByEntity(spans, (span) => span.end),
    snapshot: () => graph.snapshot(),
    restore: (snapshot) => graph.restore(snapshot),
  };
}

/** The hierarchy a batch of samples shows: each distinct labels object once, at its latest time. */
function observeHierarchy(graph: ServiceGraph, samples: readonly Sample[]): void {
  const latest = new Map<Sample['labels'], Sample>();
  for (const sample of samples) {
    const seen = latest.get(sample.labels);
    if (seen === undefined || sample.time > seen.time) latest.set(sample.labels, sample);
  }
  for (const sample of latest.values()) graph.observeEntity(sample.entityId, sample.labels, sample.time);
}

export interface RunningTopology extends RunningDetection {
  graph: ServiceGraph;
}

export async function startTopology(dependencies: DetectionDependencies, options: ServiceGraphOptions): Promise<RunningTopology> {
  const graph = new ServiceGraph(options);
  const edges = new EdgeRed(options.windowMs !== undefined ? { windowMs: options.windowMs } : {});
  const detection = await startDetection(topologyDetector(new CallJoiner(), edges, graph), dependencies);
  const hierarchy: Subscription = await dependencies.bus.subscribe(Topic.samples, HIERARCHY_CONSUMER, async (delivery) => {
    observeHierarchy(graph, delivery.payload);
    await delivery.ack();
  });
  return {
    ...detection, graph,
    drained: async () => {
      await detection.drained();
      await hierarchy.drained();
    },
  };
}
