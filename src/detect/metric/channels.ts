/** The detector's evidence channels, each a surprise in σ-like units computed from the state and the new point. */
import type { DetectorConfig } from './config.js';
import { contextSurprise } from './context.js';
import { cycleSurprise } from './cycle.js';
import { MAD_TO_SD } from './level.js';
import { hourSurprise, NOVELTY_POINTS, quantise, shapeSurprise } from './pattern.js';
import { S } from './state.js';
import { stuckSurprise } from './stuck.js';

/** Which evidence gave the score: a point far from expected, a shift of recent points, a never-seen shape, a value never seen at its hour, a change in volatility, a value stuck, an hour unlike the same hour on previous days, or steps in an order never seen. */
export const Channel = { point: 0, shift: 1, pattern: 2, hour: 3, volatility: 4, stuck: 5, cycle: 6, context: 7 } as const;
export type Channel = (typeof Channel)[keyof typeof Channel];
export const CHANNELS = 8;

/** Smoothing of the recent mean of residuals, and σ of that mean for independent unit normals. */
const FAST_ALPHA = 0.25;
const FAST_SD = Math.sqrt(FAST_ALPHA / (2 - FAST_ALPHA));
/** Smoothing of the recent size of residuals. */
const VOLATILITY_ALPHA = 0.1;
const DAY = 86_400_000;

/** The recent mean of residuals against its own spread: real residuals are autocorrelated, so this is calibrated on the series. */
function shift(s: Float64Array, z: number, c: Readonly<DetectorConfig>, warming: boolean): number {
  const clipped = Math.max(-2 * c.clip, Math.min(2 * c.clip, z));
  const fastZ = (s[S.fastZ] ?? 0) + FAST_ALPHA * (clipped - (s[S.fastZ] ?? 0));
  s[S.fastZ] = fastZ;
  // Residuals during warm-up come from a model still forming: they would teach a too-wide spread.
  if (warming) return 0;
  const spread = Math.max(s[S.fastSpread] ?? 0, FAST_SD / MAD_TO_SD);
  s[S.fastSpread] = spread + c.scaleAlpha * (Math.min(Math.abs(fastZ), 3 * spread) - spread);
  return Math.abs(fastZ) / (MAD_TO_SD * spread);
}

/** How far the recent size of residuals departs from its usual size, in its own spreads. */
function volatility(s: Float64Array, z: number, c: Readonly<DetectorConfig>): number {
  const size = Math.min(Math.abs(z), 2 * c.clip);
  const recent = (s[S.volatility] ?? 0) + VOLATILITY_ALPHA * (size - (s[S.volatility] ?? 0));
  const mean = s[S.volatilityMean] ?? 0;
  const spread = Math.max(s[S.volatilitySpread] ?? 0, 0.05);
  s[S.volatility] = recent;
  s[S.volatilityMean] = mean + c.scaleAlpha * (recent - mean);
  s[S.volatilitySpread] = spread + c.scaleAlpha * (Math.min(Math.abs(recent - mean), 3 * spread) - spread);
  return Math.abs(recent - mean) / (MAD_TO_SD * spread);
}

/** Learns every channel from the point and writes the surprises into `out` (indexed by Channel); no allocation. */
export function channelSurprises(s: Float64Array, words: Int32Array, time: number, value: number, z: number, c: Readonly<DetectorConfig>, out: Float64Array): void {
  const bin = quantise(s, value, c.patternLevels, c.rangeContraction);
  const warming = (s[S.count] ?? 0) < c.warmup;
  out[Channel.point] = Math.abs(z);
  out[Channel.shift] = shift(s, z, c, warming);
  const shape = shapeSurprise(s, words, bin, c.patternLevels, c.patternOrder);
  const hour = c.hourChannel ? hourSurprise(s, words, time, bin, c.patternLevels) : 0;
  // A novelty rate means nothing before its averaging window has filled (everything is new at first),
  // nor a value new for its hour before a whole day was seen.
  const count = s[S.count] ?? 0;
  const young = count < NOVELTY_POINTS || time - (s[S.firstTime] ?? time) < DAY;
  out[Channel.pattern] = young ? 0 : shape;
  out[Channel.hour] = young ? 0 : hour;
  const context = contextSurprise(s, words, value);
  out[Channel.context] = young ? 0 : context;
  const stuck = stuckSurprise(s, value);
  out[Channel.stuck] = count < NOVELTY_POINTS ? 0 : stuck;
  // Volatility's statistics learn through the second half of warm-up, so they are not cold when scoring starts.
  const volatilityLearns = c.volatilityChannel && 2 * count >= c.warmup;
  const recentVolatility = volatilityLearns ? volatility(s, z, c) : 0;
  out[Channel.volatility] = warming ? 0 : recentVolatility;
  // The hour profile has its own readiness (two days of history), so only warm-up gates it.
  const cycle = cycleSurprise(s, time, value, c);
  out[Channel.cycle] = warming ? 0 : cycle;
}

/** State slot of each channel's envelope (the largest surprise it produced lately). */
export const ENVELOPES: readonly number[] = [S.envelope, S.shiftEnvelope, S.patternEnvelope, S.hourEnvelope, S.volatilityEnvelope, S.stuckEnvelope, S.cycleEnvelope, S.contextEnvelope];
