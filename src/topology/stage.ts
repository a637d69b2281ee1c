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
import type { Call } from './call.js';
import { CallJoiner } from './calls.js';
import { EdgeRed } from './edge-red.js';
import { ServiceGraph, type ServiceGraphOptions } from './graph.js';

export const TOPOLOGY_CONSUMER = 'topology';
const HIERARCHY_CONSUMER = 'topology-hierarchy';
/** Spans joined per turn of the event loop. */
const SPANS_PER_PIECE = 5_000;

/** Hears every batch of calls as they are joined. */
export type CallListener = (calls: readonly Call[]) => void;

export function topologyDetector(joiner: CallJoiner, edges: EdgeRed, graph: ServiceGraph, listeners: readonly CallListener[] = []): Detector<'spans'> {
  return {
    name: TOPOLOGY_CONSUMER, topic: Topic.spans,
    observe(spans) {
      const calls = joiner.observe(spans);
      graph.observe(calls);
      for (const listener of listeners) listener(calls);
      return { anomalies: [], events: [], samples: edges.observe(calls) };
    },
    split: (spans) => piecesOf(spans, () => 1, SPANS_PER_PIECE),
    entities: (spans) => latestByEntity(spans, (span) => span.end),
    snapshot: () => graph.snapshot(),
    restore: (snapshot) => graph.restore(snapshot),
  };
}

/**
 * The hierarchy samples show, read from each series' labels once per window of event time at most:
 * ingest shares one labels object per series, so a sample seen again costs one lookup.
 */
class HierarchyReader {
  private readonly lastRead = new WeakMap<Sample['labels'], number>();

  constructor(private readonly graph: ServiceGraph, private readonly everyMs: number) {}

  observe(samples: readonly Sample[]): void {
    for (const sample of samples) {
      const last = this.lastRead.get(sample.labels);
      if (last !== undefined && sample.time < last + this.everyMs) continue;
      this.lastRead.set(sample.labels, sample.time);
      this.graph.observeEntity(sample.entityId, sample.labels, sample.time);
    }
  }
}

export interface RunningTopology extends RunningDetection {
  graph: ServiceGraph;
  /** Hands every batch of calls joined from now on to `listener` too (root cause analysis keeps the recent ones). */
  onCalls(listener: CallListener): void;
}

export async function startTopology(dependencies: DetectionDependencies, options: ServiceGraphOptions): Promise<RunningTopology> {
  const graph = new ServiceGraph(options);
  const edges = new EdgeRed(options.windowMs !== undefined ? { windowMs: options.windowMs } : {});
  const listeners: CallListener[] = [];
  const detection = await startDetection(topologyDetector(new CallJoiner(), edges, graph, listeners), dependencies);
  const reader = new HierarchyReader(graph, options.windowMs ?? 60_000);
  const hierarchy: Subscription = await dependencies.bus.subscribe(Topic.samples, HIERARCHY_CONSUMER, async (delivery) => {
    reader.observe(delivery.payload);
    await delivery.ack();
  });
  return {
    ...detection, graph,
    onCalls: (listener) => { listeners.push(listener); },
    drained: async () => {
      await detection.drained();
      await hierarchy.drained();
    },
  };
}
