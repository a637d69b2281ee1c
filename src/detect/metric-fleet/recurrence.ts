/**
 * Excursions made again and again, by a series or by many of its peers, are how series of that kind
 * behave: a p90 over few requests that jumps to a timeout's length every hour or so on every pod, a
 * batch job's CPU on every worker. Each excursion that passes a series' gate is remembered by the
 * metric, the level it left (its expected value) and the level it reached, each as a bin on a log
 * scale a quarter of a decade wide. An excursion is a habit when the same move (the same bins or the
 * next ones) was made `episodes` times before, within `memory` and at least `apart` before it, each
 * series counting once per `apart` of time: excursions of many series at once are one event (an
 * outage reaching every service), and a fault that comes back minutes after the last is news, not
 * habit. A habit stays evidence (an anomaly for correlation and root-cause analysis), not an alert.
 * Pure: plain maps, checkpointed with the fleet (entries(), restore()).
 */
import { z } from 'zod';

export interface RecurrenceOptions {
  /** Earlier episodes of the same move (each series counting once per `apart`) that make an excursion a habit. */
  episodes: number;
  /** How long an excursion is remembered (ms of event time). */
  memory: number;
  /** Episodes closer in time than this are one event, not earlier ones; a series counts once per this much time (ms). */
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

/** The memory as checkpoints hold it: each move with its episodes and when they began. */
export const recurrenceEntriesSchema = z.array(z.tuple([z.string().min(1), z.array(z.tuple([z.string().min(1), z.number()]))]));
export type RecurrenceEntries = z.infer<typeof recurrenceEntriesSchema>;

function moveKey(metric: string, from: string, to: string): string {
  return `${metric}\u0000${from}\u0000${to}`;
}

export class Recurrence {
  /** By move (metric, expected bin, reached bin): the episodes that made it, one per series and `apart` of time, with when it began. */
  private readonly moves = new Map<string, Map<string, number>>();

  constructor(private readonly options: RecurrenceOptions) {}

  /**
   * Whether an excursion of `seriesKey` beginning at `time`, from `expected` to `actual`, is a habit of
   * its metric's series; it is remembered either way.
   */
  isHabit(metric: string, seriesKey: string, time: number, expected: number, actual: number): boolean {
    const from = levelBins(expected);
    const to = levelBins(actual);
    const earlier = new Set<string>();
    for (const a of from.near) for (const b of to.near) this.earlierEpisodes(moveKey(metric, a, b), time, earlier);
    const move = moveKey(metric, from.bin, to.bin);
    let episodes = this.moves.get(move);
    if (episodes === undefined) this.moves.set(move, (episodes = new Map<string, number>()));
    const episode = `${seriesKey}\u0000${Math.floor(time / this.options.apart)}`;
    if (!episodes.has(episode)) episodes.set(episode, time);
    return earlier.size >= this.options.episodes;
  }

  /** The episodes remembered, by move, for a checkpoint. */
  entries(): RecurrenceEntries {
    return [...this.moves].map(([move, episodes]) => [move, [...episodes]]);
  }

  /** Remembers the episodes of a checkpoint's entries(), as well as any it holds. */
  restore(entries: RecurrenceEntries): void {
    for (const [move, episodes] of entries) {
      if (episodes.length === 0) continue;
      let known = this.moves.get(move);
      if (known === undefined) this.moves.set(move, (known = new Map<string, number>()));
      for (const [episode, start] of episodes) if (!known.has(episode)) known.set(episode, start);
    }
  }

  /** Adds to `earlier` the episodes of a move that began within memory and at least `apart` before `time`; forgets older ones, and the move once none is left. */
  private earlierEpisodes(move: string, time: number, earlier: Set<string>): void {
    const episodes = this.moves.get(move);
    if (episodes === undefined) return;
    for (const [episode, start] of episodes) {
      if (time - start > this.options.memory) episodes.delete(episode);
      else if (time - start >= this.options.apart) earlier.add(episode);
    }
    if (episodes.size === 0) this.moves.delete(move);
  }
}
