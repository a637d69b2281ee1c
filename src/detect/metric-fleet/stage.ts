/** The metric detectors behind the bus: every sample (ingested or derived) through the fleet of per-series models. */
import { randomUUID } from 'node:crypto';
import { Topic } from '../../bus/topics.js';
import type { Detector, DetectionDependencies, RunningDetection } from '../detection.js';
import { latestByEntity, piecesOf, startDetection } from '../detection.js';
import { SeriesSemantics } from '../series/index.js';
import type { MetricFleetConfig } from './index.js';
import { MetricFleet } from './index.js';

/** Samples observed per turn of the event loop. */
const SAMPLES_PER_PIECE = 5_000;

/** Histograms become quantiles (series semantics) before the fleet learns them. */
export function metricDetector(fleet: MetricFleet, semantics = new SeriesSemantics()): Detector<'samples'> {
  return {
    name: 'detect-metrics', topic: Topic.samples,
    observe: (samples) => fleet.observe(semantics.apply(samples)),
    split: (samples) => piecesOf(samples, () => 1, SAMPLES_PER_PIECE),
    entities: (samples) => latestByEntity(samples, (sample) => sample.time),
    snapshot: () => fleet.snapshot(),
    restore: (snapshot) => fleet.restore(snapshot),
  };
}

export async function startMetricDetection(dependencies: DetectionDependencies, config: MetricFleetConfig): Promise<RunningDetection & { fleet: MetricFleet }> {
  const fleet = new MetricFleet(config, randomUUID);
  return { ...(await startDetection(metricDetector(fleet), dependencies)), fleet };
}
