/**
 * The recent points of one series as its detector saw them, for charts: time, actual value, expected
 * value, the half-width of its band and the score. A ring of fixed capacity in one ArrayBuffer, so
 * recording a point (once per sample learned) allocates nothing. Compact: values in single precision
 * (7 significant digits, finer than a chart draws), times as milliseconds after a base, scores to
 * 1/65535. Not checkpointed: after a restart the ring fills again.
 */

/** Bytes a point takes: actual, expected and band half-width (float32), time after the base (int32), score (uint16). */
export const POINT_BYTES = 3 * Float32Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT + Uint16Array.BYTES_PER_ELEMENT;
const SCORE_STEPS = 0xffff;
/** The furthest a kept point lies after the base (about 24.8 days). */
const MAX_OFFSET = 0x7fffffff;

export interface RecentPoint {
  time: number;
  /** Null where single precision cannot hold the value (beyond ±3.4e38). */
  actual: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  score: number;
}

/** A value as kept, to the 7 digits single precision holds (0.12 reads as 0.12, not 0.11999999731779099). */
function readable(value: number): number | null {
  return Number.isFinite(value) ? Number(value.toPrecision(7)) : null;
}

export class RecentPoints {
  /** actual, expected and band half-width of each slot, in turn. */
  private readonly values: Float32Array;
  private readonly offsets: Int32Array;
  private readonly scores: Uint16Array;
  private base = 0;
  /** The slot the next point goes into. */
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
    const buffer = new ArrayBuffer(capacity * POINT_BYTES);
    this.values = new Float32Array(buffer, 0, 3 * capacity);
    this.offsets = new Int32Array(buffer, this.values.byteLength, capacity);
    this.scores = new Uint16Array(buffer, this.values.byteLength + this.offsets.byteLength, capacity);
  }

  /** Bytes the points take (the ring's few objects aside). */
  get bytes(): number {
    return this.capacity * POINT_BYTES;
  }

  get size(): number {
    return this.count;
  }

  /** Keeps a point, over the oldest once full. Times increase: a detector learns no point out of order. */
  record(time: number, actual: number, expected: number, halfWidth: number, score: number): void {
    if (this.count === 0) this.base = time;
    else if (time - this.base > MAX_OFFSET) this.rebase(time);
    const slot = this.next;
    this.offsets[slot] = time - this.base;
    this.values[3 * slot] = actual;
    this.values[3 * slot + 1] = expected;
    this.values[3 * slot + 2] = halfWidth;
    this.scores[slot] = Math.round(Math.min(1, Math.max(0, score)) * SCORE_STEPS);
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.count < this.capacity) this.count++;
  }

  /** The points kept, oldest first. */
  points(): RecentPoint[] {
    const points: RecentPoint[] = [];
    for (let i = 0, slot = this.oldestSlot(); i < this.count; i++, slot = slot + 1 === this.capacity ? 0 : slot + 1) {
      const expected = this.values[3 * slot + 1] ?? 0;
      const halfWidth = this.values[3 * slot + 2] ?? 0;
      points.push({
        time: this.base + (this.offsets[slot] ?? 0), actual: readable(this.values[3 * slot] ?? 0), expected: readable(expected),
        lower: readable(expected - halfWidth), upper: readable(expected + halfWidth), score: (this.scores[slot] ?? 0) / SCORE_STEPS,
      });
    }
    return points;
  }

  private oldestSlot(): number {
    return (this.next - this.count + this.capacity) % this.capacity;
  }

  /**
   * Moves the base up to the oldest point kept, so `time` fits after it; points too old for that (a series of
   * one point a few hours, or a gap of weeks) are dropped first. Rare: once per ~24 days of a series at most.
   */
  private rebase(time: number): void {
    while (this.count > 0 && time - (this.base + (this.offsets[this.oldestSlot()] ?? 0)) > MAX_OFFSET) this.count--;
    const base = this.count === 0 ? time : this.base + (this.offsets[this.oldestSlot()] ?? 0);
    const shift = base - this.base;
    for (let slot = 0; slot < this.capacity; slot++) this.offsets[slot] = (this.offsets[slot] ?? 0) - shift;
    this.base = base;
  }
}
