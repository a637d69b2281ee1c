/** Streaming, causal anomaly detector for one metric series: forecasts each point, weighs seven kinds of evidence (channels.ts) against the series' own history, scores in [0, 1]. */
import { channelSurprises, CHANNELS, ENVELOPES } from './channels.js';
import { detectorConfig, type DetectorConfig, type DetectorOptions } from './config.js';
import { forecastInto, learnInterval, learnLevels } from './level.js';
import { emptyState, LEGACY_STATE_BYTES, S, upgradeLegacyState, wordsOf } from './state.js';

/** Larger magnitudes are rejected like NaN: differences and sums of accepted values can never overflow. */
export const MAX_MAGNITUDE = 1e150;

/**
 * One instance per series. `update(time, value)` learns from the point after scoring it against
 * the past alone; non-finite values (and beyond ±MAX_MAGNITUDE), and points not after the last one,
 * are scored 0 and not learned.
 */
export class MetricDetector {
  readonly config: Readonly<DetectorConfig>;
  readonly state: Float64Array;
  private readonly decay: number;
  private readonly surprises = new Float64Array(CHANNELS);
  /** The state's bit sets, viewed as 32-bit words. */
  private readonly words: Int32Array;

  constructor(options: DetectorOptions = {}, state?: Float64Array) {
    this.config = detectorConfig(options);
    if (state !== undefined && state.length !== S.size) throw new RangeError(`detector state must have ${S.size} slots, got ${state.length}`);
    this.state = state ?? emptyState();
    this.words = wordsOf(this.state);
    this.decay = Math.pow(0.5, 1 / this.config.envelopeHalfLife);
  }

  /** Event time of the last point learned, -Infinity before the first. */
  get lastTime(): number {
    return this.state[S.lastTime] ?? -Infinity;
  }

  /** Copies the state out as bytes (see STATE_BYTES); restore with `MetricDetector.fromBytes`. */
  toBytes(): Uint8Array {
    return new Uint8Array(this.state.slice().buffer);
  }

  /**
   * A detector that continues exactly where the serialised one stopped (one saved in the 896-byte layout of
   * earlier versions continues with all it learned, its context channel fresh); throws on a wrong size.
   */
  static fromBytes(bytes: Uint8Array, options: DetectorOptions = {}): MetricDetector {
    if (bytes.byteLength === LEGACY_STATE_BYTES) return new MetricDetector(options, upgradeLegacyState(bytes));
    if (bytes.byteLength !== S.size * 8) throw new RangeError(`detector state must be ${S.size * 8} bytes, got ${bytes.byteLength}`);
    const copy = new Uint8Array(bytes);
    return new MetricDetector(options, new Float64Array(copy.buffer));
  }

  /** Learns from history so that scoring starts warm; returns how many points were learned. */
  seed(times: ArrayLike<number>, values: ArrayLike<number>): number {
    const before = this.state[S.count] ?? 0;
    for (let i = 0; i < Math.min(times.length, values.length); i++) this.update(times[i] ?? NaN, values[i] ?? NaN);
    return (this.state[S.count] ?? 0) - before;
  }

  /** Scores a point in [0, 1] and learns from it; O(1), allocation-free. */
  update(time: number, raw: number): number {
    const s = this.state;
    if (!Number.isFinite(time) || !Number.isFinite(raw) || time <= (s[S.lastTime] ?? 0)) return 0;
    const value = this.config.kind === 'counter' ? this.rate(time, raw) : raw;
    const dt = time - (s[S.lastTime] ?? 0);
    s[S.lastTime] = time;
    if (!(Math.abs(value) <= MAX_MAGNITUDE)) return 0;
    const count = s[S.count] ?? 0;
    if (count === 0) return this.start(time, value);
    learnInterval(s, dt, count, this.config.gapIntervals);
    const score = this.scorePoint(time, value, count);
    learnLevels(s, time, value, count, this.config);
    s[S.count] = count + 1;
    return score;
  }

  private start(time: number, value: number): number {
    const s = this.state;
    s[S.count] = 1;
    s[S.firstTime] = time;
    s[S.level] = value;
    s[S.seasonLevel] = value;
    s[S.slowLevel] = value;
    s[S.expected] = value;
    s[S.actual] = value;
    s[S.score] = 0;
    return 0;
  }

  /** Counters are scored as their rate per second; a decrease is a restart from zero. */
  private rate(time: number, raw: number): number {
    const s = this.state;
    const last = s[S.lastRaw] ?? NaN;
    const dt = (time - (s[S.lastTime] ?? 0)) / 1000;
    s[S.lastRaw] = raw;
    if (!Number.isFinite(last) || !(dt > 0)) return NaN;
    return (raw >= last ? raw - last : raw) / dt;
  }

  private scorePoint(time: number, value: number, count: number): number {
    const s = this.state;
    forecastInto(s, time, this.config);
    const z = (value - (s[S.expected] ?? 0)) / (s[S.sigma] ?? 1);
    s[S.actual] = value;
    s[S.z] = z;
    channelSurprises(s, this.words, time, value, z, this.config, this.surprises);
    if (count < this.config.warmup) return (s[S.score] = 0);
    s[S.band] = Math.max(s[S.envelope] ?? 0, this.config.minSurprise);
    let ratio = 0;
    for (let channel = 0; channel < CHANNELS; channel++) {
      const r = this.novelty(ENVELOPES[channel] ?? S.envelope, this.surprises[channel] ?? 0);
      if (r > ratio || channel === 0) {
        ratio = r;
        s[S.channel] = channel;
      }
    }
    const score = 1 / (1 + Math.exp(-this.config.steepness * (ratio - this.config.margin)));
    return (s[S.score] = this.episode(time, score));
  }

  /**
   * A channel's surprise as a multiple of the largest it produced lately (a decaying envelope,
   * which then learns it): each series is judged against its own tails, not a Gaussian's.
   */
  private novelty(slot: number, surprise: number): number {
    const s = this.state;
    const envelope = Math.max(s[slot] ?? 0, this.config.minSurprise);
    s[slot] = Math.max((s[slot] ?? 0) * this.decay, surprise);
    return surprise / envelope;
  }

  /** One detection per episode: after a score at the threshold, the next points' scores are damped. */
  private episode(time: number, score: number): number {
    const s = this.state;
    const quiet = s[S.quiet] ?? 0;
    if (quiet > 0) {
      s[S.quiet] = quiet - 1;
      if (quiet === 1) s[S.since] = NaN;
      return score * this.config.episodeDamping;
    }
    if (score >= this.config.threshold) {
      s[S.quiet] = this.config.episodePoints;
      s[S.since] = time;
    }
    return score;
  }
}
