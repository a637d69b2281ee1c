/** Stuck-value evidence: how unlikely the current run of exactly repeated values is, given how often this series repeats itself. */
import { S } from './state.js';

/** Smoothing of the usual rate of repeats (about 200 points), and the rates believed at the extremes. */
const REPEAT_ALPHA = 0.005;
const REPEAT_FLOOR = 0.01;
const REPEAT_CEILING = 0.99;

/**
 * Learns the value and returns the surprise of the run it ends, in σ-like units: a run of k repeats
 * has probability p^k if repeats came independently at the usual rate p, and a normal tail that
 * small lies about √(2·k·ln(1/p)) σ out. Exact repeats only: a frozen exporter repeats exactly.
 */
export function stuckSurprise(s: Float64Array, value: number): number {
  const repeat = value === s[S.lastValue] ? 1 : 0;
  const rate = s[S.repeatRate] ?? 0;
  const run = repeat === 1 ? (s[S.repeatRun] ?? 0) + 1 : 0;
  s[S.lastValue] = value;
  s[S.repeatRun] = run;
  // A plain average at first, so a series that repeats from the start (a constant) is known to.
  s[S.repeatRate] = rate + Math.max(REPEAT_ALPHA, 1 / ((s[S.count] ?? 0) + 1)) * (repeat - rate);
  const p = Math.min(Math.max(rate, REPEAT_FLOOR), REPEAT_CEILING);
  return run > 0 ? Math.sqrt(-2 * run * Math.log(p)) : 0;
}
