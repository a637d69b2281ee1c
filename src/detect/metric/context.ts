/**
 * Contextual novelty: how new the series' recent steps are. Each point becomes a symbol (its step from
 * the last value, as a direction and a size against the usual step, and its third of the value range);
 * the last three symbols form a context, remembered in a hashed bit set. A context never seen is
 * evidence as rare as the series' own rate of new contexts; evidence of close-together new contexts
 * adds up, and a little of it is taken as chance.
 */
import { index, remember } from './pattern.js';
import { CONTEXT_BITS, CONTEXT_WORD, S } from './state.js';

/** Step sizes, in usual steps, below which a step is flat and from which it is large. */
const FLAT_STEP = 0.5;
const LARGE_STEP = 2.5;
/** Step symbols: flat, up, large up, down, large down. */
const STEP_KINDS = 5;
/** Thirds of the value range (the shape channel's quantiser range). */
const VALUE_LEVELS = 3;
const ORDER = 3;
const SYMBOLS = STEP_KINDS * VALUE_LEVELS;
const SPACE = Math.pow(SYMBOLS, ORDER);
/** Smoothing of the usual step size, and of the usual rate of new contexts (about 200 points). */
const STEP_ALPHA = 0.01;
const RATE_ALPHA = 0.005;
/**
 * Smallest rate of new contexts believed: a new context on a series that has shown all of them is
 * about one in 3 000, not impossible.
 */
const RATE_FLOOR = 0.0003;
/** Share of the evidence of earlier new contexts kept per point: a cluster adds up over about 20 points. */
const EVIDENCE_KEPT = 0.95;
/**
 * Evidence taken as chance before any is counted: a lone new context is not news (on a noisy wave a
 * few turn up every day), two close together on a series that rarely shows one are.
 */
const CHANCE_EVIDENCE = 4;

/** The step from the last value as one of STEP_KINDS symbols, learning the usual step size. */
function stepKind(s: Float64Array, value: number): number {
  const last = s[S.lastValue] ?? NaN;
  const step = Number.isFinite(last) ? value - last : 0;
  const before = s[S.stepScale] ?? 0;
  const usual = before > 0 ? before + STEP_ALPHA * (Math.abs(step) - before) : Math.abs(step);
  s[S.stepScale] = usual;
  const size = usual > 0 ? Math.abs(step) / usual : 0;
  if (size < FLAT_STEP) return 0;
  const large = size < LARGE_STEP ? 0 : 1;
  return (step > 0 ? 1 : 3) + large;
}

/** Which third of the range [S.patternLow, S.patternHigh] (already widened to hold it) the value is in. */
function valueLevel(s: Float64Array, value: number): number {
  const low = s[S.patternLow] ?? value;
  const width = (s[S.patternHigh] ?? value) - low;
  return width > 0 ? Math.min(VALUE_LEVELS - 1, Math.floor(((value - low) / width) * VALUE_LEVELS)) : 0;
}

/**
 * Learns the context ending at `value` and returns its surprise in σ-like units: the evidence of a
 * new context is ln(1/p) for the usual rate p of new contexts, evidence adds up (and fades) over
 * recent points, and the surprise is √(2·(evidence − chance)), the σ of a normal tail that small.
 * Call before stuckSurprise, which moves S.lastValue on.
 */
export function contextSurprise(s: Float64Array, words: Int32Array, value: number): number {
  const symbol = stepKind(s, value) * VALUE_LEVELS + valueLevel(s, value);
  const context = (((s[S.contextKey] ?? 0) * SYMBOLS) % SPACE) + symbol;
  s[S.contextKey] = context;
  const novel = remember(words, CONTEXT_WORD, index(context, SPACE, CONTEXT_BITS));
  const rate = s[S.contextRate] ?? 1;
  s[S.contextRate] = rate + RATE_ALPHA * (novel - rate);
  const evidence = (s[S.contextEvidence] ?? 0) * EVIDENCE_KEPT + novel * -Math.log(Math.max(rate, RATE_FLOOR));
  s[S.contextEvidence] = evidence;
  return Math.sqrt(2 * Math.max(0, evidence - CHANCE_EVIDENCE));
}
