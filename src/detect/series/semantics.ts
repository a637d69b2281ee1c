/**
 * What series mean, applied to samples before detection. A Prometheus histogram arrives as
 * cumulative `<base>_bucket{le}` counters, which say nothing alone: each is the count of requests
 * faster than some bound. They become the quantiles they encode, `<base>{quantile="0.5"|"0.9"|"0.99"}`
 * gauges computed from each scrape's increase; `<base>_count` (the request rate) passes on, and the
 * buckets and `<base>_sum` do not. Every other sample passes on unchanged.
 *
 * State: the last complete scrape of each histogram, at most `maxHistograms` (the least recently
 * scraped is forgotten). Losing it (a restart) costs one scrape per histogram: a quantile needs
 * the increase between two scrapes.
 */
import type { Labels, Sample } from '../../signals/index.js';
import { seriesKey } from '../../signals/index.js';
import { bucketIncrease, quantileOf, type Cumulative } from './histogram-quantile.js';

export const QUANTILES = [0.5, 0.9, 0.99] as const;

export interface SeriesSemanticsOptions {
  /** Histograms tracked at once. @default 20000 */
  maxHistograms?: number;
  /**
   * Quantiles are of the observations in this many ms up to each scrape (as histogram_quantile over
   * `rate(...[5m])`); 0 is each scrape's own increase, which at a few requests per scrape makes a
   * p99 jump about. @default 0
   */
  window?: number;
}

/** Scrapes of increase kept per histogram at most, whatever the window, so state stays bounded. */
const MAX_WINDOW_SCRAPES = 60;

interface Scrape {
  time: number;
  buckets: Map<number, number>;
}

interface Histogram {
  entityId: string;
  base: string;
  /** One labels object per quantile series, shared by its samples (the fleet caches series keys by labels object). */
  quantileLabels: Labels[];
  /** The last scrape whose quantiles were emitted (or the first, which has none). */
  done?: Scrape;
  /** The scrape being assembled: its buckets may come in more than one batch. */
  pending?: Scrape;
  /** The increase of each scrape within the window, oldest first. */
  recent: { time: number; increase: Cumulative[] }[];
}

const BUCKET = '_bucket';
const SUM = '_sum';

function withoutLabel(labels: Labels, name: string): Labels {
  const rest: Labels = {};
  for (const key of Object.keys(labels)) if (key !== name) rest[key] = labels[key] as string;
  return rest;
}

/** Where a `_bucket` or `_sum` sample belongs: its histogram's key, base name and labels (without `le`), and its bound. */
interface Member {
  key: string;
  entityId: string;
  base: string;
  labels: Labels;
  /** The bucket's upper bound; undefined for a `_sum`. */
  bound?: number;
}

/** What a `_bucket` or `_sum` sample's name and labels say it is; undefined for anything else, or a bucket without a numeric `le`. */
function memberOf(entityId: string, metric: string, labels: Labels): Member | undefined {
  if (metric.endsWith(SUM)) {
    const base = metric.slice(0, -SUM.length);
    return { key: histogramKey(entityId, base, labels), entityId, base, labels };
  }
  const le = labels.le;
  if (!metric.endsWith(BUCKET) || le === undefined) return undefined;
  const bound = le === '+Inf' ? Infinity : Number(le);
  if (Number.isNaN(bound)) return undefined;
  const base = metric.slice(0, -BUCKET.length);
  const rest = withoutLabel(labels, 'le');
  return { key: histogramKey(entityId, base, rest), entityId, base, labels: rest, bound };
}

function histogramKey(entityId: string, base: string, labels: Labels): string {
  return `${entityId}\u0000${seriesKey(base, labels)}`;
}

export class SeriesSemantics {
  private readonly histograms = new Map<string, Histogram>();
  private readonly maxHistograms: number;
  private readonly window: number;
  /** Members by labels object, entity and metric: ingest shares one labels object per series, so this skips rebuilding keys. */
  private readonly members = new WeakMap<Labels, Map<string, Member | null>>();

  constructor(options: SeriesSemanticsOptions = {}) {
    this.maxHistograms = options.maxHistograms ?? 20_000;
    this.window = options.window ?? 0;
  }

  /** Histograms tracked. */
  get size(): number {
    return this.histograms.size;
  }

  apply(samples: readonly Sample[]): Sample[] {
    const out: Sample[] = [];
    const touched = new Set<Histogram>();
    const bucketsInBatch = new Set<string>();
    for (const sample of samples) {
      const member = this.memberOf(sample);
      if (member?.bound !== undefined) bucketsInBatch.add(member.key);
    }
    for (const sample of samples) {
      const member = this.memberOf(sample);
      if (member === undefined) out.push(sample);
      else if (member.bound !== undefined) this.observeBucket(sample, member, member.bound, touched, out);
      // A `_sum` of no histogram known (a summary's, or a plain counter's) passes on.
      else if (!bucketsInBatch.has(member.key) && !this.histograms.has(member.key)) out.push(sample);
    }
    for (const histogram of touched) if (this.complete(histogram.done, histogram.pending)) this.finish(histogram, out);
    return out;
  }

