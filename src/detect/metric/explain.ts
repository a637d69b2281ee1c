/** The evidence behind the detector's last score, in terms a person can check against a graph. */
import type { MetricDetector } from './detector.js';
import { Channel } from './channels.js';
import { S } from './state.js';

const KINDS: Record<Channel, string> = {
  [Channel.point]: 'a point far from expected',
  [Channel.shift]: 'a shift of recent points',
  [Channel.pattern]: 'a shape never seen before',
  [Channel.hour]: 'a value never seen at this hour',
  [Channel.volatility]: 'a change in volatility',
  [Channel.stuck]: 'a value stuck',
  [Channel.cycle]: 'an hour unlike the same hour on previous days',
  [Channel.context]: 'steps in an order never seen',
};

export interface Explanation {
  time: number;
  actual: number;
  expected: number;
  /** The band inside which a point would have scored below 0.5. */
  lower: number;
  upper: number;
  score: number;
  /** Standard deviations between actual and expected (signed). */
  sigmas: number;
  /** Start of the current episode, when one is open. */
  since?: number;
  /** The strongest evidence: a point far from expected, a shift, a new shape, a value new for its hour, volatility, a value stuck, an hour unlike previous days, or steps in an order never seen. */
  kind: string;
  text: string;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** Half the width of the band around the expected value of the last scored point: inside it, a point would have scored below 0.5. */
export function bandHalfWidth(detector: MetricDetector): number {
  const s = detector.state;
  return Math.max(s[S.band] ?? 0, detector.config.minSurprise) * (s[S.sigma] ?? 0);
}

/** Explains the last scored point; undefined before any point was learned. */
export function explain(detector: MetricDetector): Explanation | undefined {
  const s = detector.state;
  if ((s[S.count] ?? 0) < 1) return undefined;
  const expected = s[S.expected] ?? 0;
  const width = bandHalfWidth(detector);
  const since = s[S.since] ?? NaN;
  const actual = s[S.actual] ?? 0;
  const sigmas = s[S.z] ?? 0;
  const direction = actual >= expected ? 'above' : 'below';
  const kind = KINDS[(s[S.channel] ?? 0) as Channel] ?? KINDS[Channel.point];
  const text = `${kind}: ${round(actual)} is ${Math.abs(sigmas).toFixed(1)}σ ${direction} the expected ${round(expected)} (normal ${round(expected - width)} to ${round(expected + width)})`;
  return {
    time: s[S.lastTime] ?? 0,
    actual,
    expected,
    lower: expected - width,
    upper: expected + width,
    score: s[S.score] ?? 0,
    sigmas,
    kind,
    ...(Number.isFinite(since) ? { since } : {}),
    text: Number.isFinite(since) ? `${text}, unusual since ${new Date(since).toISOString()}` : text,
  };
}
