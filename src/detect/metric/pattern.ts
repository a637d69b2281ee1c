/** Novelty channels: how often the series shows quantised shapes, or values at an hour of day, it has never shown before. */
import { HOUR_BITS, HOUR_WORD, PATTERN_BITS, S } from './state.js';

/** Smoothing of the usual rate of novelties (long) and of the recent rate (short). */
const RATE_ALPHA = 0.005;
const RECENT_ALPHA = 0.1;
const RECENT_SD = Math.sqrt(RECENT_ALPHA / (2 - RECENT_ALPHA));
const HOUR = 3_600_000;
/** Points the usual rate of novelties needs before it means anything. */
export const NOVELTY_POINTS = 1 / RATE_ALPHA;
/**
 * Smallest usual rate of novelties believed. The usual rate is an average over about 1/RATE_ALPHA
 * points, so it cannot tell a rate below RATE_ALPHA from zero; at twice that, a single new shape on a
 * series that has shown all its shapes stays below 4σ (under the detector's minimum surprise), so
 * it takes a cluster of novelties, not one, to be news.
 */
export const RATE_FLOOR = 2 * RATE_ALPHA;

/** Quantises a value into `levels` bins of the range seen so far (the range only widens). */
export function quantise(state: Float64Array, value: number, levels: number, contraction: number): number {
  let low = state[S.patternLow] ?? NaN;
  let high = state[S.patternHigh] ?? NaN;
  // The range forgets slowly, so one ancient extreme does not squeeze everything into one bin.
  const shrink = (high - low) * contraction;
  low = value >= low + shrink ? low + shrink : value < low ? value : low;
  high = value <= high - shrink ? high - shrink : value > high ? value : high;
  if (!(value >= low)) low = value;
  if (!(value <= high)) high = value;
  state[S.patternLow] = low;
  state[S.patternHigh] = high;
  const width = high - low;
  return width > 0 ? Math.min(levels - 1, Math.floor(((value - low) / width) * levels)) : 0;
}

/** Marks `index` in the bit set starting at word `first`; returns 1 when it was new. */
export function remember(words: Int32Array, first: number, index: number): number {
  const slot = first + (index >>> 5);
  const bit = 1 << (index & 31);
  const word = words[slot] ?? 0;
  if ((word & bit) !== 0) return 0;
  words[slot] = word | bit;
  return 1;
}

/** How much the recent rate of novelties exceeds the usual rate, in σ-like units (0 when it does not). */
function excess(state: Float64Array, rateSlot: number, recentSlot: number, novel: number): number {
  const rate = state[rateSlot] ?? 1;
  const recent = (state[recentSlot] ?? 0) + RECENT_ALPHA * (novel - (state[recentSlot] ?? 0));
  state[recentSlot] = recent;
  state[rateSlot] = rate + RATE_ALPHA * (novel - rate);
  const p = Math.min(Math.max(rate, RATE_FLOOR), 0.5);
  return Math.max(0, (recent - p) / (Math.sqrt(p * (1 - p)) * RECENT_SD));
}

/** Fits `context` into `bits` bits: directly when it can, else by a multiplicative hash (collisions only hide novelty). */
export function index(context: number, space: number, bits: number): number {
  return space <= bits ? context : (Math.imul(context, 0x9e3779b1) >>> 0) % bits;
}

/** Learns the shape ending at bin `q` (the last `order` bins) and returns its novelty surprise. */
export function shapeSurprise(state: Float64Array, words: Int32Array, q: number, levels: number, order: number): number {
  const space = Math.pow(levels, order);
  const context = (((state[S.patternContext] ?? 0) * levels) % space) + q;
  state[S.patternContext] = context;
  const novel = remember(words, 0, index(context, space, PATTERN_BITS));
  return excess(state, S.patternRate, S.patternRecent, novel);
}

/** Learns bin `q` at the hour of `time` and returns the novelty surprise of values unseen at that hour. */
export function hourSurprise(state: Float64Array, words: Int32Array, time: number, q: number, levels: number): number {
  const hour = Math.floor(time / HOUR) % 24;
  const novel = remember(words, HOUR_WORD, index(hour * levels + q, 24 * levels, HOUR_BITS));
  return excess(state, S.hourRate, S.hourRecent, novel);
}