  private memberOf(sample: Sample): Member | undefined {
    // Most series are neither: settle them by name before any lookup.
    if (!sample.metric.endsWith(BUCKET) && !sample.metric.endsWith(SUM)) return undefined;
    let byName = this.members.get(sample.labels);
    if (byName === undefined) this.members.set(sample.labels, (byName = new Map<string, Member | null>()));
    const name = `${sample.entityId}\u0000${sample.metric}`;
    let member = byName.get(name);
    if (member === undefined) byName.set(name, (member = memberOf(sample.entityId, sample.metric, sample.labels) ?? null));
    return member ?? undefined;
  }

  private observeBucket(sample: Sample, member: Member, bound: number, touched: Set<Histogram>, out: Sample[]): void {
    if (sample.stale === true) {
      this.end(member.key, sample.time, out);
      return;
    }
    const histogram = this.track(member);
    if (histogram.done !== undefined && sample.time <= histogram.done.time) return;
    if (histogram.pending !== undefined && sample.time > histogram.pending.time) this.finish(histogram, out);
    if (histogram.pending !== undefined && sample.time < histogram.pending.time) return;
    histogram.pending ??= { time: sample.time, buckets: new Map() };
    histogram.pending.buckets.set(bound, sample.value);
    touched.add(histogram);
  }

  /** The member's histogram, now the most recently scraped; a new one may forget the least recent. */
  private track(member: Member): Histogram {
    let histogram = this.histograms.get(member.key);
    if (histogram !== undefined) {
      this.histograms.delete(member.key);
    } else {
      if (this.histograms.size >= this.maxHistograms) this.histograms.delete(this.histograms.keys().next().value as string);
      histogram = { entityId: member.entityId, base: member.base, quantileLabels: QUANTILES.map((q) => ({ ...member.labels, quantile: String(q) })), recent: [] };
    }
    this.histograms.set(member.key, histogram);
    return histogram;
  }

  /** A scrape is complete once it has every bound the last one had; a first scrape, or one with new bounds, waits for the next timestamp. */
  private complete(done: Scrape | undefined, pending: Scrape | undefined): boolean {
    if (done === undefined || pending === undefined) return false;
    for (const le of done.buckets.keys()) if (!pending.buckets.has(le)) return false;
    return true;
  }

  /**
   * Closes the pending scrape: a complete one's quantiles are emitted and it becomes the last. An
   * incomplete one with bounds the last lacked starts over (the buckets were redefined); one that
   * only lacks bounds lost some, and is dropped so no quantile comes from part of a histogram.
   */
  private finish(histogram: Histogram, out: Sample[]): void {
    const { done, pending } = histogram;
    if (pending === undefined) return;
    delete histogram.pending;
    if (this.complete(done, pending)) this.emitQuantiles(histogram, bucketIncrease((done as Scrape).buckets, pending.buckets), pending.time, out);
    else if (done !== undefined && [...pending.buckets.keys()].every((le) => done.buckets.has(le))) return;
    else histogram.recent = [];
    histogram.done = pending;
  }

  private emitQuantiles(histogram: Histogram, increase: Cumulative[], time: number, out: Sample[]): void {
    const inWindow = this.remember(histogram, time, increase);
    QUANTILES.forEach((q, i) => {
      const value = quantileOf(q, inWindow);
      if (value === undefined) return;
      out.push({ entityId: histogram.entityId, metric: histogram.base, labels: histogram.quantileLabels[i] as Labels, kind: 'gauge', time, value });
    });
  }

  /** Adds a scrape's increase to the window and returns the window's total, bucket by bucket. */
  private remember(histogram: Histogram, time: number, increase: Cumulative[]): Cumulative[] {
    if (this.window <= 0) return increase;
    // A scrape with new bounds (more buckets than before) starts the window over.
    const recent = histogram.recent.filter((scrape) => scrape.time > time - this.window && scrape.increase.length === increase.length).slice(-(MAX_WINDOW_SCRAPES - 1));
    recent.push({ time, increase });
    histogram.recent = recent;
    return increase.map((bucket, i) => ({ le: bucket.le, count: recent.reduce((sum, scrape) => sum + (scrape.increase[i]?.count ?? 0), 0) }));
  }

  /** A histogram that ended: what it had pending is emitted, then its quantile series end too (staleness markers), and it is forgotten. */
  private end(key: string, time: number, out: Sample[]): void {
    const histogram = this.histograms.get(key);
    if (histogram === undefined) return;
    this.finish(histogram, out);
    this.histograms.delete(key);
    for (const labels of histogram.quantileLabels) out.push({ entityId: histogram.entityId, metric: histogram.base, labels, kind: 'gauge', time, value: 0, stale: true });
  }
}
