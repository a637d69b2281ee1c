/**
 * Whether a series' deviation is strong enough to promise that someone should look. A false-alarm
 * budget per series becomes a threshold by extreme-value theory: the series' own deviations above a
 * fixed level are modelled as a generalised Pareto tail (method of moments, as SPOT does: Siffer et
 * al., KDD 2017), starting from a prior tail so that a young series is judged conservatively: the
 * pooled tail of its peers (the same metric on other pods) once they have shown enough peaks, else a
 * fixed exponential tail.
 * Two statistics are judged, each with half the budget: one point far out, and three points in a row
 * out. Points of an open alert are not learned (a fault must not teach the series that faults are
 * normal), but the point that opens one is, an hour later: up to twice the threshold for the
 * single-point statistic, so a series whose spikes recur (a p90 over few requests jumping 1000-fold
 * now and then) learns within a few spikes that lone spikes are its normal, while one huge spike does
 * not lift the threshold past every later fault; at the threshold's size for the sustained one, so
 * that a one-off sustained fault barely moves it. The hour's wait is for faults that come back: one
 * learned at once lifts a young series' threshold tenfold, and the same fault minutes later would
 * pass unseen. Pure but for the state, plain JSON-safe data updated in place (one per series, on the hot path).
 */

/** The tail of one statistic: points seen and the peaks above its level, with their excess sums (all decaying). */
export interface TailState {
  points: number;
  peaks: number;
  sum: number;
  sumSq: number;
}

export interface GateState {
  point: TailState;
  sustained: TailState;
  /** The previous point's directional deviation (σ), for the sustained statistic, and the one before it. */
  previous: number;
  before: number;
  /** What the last opening point will teach each tail (its clipped excesses), and the points left until it does. */
  pending: { point: number; sustained: number; wait: number } | null;
}

/** What peers learned, pooled: the prior of a series too young to know its own tail. */
export interface PeerTails {
  point: TailState;
  sustained: TailState;
}

interface Prior {
  /** Share of points that are peaks, mean excess and mean squared excess. */
  rate: number;
  mean: number;
  meanSq: number;
}
export interface GateOptions {
  /** Expected false alerts per 1,000 series-days of normal behaviour. */
  falseAlertsPer1000SeriesDays: number;
  /** No deviation below this many σ is ever an alert, whatever the tail says. */
  minSigmas: number;
}

export interface GateVerdict {
  /** Deviation as a multiple of the threshold it had to pass (≥ 1: pass). */
  strength: number;
  pass: boolean;
}

const DAY_MS = 86_400_000;
/** Levels above which deviations count as peaks of each statistic (σ). */
const POINT_LEVEL = 3;
const SUSTAINED_LEVEL = 2;
/** The most a point that opens an alert teaches the single-point tail, as a multiple of the threshold it passed. */
const POINT_CLIP = 2;
/** The prior weighs as much as 5 peaks; without peers, 2 % of points are peaks with an exponential excess of mean 1σ. */
const PRIOR_PEAKS = 5;
const FIXED_PRIOR: Prior = { rate: 0.02, mean: 1, meanSq: 2 };
/** Peaks peers must have shown together before their tail is the prior. */
const PEER_PEAKS = 20;
/** How long the point that opens an alert waits before it is learned (ms of the series' points). */
const OPENING_WAIT_MS = 3_600_000;
/** Memory of the tail, in points (a week at one point a minute): the budget holds as a series changes. */
const HALF_LIFE_POINTS = 10_000;
const DECAY = Math.pow(0.5, 1 / HALF_LIFE_POINTS);

function emptyTail(): TailState {
  return { points: 0, peaks: 0, sum: 0, sumSq: 0 };
}

export function initialGate(): GateState {
  return { point: emptyTail(), sustained: emptyTail(), previous: 0, before: 0, pending: null };
}

export function initialPeerTails(): PeerTails {
  return { point: emptyTail(), sustained: emptyTail() };
}

function priorOf(peers: TailState | undefined): Prior {
  if (peers === undefined || peers.peaks < PEER_PEAKS) return FIXED_PRIOR;
  // Peers tell how often and how far a series of their kind strays, not the shape of its tail: pooled
  // across series, a few faults elsewhere would make every series' prior heavy-tailed (exponential instead).
  const mean = peers.sum / peers.peaks;
  return { rate: peers.peaks / peers.points, mean, meanSq: 2 * mean * mean };
}

/**
 * The value a statistic passes with probability `risk` per point: the generalised Pareto tail fitted
 * by moments to the prior and the learned peaks, extrapolated from the level.
 */
