/** The detector's whole per-series state: one Float64Array with named slots, so it serialises as raw bytes. */

/** Slot offsets into the state array. */
export const S = {
  count: 0,
  firstTime: 1,
  lastTime: 2,
  lastRaw: 3,
  level: 4,
  seasonLevel: 5,
  slowLevel: 6,
  errPlain: 7,
  errSeason: 8,
  fastZ: 9,
  quiet: 10,
  since: 11,
  score: 12,
  expected: 13,
  z: 14,
  interval: 15,
  actual: 16,
  sigma: 17,
  envelope: 18,
  fastSpread: 19,
  band: 20,
  shiftEnvelope: 21,
  patternEnvelope: 22,
  patternLow: 23,
  patternHigh: 24,
  patternContext: 25,
  patternRate: 26,
  patternRecent: 27,
  amplitude: 28,
  channel: 29,
  hourEnvelope: 30,
  hourRate: 31,
  hourRecent: 32,
  volatility: 33,
  volatilityMean: 34,
  volatilitySpread: 35,
  volatilityEnvelope: 36,
  lastValue: 37,
  repeatRun: 38,
  repeatRate: 39,
  stuckEnvelope: 40,
  cycleSum: 41,
  cyclePoints: 42,
  cycleHour: 43,
  cycleSpread: 44,
  cycleEnvelope: 45,
  contextKey: 46,
  contextRate: 47,
  contextEvidence: 48,
  stepScale: 49,
  contextEnvelope: 50,
  daily: 51,
  weekly: 51 + 24,
  words: 51 + 24 + 7,
  hourly: 51 + 24 + 7 + 19,
  size: 51 + 24 + 7 + 19 + 24,
} as const;

export const DAILY_BUCKETS = 24;
export const WEEKLY_BUCKETS = 7;
/** Bits of the set of quantised shapes seen, of (hour, value bin) pairs seen, and of step contexts seen (context.ts): 32-bit words packed two to a slot from S.words. */
export const PATTERN_BITS = 16 * 32;
export const HOUR_BITS = 6 * 32;
export const CONTEXT_BITS = 16 * 32;
/** Index of the first hour word in the words view (the pattern words come first), and of the first context word (after the hour words). */
export const HOUR_WORD = PATTERN_BITS / 32;
export const CONTEXT_WORD = (PATTERN_BITS + HOUR_BITS) / 32;
const WORDS = (PATTERN_BITS + HOUR_BITS + CONTEXT_BITS) / 32;
/** S.hourly holds 24 slots: each clock hour's mean relative to the one-day level, over previous days (cycle.ts). */

/**
 * The bit-set words of a state, as a 32-bit view over its slots from S.words (no copy: writes go to
 * the state). Two words can read as a NaN slot, so copy a state as bytes (toBytes, slice), never value by value.
 */
export function wordsOf(state: Float64Array): Int32Array {
  return new Int32Array(state.buffer, state.byteOffset + S.words * Float64Array.BYTES_PER_ELEMENT, WORDS);
}

/** A fresh state: nothing learned. */
export function emptyState(): Float64Array {
  const state = new Float64Array(S.size);
  state[S.since] = NaN;
  state[S.lastTime] = -Infinity;
  state[S.lastRaw] = NaN;
  state[S.patternLow] = NaN;
  state[S.patternHigh] = NaN;
  state[S.lastValue] = NaN;
  // Until the series has shown how often its step contexts are new, every one is taken as new.
  state[S.contextRate] = 1;
  return state;
}

/** Bytes of state per series. */
export const STATE_BYTES = S.size * Float64Array.BYTES_PER_ELEMENT;

/**
 * The layout before the context channel (896 bytes): the same slots up to S.contextKey, then its daily,
 * weekly, word and hourly blocks, 5 slots earlier and without the context words.
 */
const LEGACY = { daily: 46, words: 77, hourly: 88, size: 112 } as const;
export const LEGACY_STATE_BYTES = LEGACY.size * Float64Array.BYTES_PER_ELEMENT;

/** A state saved in the 896-byte layout, in today's: all it learned kept, the context channel starting fresh. */
export function upgradeLegacyState(old: Uint8Array): Float64Array {
  const state = emptyState();
  const bytes = new Uint8Array(state.buffer);
  const slot = Float64Array.BYTES_PER_ELEMENT;
  // Byte copies: the packed words may read as NaN slots, whose bits a copy by value need not keep.
  const move = (from: number, to: number, at: number) => bytes.set(old.subarray(from * slot, to * slot), at * slot);
  move(0, S.contextKey, 0);
  move(LEGACY.daily, LEGACY.words, S.daily);
  move(LEGACY.words, LEGACY.hourly, S.words);
  move(LEGACY.hourly, LEGACY.size, S.hourly);
  return state;
}
