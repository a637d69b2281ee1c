/**
 * Whether a Prometheus series is a counter (scored as a rate) or a gauge: from its family's TYPE
 * (scrape) or metadata (remote write) when known, else from the name's suffix.
 */
import type { MetricKind } from '../../signals/index.js';

export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown' | 'untyped';

/** Looks up the declared type of a metric family (e.g. from `# TYPE` lines); undefined when not declared. */
export type FamilyTypes = (family: string) => FamilyType | undefined;

const counterSuffixes = ['_total', '_count', '_sum', '_bucket'];

/** The name rule: `_total`, `_count`, `_sum` and `_bucket` are cumulative counters; anything else a gauge. */
export function kindFromName(name: string): MetricKind {
  for (const suffix of counterSuffixes) if (name.endsWith(suffix)) return 'counter';
  return 'gauge';
}

function kindOfOwnType(name: string, type: FamilyType): MetricKind {
  if (type === 'counter') return 'counter';
  if (type === 'unknown' || type === 'untyped') return kindFromName(name);
  // A summary's or histogram's own name carries quantiles or is not used: gauges, like gauges and info.
  return 'gauge';
}

function kindOfChild(suffix: string, type: FamilyType): MetricKind | undefined {
  if (type === 'histogram') return suffix === '_created' ? 'gauge' : 'counter';
  if (type === 'summary') return suffix === '_count' || suffix === '_sum' ? 'counter' : 'gauge';
  if (type === 'counter') return suffix === '_total' ? 'counter' : 'gauge';
  if (type === 'unknown' || type === 'untyped') return undefined;
  return 'gauge';
}

const childSuffixes = ['_bucket', '_count', '_sum', '_total', '_created'];

/** The kind of series `name`, given the declared family types. */
export function kindOf(name: string, types: FamilyTypes): MetricKind {
  const own = types(name);
  if (own !== undefined) return kindOfOwnType(name, own);
  for (const suffix of childSuffixes) {
    if (!name.endsWith(suffix)) continue;
    const type = types(name.slice(0, -suffix.length));
    const kind = type === undefined ? undefined : kindOfChild(suffix, type);
    if (kind !== undefined) return kind;
  }
  return kindFromName(name);
}

const prompbTypes: readonly FamilyType[] = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'];

/**
 * Family types learnt from remote-write metadata, which Prometheus sends in requests of their own
 * (every minute by default): remembered across requests, at most `capacity` families (oldest dropped).
 */
export class MetadataTypes {
  private readonly types = new Map<string, FamilyType>();
  /** Changes whenever a family's type does, so cached kinds know to recompute. */
  version = 0;

  constructor(private readonly capacity = 100_000) {}

  learn(entries: readonly { type: number; family: string }[]): void {
    for (const entry of entries) {
      const type = prompbTypes[entry.type];
      if (type === undefined || entry.family === '') continue;
      if (this.types.get(entry.family) !== type) this.version++;
      this.types.delete(entry.family);
      this.types.set(entry.family, type);
      if (this.types.size > this.capacity) this.types.delete(this.types.keys().next().value as string);
    }
  }

  readonly lookup: FamilyTypes = (family) => this.types.get(family);
}
