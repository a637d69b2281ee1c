/**
 * The recent points of one series as its detector saw them, for charts: time, actual value, expected
 * value, the half-width of its band, and whether it was an anomaly. A ring of fixed capacity in one
 * ArrayBuffer, each point one 16-byte record read through one DataView: recording a point (once per
 * sample learned) allocates nothing and touches one cache line, not one per field. Compact: values
 * in single precision (7 significant digits, finer than a chart draws), times as milliseconds after
 * a base. Not checkpointed: after a restart the ring fills again.
 */

/** Bytes a point takes: time after the base (int32); actual, expected and band half-width (float32). */
export const POINT_BYTES = 16;
const TIME = 0;
const ACTUAL = 4;
const EXPECTED = 8;
/** The half-width is never negative: its sign bit says whether the point was an anomaly. */
const HALF_WIDTH = 12;
/** The furthest a kept point lies after the base (about 24.8 days). */
const MAX_OFFSET = 0x7fffffff;

export interface RecentPoint {
  time: number;
  /** Null where single precision cannot hold the value (beyond ±3.4e38). */
  actual: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  anomalous: boolean;
}

/** A value as kept, to the 7 digits single precision holds (0.12 reads as 0.12, not 0.11999999731779099). */
function readable(value: number): number | null {
  return Number.isFinite(value) ? Number(value.toPrecision(7)) : null;
}

export class RecentPoints {
  private readonly view: DataView;
  private base = 0;
  /** The slot the next point goes into. */
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
    this.view = new DataView(new ArrayBuffer(capacity * POINT_BYTES));
  }

  /** Bytes the points take (the ring's two objects aside). */
  get bytes(): number {
    return this.capacity * POINT_BYTES;
  }

  get size(): number {
    return this.count;
  }

  /** Keeps a point, over the oldest once full. Times increase: a detector learns no point out of order. */
  record(time: number, actual: number, expected: number, halfWidth: number, anomalous: boolean): void {
    if (this.count === 0) this.base = time;
    else if (time - this.base > MAX_OFFSET) this.rebase(time);
    const at = this.next * POINT_BYTES;
    this.view.setInt32(at + TIME, time - this.base, true);
    this.view.setFloat32(at + ACTUAL, actual, true);
    this.view.setFloat32(at + EXPECTED, expected, true);
    this.view.setFloat32(at + HALF_WIDTH, anomalous ? -Math.abs(halfWidth) : Math.abs(halfWidth), true);
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    if (this.count < this.capacity) this.count++;
  }

  /** The points kept, oldest first. */
  points(): RecentPoint[] {
    const points: RecentPoint[] = [];
    for (let i = 0, slot = this.oldestSlot(); i < this.count; i++, slot = slot + 1 === this.capacity ? 0 : slot + 1) {
      const at = slot * POINT_BYTES;
      const expected = this.view.getFloat32(at + EXPECTED, true);
      const signedWidth = this.view.getFloat32(at + HALF_WIDTH, true);
      const halfWidth = Math.abs(signedWidth);
      points.push({
        time: this.timeAt(slot), actual: readable(this.view.getFloat32(at + ACTUAL, true)), expected: readable(expected),
        lower: readable(expected - halfWidth), upper: readable(expected + halfWidth), anomalous: signedWidth < 0 || Object.is(signedWidth, -0),
      });
    }
    return points;
  }

  private timeAt(slot: number): number {
    return this.base + this.view.getInt32(slot * POINT_BYTES + TIME, true);
  }

  private oldestSlot(): number {
    return (this.next - this.count + this.capacity) % this.capacity;
  }

  /**
   * Moves the base up to the oldest point kept, so `time` fits after it; points too old for that (a series of
   * one point a few hours, or a gap of weeks) are dropped first. Rare: once per ~24 days of a series at most.
   */
  private rebase(time: number): void {
    while (this.count > 0 && time - this.timeAt(this.oldestSlot()) > MAX_OFFSET) this.count--;
    const base = this.count === 0 ? time : this.timeAt(this.oldestSlot());
    for (let i = 0, slot = this.oldestSlot(); i < this.count; i++, slot = slot + 1 === this.capacity ? 0 : slot + 1) {
      this.view.setInt32(slot * POINT_BYTES + TIME, this.timeAt(slot) - base, true);
    }
    this.base = base;
  }
}
