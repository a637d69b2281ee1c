/** Samples through the metric fleet as `opsight serve` configures it by default, counting the alert episodes they start. */
import { configSchema } from '../../config/schema.js';
import { MetricFleet } from '../../detect/metric-fleet/index.js';
import { SeriesSemantics, type SeriesSemanticsOptions } from '../../detect/series/index.js';
import type { Sample } from '../../signals/index.js';
import { EpisodeTracker, type Episode } from './episodes.js';

/**
 * raw: samples as ingested reach the fleet (as serve does today); semantics: through SeriesSemantics
 * first, quantiles of each scrape's increase; semantics-5m: the same over the last 5 minutes.
 */
export const PIPELINES = ['raw', 'semantics', 'semantics-5m'] as const;
export type Pipeline = (typeof PIPELINES)[number];

const SEMANTICS: Readonly<Record<Pipeline, SeriesSemanticsOptions | undefined>> = { raw: undefined, semantics: {}, 'semantics-5m': { window: 5 * 60_000 } };

/** detect.metrics as serve reads it from an empty configuration. */
export function servedFleetOptions() {
  return configSchema.parse({}).detect.metrics;
}

/** A fresh fleet and what comes before it; `feed` returns the alert episodes a batch starts. */
export function fleetRun(pipeline: Pipeline): { feed(batch: Sample[]): Episode[] } {
  let ids = 0;
  const fleet = new MetricFleet(servedFleetOptions(), () => String(++ids), () => 0);
  const options = SEMANTICS[pipeline];
  const semantics = options === undefined ? undefined : new SeriesSemantics(options);
  const episodes = new EpisodeTracker();
  return {
    feed: (batch) => episodes.observe(fleet.observe(semantics?.apply(batch) ?? batch).events),
  };
}
