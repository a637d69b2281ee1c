/**
 * Remembers what a series' label bytes resolved to (metric, labels, entity, kind), so a series
 * Prometheus sends again (every scrape interval) is neither decoded nor validated again. Bounded:
 * past `capacity` the oldest entry goes. The cached labels objects are frozen and shared by samples.
 */
import type { MetricKind } from '../../signals/index.js';

export interface SeriesInfo {
  metric: string;
  labels: Readonly<Record<string, string>>;
  entityId: string;
  kind: MetricKind;
  /** The metadata version `kind` was derived under; a newer version recomputes it. */
  typesVersion: number;
}

interface Entry {
  key: Buffer;
  info: SeriesInfo;
}

/** A byte range of a buffer: the label fields of one series. */
export interface LabelBytes {
  labelBuf: Uint8Array;
  labelStart: number;
  labelEnd: number;
}

function hashBytes({ labelBuf, labelStart, labelEnd }: LabelBytes): number {
  let hash = 2166136261 ^ (labelEnd - labelStart);
  for (let i = labelStart; i < labelEnd; i++) hash = Math.imul(hash ^ (labelBuf[i] as number), 16777619);
  return hash >>> 0;
}

function sameBytes(key: Buffer, { labelBuf, labelStart, labelEnd }: LabelBytes): boolean {
  if (key.length !== labelEnd - labelStart) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== labelBuf[labelStart + i]) return false;
  return true;
}

export class SeriesCache {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly capacity = 100_000) {}

  get size(): number {
    return this.entries.size;
  }

  get(labelBytes: LabelBytes): SeriesInfo | undefined {
    const entry = this.entries.get(hashBytes(labelBytes));
    return entry !== undefined && sameBytes(entry.key, labelBytes) ? entry.info : undefined;
  }

  set(labelBytes: LabelBytes, info: SeriesInfo): void {
    if (this.capacity <= 0) return;
    const hash = hashBytes(labelBytes);
    this.entries.delete(hash);
    this.entries.set(hash, { key: Buffer.from(labelBytes.labelBuf.subarray(labelBytes.labelStart, labelBytes.labelEnd)), info });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as number);
  }
}
