/**
 * Turns one scrape's exposition into Samples as Prometheus would store them: the target's `job`,
 * `instance` and extra labels attached (a scraped label of the same name kept as `exported_<name>`),
 * kind from `# TYPE`, the scrape time for samples without a timestamp, plus `up` and friends, and staleness
 * markers for the series that disappeared. Pure.
 */
import type { Sample } from '../../signals/index.js';
import { MAX_TIME_MS, MIN_TIME_MS, resolveEntity, seriesKey } from '../../signals/index.js';
import type { Exposition } from './exposition-parser.js';
import { kindOf } from './metric-kind.js';

export interface ScrapeTarget {
  job: string;
  url: string;
  /** `host:port` of the URL, as Prometheus's `instance` label. */
  instance: string;
  /** Extra labels attached to every sample of the target. */
  labels: Record<string, string>;
}

export interface ScrapedSamples {
  samples: Sample[];
  /** Points with a NaN or ±Inf value: no number to score, so not turned into samples. */
  skipped: number;
}

/** The labels every sample of the target carries. */
export function targetLabels(target: ScrapeTarget): Record<string, string> {
  return { ...target.labels, job: target.job, instance: target.instance };
}

/** Prometheus's honor_labels: false: the target's labels win, the scraped ones move to `exported_*`. */
function mergeLabels(scraped: Record<string, string>, target: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(scraped)) {
    if (value === '') continue;
    let key = name;
    while (Object.hasOwn(target, key) || Object.hasOwn(merged, key)) key = `exported_${key}`;
    merged[key] = value;
  }
  for (const [name, value] of Object.entries(target)) if (value !== '') merged[name] = value;
  return merged;
}

/** Samples of a parsed scrape taken at `scrapeTime`; throws naming the series whose timestamp is absurd. */
export function normalizeScrape(exposition: Exposition, target: ScrapeTarget, scrapeTime: number): ScrapedSamples {
  const attached = targetLabels(target);
  const types = (family: string) => exposition.types.get(family);
  const result: ScrapedSamples = { samples: [], skipped: 0 };
  for (const point of exposition.samples) {
    const time = point.timestampMs ?? scrapeTime;
    if (time < MIN_TIME_MS || time > MAX_TIME_MS) {
      throw new Error(`${point.name}: timestamp ${time} is not epoch milliseconds between 2000 and 2200`);
    }
    if (!Number.isFinite(point.value)) {
      result.skipped++;
      continue;
    }
    const labels = mergeLabels(point.labels, attached);
    result.samples.push({ entityId: resolveEntity(labels).id, metric: point.name, labels, kind: kindOf(point.name, types), time, value: point.value });
  }
  return result;
}

/** The series Prometheus records about each scrape itself: `up`, `scrape_duration_seconds`, `scrape_samples_scraped`. */
export function scrapeHealthSamples(target: ScrapeTarget, time: number, up: boolean, durationSeconds: number, scraped: number): Sample[] {
  const labels = targetLabels(target);
  const entityId = resolveEntity(labels).id;
  const sample = (metric: string, value: number): Sample => ({ entityId, metric, labels, kind: 'gauge', time, value });
  return [sample('up', up ? 1 : 0), sample('scrape_duration_seconds', durationSeconds), sample('scrape_samples_scraped', scraped)];
}

/** A scrape's series by key (metric and labels), each with its last sample. */
export function seriesOf(samples: readonly Sample[]): Map<string, Sample> {
  return new Map(samples.map((sample) => [seriesKey(sample.metric, sample.labels), sample]));
}

/**
 * Staleness markers, as Prometheus writes them: every series of the previous scrape that this one lacks (a failed
 * scrape lacks them all) ended at `time`.
 */
export function staleMarkers(previous: ReadonlyMap<string, Sample>, current: ReadonlyMap<string, Sample>, time: number): Sample[] {
  const markers: Sample[] = [];
  for (const [key, { entityId, metric, labels, kind }] of previous) {
    if (!current.has(key)) markers.push({ entityId, metric, labels, kind, time, value: 0, stale: true });
  }
  return markers;
}
