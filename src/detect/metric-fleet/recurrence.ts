/**
 * Excursions that many peers have made before are how series of that kind behave: a p90 over few
 * requests that jumps to a timeout's length now and then on every pod, a batch job's CPU on every
 * worker. Each excursion that passes a series' gate is remembered by the metric, the level it left
 * (its expected value) and the level it reached, each as a bin on a log scale a quarter of a decade
 * wide. An excursion is a habit when enough other series of the same metric made the same move
 * (the same bins or the next ones) earlier, apart from it in time: excursions of many series at once are one event (an
 * outage reaching every service), not a habit. A habit stays evidence (an anomaly for correlation
 * and root-cause analysis), not an alert. Pure: plain maps, relearned after a restart.
 */

export interface RecurrenceOptions {
  /** Other series that must have made the same move before an excursion is a habit. */
  peerSeries: number;
  /** How long an excursion is remembered (ms of event time). */
  memory: number;
  /** Excursions of other series closer in time than this are the same event, not earlier ones (ms). */
  apart: number;
}

/** A series' current excursion (its anomaly episode, by when it began), and whether it is a habit. */
export interface Excursion {
  since: number;
  habit: boolean;
}

export function initialExcursion(): Excursion {
  return { since: Number.NaN, habit: false };
}

/** Bins per decade of the value: a quarter decade, a factor of about 1.8. */
const BINS_PER_DECADE = 4;

/** The bins of a value and of its neighbours on a signed log scale; values within 1e-9 of zero share one bin, without neighbours. */
export function levelBins(value: number): { bin: string; near: string[] } {
  if (!Number.isFinite(value) || Math.abs(value) < 1e-9) return { bin: '0', near: ['0'] };
  const sign = value < 0 ? '-' : '+';
  const bin = Math.floor(Math.log10(Math.abs(value)) * BINS_PER_DECADE);
  return { bin: `${sign}${bin}`, near: [bin - 1, bin, bin + 1].map((b) => `${sign}${b}`) };
}

function moveKey(metric: string, from: string, to: string): string {
  return `${metric}\u0000${from}\u0000${to}`;
}

export class Recurrence {
  /** By move (metric, expected bin, reached bin): when each series first made it, within memory. */
  private readonly moves = new Map<string, Map<string, number>>();

  constructor(private readonly options: RecurrenceOptions) {}

  /**
   * Whether an excursion of `seriesKey` beginning at `time`, from `expected` to `actual`, is a habit of
   * its metric's series; it is remembered either way.
   */
  isHabit(metric: string, seriesKey: string, time: number, expected: number, actual: number): boolean {
    const from = levelBins(expected);
    const to = levelBins(actual);
    const peers = new Set<string>();
    for (const a of from.near) for (const b of to.near) this.earlierPeers(this.moves.get(moveKey(metric, a, b)), seriesKey, time, peers);
    const move = moveKey(metric, from.bin, to.bin);
    let starts = this.moves.get(move);
    if (starts === undefined) this.moves.set(move, (starts = new Map<string, number>()));
    // The first start within memory: a series that makes the move every hour counts as having made it long ago.
    if (!starts.has(seriesKey)) starts.set(seriesKey, time);
    return peers.size >= this.options.peerSeries;
  }

  /** Adds to `peers` the other series whose excursion making a move began within memory and at least `apart` before `time`; forgets older ones. */
  private earlierPeers(starts: Map<string, number> | undefined, seriesKey: string, time: number, peers: Set<string>): void {
    if (starts === undefined) return;
    for (const [key, start] of starts) {
      if (time - start > this.options.memory) starts.delete(key);
      else if (key !== seriesKey && time - start >= this.options.apart) peers.add(key);
    }
  }
}
