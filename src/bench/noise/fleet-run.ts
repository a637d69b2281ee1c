/** Samples through the metric fleet as `opsight serve` configures it by default, counting the alert episodes they start. */
import { configSchema } from '../../config/schema.js';
import { MetricFleet } from '../../detect/metric-fleet/index.js';
import { SeriesSemantics } from '../../detect/series/index.js';
import type { Sample } from '../../signals/index.js';
import { EpisodeTracker, type Episode } from './episodes.js';

/** raw: samples as ingested reach the fleet (as serve does today); semantics: through SeriesSemantics first. */
export const PIPELINES = ['raw', 'semantics'] as const;
export type Pipeline = (typeof PIPELINES)[number];

/** detect.metrics as serve reads it from an empty configuration. */
export function servedFleetOptions() {
  return configSchema.parse({}).detect.metrics;
}

/** A fresh fleet and what comes before it; `feed` returns the alert episodes a batch starts. */
export function fleetRun(pipeline: Pipeline): { feed(batch: Sample[]): Episode[] } {
  let ids = 0;
  const fleet = new MetricFleet(servedFleetOptions(), () => String(++ids), () => 0);
  const semantics = pipeline === 'semantics' ? new SeriesSemantics() : undefined;
  const episodes = new EpisodeTracker();
  return {
    feed: (batch) => episodes.observe(fleet.observe(semantics?.apply(batch) ?? batch).events),
  };
}
