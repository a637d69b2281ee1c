/** Per-series trend forecast and time-to-threshold ("disk full in about 5 h"), from an exponentially weighted linear fit. */

/** Weighted sums of a linear fit; times are relative to `origin` (ms) for precision. Plain data, serialisable. */
export interface TrendState {
  origin: number;
  w: number;
  t: number;
  x: number;
  tt: number;
  tx: number;
  last: number;
}

export interface Trend {
  /** Fitted value at the last point. */
  level: number;
  /** Change per hour. */
  slopePerHour: number;
}

export interface ThresholdForecast {
  /** Milliseconds from the last point until the fitted line crosses the threshold. */
  inMs: number;
  at: number;
  text: string;
}

const HOUR = 3_600_000;

export function initialTrend(): TrendState {
  return { origin: NaN, w: 0, t: 0, x: 0, tt: 0, tx: 0, last: NaN };
}

/**
 * Learns a point; `halfLifeMs` sets how fast old points are forgotten (time-based, so irregular
 * sampling and gaps weigh by time, not by count). Non-finite and out-of-order points are ignored.
 */
export function learnTrend(state: TrendState, time: number, value: number, halfLifeMs = 6 * HOUR): TrendState {
  if (!Number.isFinite(time) || !Number.isFinite(value) || time <= state.last) return state;
  const origin = Number.isFinite(state.origin) ? state.origin : time;
  const decay = Number.isFinite(state.last) ? Math.pow(0.5, (time - state.last) / halfLifeMs) : 1;
  const t = (time - origin) / HOUR;
  return {
    origin,
    w: state.w * decay + 1,
    t: state.t * decay + t,
    x: state.x * decay + value,
    tt: state.tt * decay + t * t,
    tx: state.tx * decay + t * value,
    last: time,
  };
}

/** The fitted trend, or undefined until two distinct times were seen. */
export function trendOf(state: TrendState): Trend | undefined {
  if (state.w <= 0) return undefined;
  const meanT = state.t / state.w;
  const meanX = state.x / state.w;
  const variance = state.tt / state.w - meanT * meanT;
  if (!(variance > 1e-12)) return undefined;
  const slope = (state.tx / state.w - meanT * meanX) / variance;
  const now = (state.last - state.origin) / HOUR;
  return { level: meanX + slope * (now - meanT), slopePerHour: slope };
}

function humanDuration(ms: number): string {
  const hours = ms / HOUR;
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}

/**
 * When the trend will cross `threshold` (upward if it lies above the level, downward if below);
 * undefined when the trend heads away from it or is flat. Already at or past it: inMs = 0.
 */
export function timeToThreshold(state: TrendState, threshold: number, name = 'threshold'): ThresholdForecast | undefined {
  const trend = trendOf(state);
  if (trend === undefined) return undefined;
  const gap = threshold - trend.level;
  if (gap === 0 || (gap > 0 && trend.slopePerHour <= 0) || (gap < 0 && trend.slopePerHour >= 0)) return gap === 0 ? { inMs: 0, at: state.last, text: `${name} reached` } : undefined;
  const inMs = (gap / trend.slopePerHour) * HOUR;
  return { inMs, at: state.last + inMs, text: `${name} in about ${humanDuration(inMs)}` };
}

/** A predictive alert: the threshold will be crossed within `horizonMs` (and has not been yet). */
export function predictiveAlert(state: TrendState, threshold: number, horizonMs: number, name = 'threshold'): ThresholdForecast | undefined {
  const forecast = timeToThreshold(state, threshold, name);
  return forecast !== undefined && forecast.inMs > 0 && forecast.inMs <= horizonMs ? forecast : undefined;
}