export function tailThreshold(tail: TailState, level: number, risk: number, peers?: TailState): number {
  const prior = priorOf(peers);
  const peaks = tail.peaks + PRIOR_PEAKS;
  const points = tail.points + PRIOR_PEAKS / prior.rate;
  const mean = (tail.sum + PRIOR_PEAKS * prior.mean) / peaks;
  const variance = Math.max((tail.sumSq + PRIOR_PEAKS * prior.meanSq) / peaks - mean * mean, 1e-9);
  const ratio = (mean * mean) / variance;
  const shape = Math.min(0.5, Math.max(-0.3, 0.5 * (1 - ratio)));
  const scale = 0.5 * mean * (1 + ratio);
  const odds = (risk * points) / peaks;
  if (odds >= 1) return level;
  if (Math.abs(shape) < 1e-6) return level - scale * Math.log(odds);
  return level + (scale / shape) * (Math.pow(odds, -shape) - 1);
}

/**
 * Learns one point, at most `clipAt`, into a tail, in place; the same excess also goes into the peers' tail, given one.
 * The point that opens an alert is not learned here but returned, to be learned later; other points of an open alert are not learned.
 */
function learn(tail: TailState, value: number, level: number, threshold: number, alerting: boolean, clipAt: number, peers?: TailState): number | undefined {
  if (value >= threshold) return alerting ? undefined : Math.max(0, Math.min(value, clipAt) - level);
  const excess = Math.max(0, value - level);
  if (peers !== undefined) addPoint(peers, excess);
  addPoint(tail, excess);
  return undefined;
}

/** Holds an opening point's excesses for an hour; one that opens while another waits adds to it (the larger excess), without restarting the wait. */
function holdOpening(state: GateState, point: number, sustained: number, intervalMs: number): void {
  const waiting = state.pending;
  if (waiting !== null) {
    waiting.point = Math.max(waiting.point, point);
    waiting.sustained = Math.max(waiting.sustained, sustained);
    return;
  }
  state.pending = { point, sustained, wait: Math.ceil(OPENING_WAIT_MS / Math.max(intervalMs, 1000)) };
}

/** Learns the opening point once it has waited its time; counts the wait down otherwise. */
function learnPending(state: GateState): void {
  const pending = state.pending;
  if (pending === null) return;
  if ((pending.wait -= 1) > 0) return;
  addPoint(state.point, pending.point);
  addPoint(state.sustained, pending.sustained);
  state.pending = null;
}

function addPoint(tail: TailState, excess: number): void {
  tail.points = tail.points * DECAY + 1;
  tail.peaks = tail.peaks * DECAY + (excess > 0 ? 1 : 0);
  tail.sum = tail.sum * DECAY + excess;
  tail.sumSq = tail.sumSq * DECAY + excess * excess;
}

/** Per-point risk of a false alert for each of the two statistics, from the budget and the series' sampling interval. */
export function riskPerPoint(options: GateOptions, intervalMs: number): number {
  const pointsPerDay = DAY_MS / Math.min(Math.max(intervalMs, 1000), DAY_MS);
  return options.falseAlertsPer1000SeriesDays / 1000 / pointsPerDay / 2;
}

/**
 * Judges one point's directional deviation (σ, ≥ 0: how far the series moved the way that hurts)
 * and learns from it, updating `state` (and `peers`, the pooled tail of its peers) in place;
 * `alerting` says an alert of the series is open.
 */
export function judgeDeviation(state: GateState, deviation: number, intervalMs: number, options: GateOptions, alerting: boolean, peers?: PeerTails): GateVerdict {
  const d = Number.isFinite(deviation) ? Math.max(0, deviation) : 0;
  learnPending(state);
  const sustained = Math.min(d, state.previous, state.before);
  state.before = state.previous;
  state.previous = d;
  // Most points are within 2σ: below both levels and half of any threshold, they need no tail fit.
  if (d <= SUSTAINED_LEVEL && sustained <= SUSTAINED_LEVEL && 2 * Math.max(d, sustained) < options.minSigmas) {
    addPoint(state.point, 0);
    addPoint(state.sustained, 0);
    if (peers !== undefined) addPoint(peers.point, 0);
    return { strength: Math.max(d, sustained) / options.minSigmas, pass: false };
  }
  const risk = riskPerPoint(options, intervalMs);
  const pointThreshold = Math.max(tailThreshold(state.point, POINT_LEVEL, risk, peers?.point), options.minSigmas);
  const sustainedThreshold = Math.max(tailThreshold(state.sustained, SUSTAINED_LEVEL, risk), options.minSigmas);
  const strength = Math.max(d / pointThreshold, sustained / sustainedThreshold);
  const opening = [
    learn(state.point, d, POINT_LEVEL, pointThreshold, alerting, POINT_CLIP * pointThreshold, peers?.point),
    learn(state.sustained, sustained, SUSTAINED_LEVEL, sustainedThreshold, alerting, sustainedThreshold),
  ];
  if (opening.some((excess) => excess !== undefined)) holdOpening(state, opening[0] ?? 0, opening[1] ?? 0, intervalMs);
  return { strength, pass: strength >= 1 };
}
