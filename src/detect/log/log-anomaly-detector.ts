/**
 * Log anomalies per entity on event time: a template never seen before (after warm-up), a template whose count
 * per window shifts far from its learned baseline, and bursts of error lines. Each closed window also measures how
 * far the entity's mix of templates moved from its usual mix (a sample of TEMPLATE_MIX_SHIFT, which the metric
 * detectors judge like any series): a fault that logs no error still changes which lines a service writes, and
 * how often. Pure: records in, anomalies and samples out; an entity's baselines snapshot to plain JSON-safe data
 * and restore, so a restart does not warm up again.
 */
import type { Anomaly } from '../../signals/anomaly.js';
import type { LogRecord } from '../../signals/log-record.js';
import type { Sample } from '../../signals/sample.js';
import { mixShift } from '../mix-shift.js';
import { logAnomalyConfig, type LogAnomalyConfig, type LogAnomalyOptions } from './anomaly-config.js';

/** A mined line: the record (with its templateId set) and its template's text. */
export interface MinedRecord {
  record: LogRecord & { templateId: string };
  template: string;
}

/**
 * The share of an entity's lines that would have to change template for a window to have its usual mix (total
 * variation distance between the window's template proportions and the baselines'): 0 as usual, 1 all different.
 */
export const TEMPLATE_MIX_SHIFT = 'opsight_log_template_mix_shift';

export const LogDetector = {
  newTemplate: 'log.new-template',
  newErrorTemplate: 'log.new-error-template',
  rateShift: 'log.rate-shift',
  errorBurst: 'log.error-burst',
} as const;
export type LogDetector = (typeof LogDetector)[keyof typeof LogDetector];

interface TemplateRate {
  template: string;
  /**
   * Baseline count per window (moving average) as of `at` windows closed: windows it saw no line in decay it
   * lazily, so closing a window costs the templates it touched, not every template tracked.
   */
  baseline: number;
  at: number;
  /** This window's count and example lines. */
  count: number;
  examples: string[];
}

interface EntityState {
  firstSeen: number;
  /** Start of the open window (event time). */
  windowStart: number;
  windowsClosed: number;
  rates: Map<string, TemplateRate>;
  /** Templates seen in the open window, and those whose baseline is high enough that silence would be a shift. */
  active: Set<string>;
  heavy: Set<string>;
  errorBaseline: number;
  errors: number;
  errorTemplates: Map<string, { template: string; count: number; example: string }>;
}

const NONE: readonly Anomaly[] = Object.freeze([]);

function isSevere(record: LogRecord): boolean {
  return record.severity === 'error' || record.severity === 'critical';
}

/** Characters of an example line kept in a snapshot: evidence, not the record (a line can be megabytes). */
export const SNAPSHOT_EXAMPLE_CHARS = 1024;

/** An entity's windows: where its open window starts, how many closed, its error baseline and the open window's errors. */
export interface LogWindowsSnapshot {
  firstSeen: number;
  windowStart: number;
  windowsClosed: number;
  errorBaseline: number;
  errors: number;
  /** How many template rates go with these windows: a restore that has fewer lost some, and must not call them new. */
  rates: number;
}

/** A template's rate: its baseline as of `at` windows closed, and the open window's count and example lines. */
export interface LogRateSnapshot {
  templateId: string;
  template: string;
  baseline: number;
  at: number;
  count: number;
  examples: string[];
}

/** Error lines of one template in the open window, for the evidence of a burst. */
export interface LogErrorSnapshot {
  templateId: string;
  template: string;
  count: number;
  example: string;
}

/** One entity's learned log baselines, as plain JSON-safe data. */
export interface LogBaselineSnapshot {
  entityId: string;
  windows: LogWindowsSnapshot;
  rates: LogRateSnapshot[];
  errorTemplates: LogErrorSnapshot[];
}

/** A template whose window count shifted from its baseline, by `ratio`. */
interface Shift {
  templateId: string;
  template: string;
  examples: string[];
  expected: number;
  actual: number;
  up: boolean;
  ratio: number;
}

export class LogAnomalyDetector {
  private readonly config: Readonly<LogAnomalyConfig>;
  private readonly entities = new Map<string, EntityState>();
  /** Mix-shift samples of the windows closed since the last takeSamples(). */
  private samples: Sample[] = [];

  constructor(options: LogAnomalyOptions = {}) {
    this.config = logAnomalyConfig(options);
  }

  /**
   * Takes one mined record and returns the anomalies it reveals: a new template at once, and rate shifts and
   * bursts of the windows its time closes. Records a little out of order count in the open window.
   */
  observe({ record, template }: MinedRecord): readonly Anomaly[] {
    const state = this.entityOf(record.entityId, record.time);
    let found = this.advance(record.entityId, state, record.time);
    let rate = state.rates.get(record.templateId);
    if (rate === undefined) {
      const warmup = isSevere(record) ? Math.min(this.config.errorWarmupMs, this.config.warmupMs) : this.config.warmupMs;
      if (record.time - state.firstSeen >= warmup) found = [...found, this.newTemplate(record, template)];
      rate = { template, baseline: 0, at: state.windowsClosed, count: 0, examples: [] };
      this.track(state, record.templateId, rate);
    }
    if (rate.count === 0) state.active.add(record.templateId);
    rate.template = template;
    rate.count += 1;
    if (rate.examples.length < this.config.examples) rate.examples.push(record.body);
    if (isSevere(record)) this.countError(state, record, template);
    return found;
  }

  /** The mix-shift samples of the windows closed since the last call. */
  takeSamples(): Sample[] {
    const taken = this.samples;
    this.samples = [];
    return taken;
  }

  /** Closes every window that ends at or before `time` (event time), e.g. at the end of a replay. */
  flush(time: number): Anomaly[] {
    const found: Anomaly[] = [];
    for (const [entityId, state] of this.entities) found.push(...this.advance(entityId, state, time));
    return found;
  }

  /** Drops everything learned of an entity (it is no longer tracked). */
  forget(entityId: string): void {
    this.entities.delete(entityId);
  }

  /** A copy of what the entity learned, or undefined when it has sent nothing yet. */
  snapshotEntity(entityId: string): LogBaselineSnapshot | undefined {
    const state = this.entities.get(entityId);
    if (state === undefined) return undefined;
    const { firstSeen, windowStart, windowsClosed, errorBaseline, errors } = state;
    const example = (line: string) => line.slice(0, SNAPSHOT_EXAMPLE_CHARS);
    return {
      entityId,
      windows: { firstSeen, windowStart, windowsClosed, errorBaseline, errors, rates: state.rates.size },
      rates: [...state.rates].map(([templateId, r]) => ({ templateId, template: r.template, baseline: r.baseline, at: r.at, count: r.count, examples: r.examples.map(example) })),
      errorTemplates: [...state.errorTemplates].map(([templateId, e]) => ({ templateId, template: e.template, count: e.count, example: example(e.example) })),
    };
  }

  /**
   * Continues an entity from snapshotEntity(), replacing what it learned since. The open window's templates and
   * the heavy ones are derived (a count above 0, a baseline at minCount), so they follow this configuration.
   */
  restoreEntity({ entityId, windows, rates, errorTemplates }: LogBaselineSnapshot): void {
    const state: EntityState = {
      firstSeen: windows.firstSeen, windowStart: windows.windowStart, windowsClosed: windows.windowsClosed, errorBaseline: windows.errorBaseline,
      errors: windows.errors, rates: new Map(), active: new Set(), heavy: new Set(), errorTemplates: new Map(),
    };
    for (const { templateId, template, baseline, at, count, examples } of rates) {
      state.rates.set(templateId, { template, baseline, at, count, examples: [...examples] });
      if (count > 0) state.active.add(templateId);
      if (baseline >= this.config.minCount) state.heavy.add(templateId);
    }
    for (const { templateId, template, count, example } of errorTemplates) state.errorTemplates.set(templateId, { template, count, example });
    this.entities.set(entityId, state);
  }

  private entityOf(entityId: string, time: number): EntityState {
    let state = this.entities.get(entityId);
    if (state === undefined) {
      const windowStart = time - (time % this.config.windowMs);
      state = { firstSeen: time, windowStart, windowsClosed: 0, rates: new Map(), active: new Set(), heavy: new Set(), errorBaseline: 0, errors: 0, errorTemplates: new Map() };
      this.entities.set(entityId, state);
    }
    return state;
  }

  private advance(entityId: string, state: EntityState, time: number): readonly Anomaly[] {
    const { windowMs } = this.config;
    // Most lines close no window: they share one empty result instead of allocating their own.
    if (time < state.windowStart + windowMs) return NONE;
    const found = this.closeWindow(entityId, state);
    const empty = Math.floor((time - state.windowStart) / windowMs) - 1;
    if (empty > 0) this.decay(state, empty);
    state.windowStart += (empty + 1) * windowMs;
    return found;
  }

  /** Judges the closing window against the baselines, then teaches it to them. */
  private closeWindow(entityId: string, state: EntityState): Anomaly[] {
    const found: Anomaly[] = [];
    const end = state.windowStart + this.config.windowMs;
    const judged = state.windowsClosed >= this.config.minWindows;
    const shifts: Shift[] = [];
    const mix: [count: number, expected: number][] = [];
    // Only these can shift: any other template saw no line against a baseline too low to miss.
    for (const templateId of new Set([...state.active, ...state.heavy])) {
      const rate = state.rates.get(templateId);
      if (rate === undefined) continue;
      const expected = this.baselineOf(state, rate);
      mix.push([rate.count, expected]);
      if (judged) {
        const shift = this.shiftOf(templateId, rate, expected);
        if (shift !== undefined) shifts.push(shift);
      }
      rate.baseline = expected + this.config.alpha * (rate.count - expected);
      rate.at = state.windowsClosed + 1;
      rate.count = 0;
      rate.examples = [];
      if (rate.baseline >= this.config.minCount) state.heavy.add(templateId);
      else state.heavy.delete(templateId);
    }
    state.active.clear();
    if (judged) this.measureMix(entityId, mix, end);
    // Only the largest shifts become anomalies: their evidence is text, costly to build by the thousand.
    shifts.sort((a, b) => b.ratio - a.ratio);
    for (const shift of shifts.slice(0, this.config.maxShiftsPerWindow)) found.push(this.rateShift(entityId, shift, end));
    if (judged) {
      const burst = this.errorBurst(entityId, state, end);
      if (burst !== undefined) found.push(burst);
    }
    state.errorBaseline += this.config.alpha * (state.errors - state.errorBaseline);
    state.errors = 0;
    state.errorTemplates.clear();
    state.windowsClosed += 1;
    this.trim(state);
    return found;
  }

  /** Records the window's mix shift, when the window and the baselines hold enough lines for proportions to mean something. */
  private measureMix(entityId: string, mix: readonly [number, number][], end: number): void {
    const shift = mixShift(mix, this.config.minCount);
    if (shift !== undefined) this.samples.push({ entityId, metric: TEMPLATE_MIX_SHIFT, labels: { entity: entityId }, kind: 'gauge', time: end - 1, value: shift });
  }

  /**
   * Back to the cap at each window's end: track() drops only idle templates, so a window of many new ones can
   * overshoot it, and without this the overshoot would stay for good.
   */
  private trim(state: EntityState): void {
    const excess = state.rates.size - this.config.maxTrackedTemplates;
    if (excess <= 0) return;
    this.drop(state, [...state.rates], excess);
  }

  /** Drops the `n` of `candidates` with the lowest baselines. */
  private drop(state: EntityState, candidates: [string, TemplateRate][], n: number): void {
    const rarest = candidates
      .map(([templateId, rate]) => ({ templateId, baseline: this.baselineOf(state, rate) }))
      .sort((a, b) => a.baseline - b.baseline)
      .slice(0, n);
    for (const { templateId } of rarest) {
      state.rates.delete(templateId);
      state.active.delete(templateId);
      state.heavy.delete(templateId);
    }
  }

  /** A rate's baseline now, with the windows it missed decayed in. */
  private baselineOf(state: EntityState, rate: TemplateRate): number {
    const missed = state.windowsClosed - rate.at;
    return missed === 0 ? rate.baseline : rate.baseline * (1 - this.config.alpha) ** missed;
  }

  /** Empty windows teach a count of 0; any number of them decays the baselines in one step. */
  private decay(state: EntityState, windows: number): void {
    state.errorBaseline *= (1 - this.config.alpha) ** windows;
    state.windowsClosed += windows;
  }

  /** The window's count against its baseline, when it shifted (numbers only: the evidence is built later). */
  private shiftOf(templateId: string, rate: TemplateRate, expected: number): Shift | undefined {
    const { shiftFactor, minCount } = this.config;
    const actual = rate.count;
    const up = actual >= minCount && actual > shiftFactor * Math.max(expected, 0.5);
    const down = expected >= minCount && actual < expected / shiftFactor;
    if (!up && !down) return undefined;
    const ratio = up ? actual / Math.max(expected, 0.5) : expected / Math.max(actual, 0.5);
    return { templateId, template: rate.template, examples: rate.examples, expected, actual, up, ratio };
  }

  private rateShift(entityId: string, { templateId, template, examples: lines, expected, actual, up, ratio }: Shift, end: number): Anomaly {
    const direction = up ? 'rose' : 'fell';
    const examples = lines.length > 0 ? ` e.g. ${JSON.stringify(lines)}` : '';
    return {
      id: `${LogDetector.rateShift}:${entityId}:${templateId}:${end}`,
      detector: LogDetector.rateShift,
      signal: 'log',
      entityId,
      subject: template,
      time: end - 1,
      since: end - this.config.windowMs,
      score: Math.min(1, 1 - 1 / ratio),
      actual,
      expected: Number(expected.toFixed(3)),
      templateId,
      explanation: `template ${templateId} "${template}" ${direction} to ${actual} lines in ${this.config.windowMs / 1000}s from a baseline of ${expected.toFixed(1)}${examples}`,
    };
  }

  private errorBurst(entityId: string, state: EntityState, end: number): Anomaly | undefined {
    const { burstMinErrors, burstFactor } = this.config;
    const expected = state.errorBaseline;
    if (state.errors < burstMinErrors || state.errors <= burstFactor * (expected + 1)) return undefined;
    const top = [...state.errorTemplates.entries()].sort((a, b) => b[1].count - a[1].count).slice(0, 3);
    const evidence = top.map(([id, t]) => `${t.count}× ${id} "${t.template}" e.g. ${JSON.stringify(t.example)}`).join('; ');
    return {
      id: `${LogDetector.errorBurst}:${entityId}:${end}`,
      detector: LogDetector.errorBurst,
      signal: 'log',
      entityId,
      subject: top[0]?.[1].template ?? 'error lines',
      time: end - 1,
      since: end - this.config.windowMs,
      score: Math.min(1, 1 - (expected + 1) / state.errors),
      actual: state.errors,
      expected: Number(expected.toFixed(3)),
      ...(top[0] === undefined ? {} : { templateId: top[0][0] }),
      explanation: `${state.errors} error lines in ${this.config.windowMs / 1000}s against a baseline of ${expected.toFixed(1)}: ${evidence}`,
    };
  }

  private newTemplate(record: MinedRecord['record'], template: string): Anomaly {
    const severe = isSevere(record);
    return {
      id: `${LogDetector.newTemplate}:${record.entityId}:${record.templateId}`,
      detector: severe ? LogDetector.newErrorTemplate : LogDetector.newTemplate,
      signal: 'log',
      entityId: record.entityId,
      subject: template,
      time: record.time,
      score: severe ? 0.9 : 0.6,
      actual: 1,
      expected: 0,
      templateId: record.templateId,
      explanation: `new log template ${record.templateId} "${template}" (${record.severity}) for ${record.entityId}, e.g. ${JSON.stringify(record.body)}`,
    };
  }

  private countError(state: EntityState, record: MinedRecord['record'], template: string): void {
    state.errors += 1;
    const seen = state.errorTemplates.get(record.templateId);
    if (seen !== undefined) seen.count += 1;
    else if (state.errorTemplates.size < 100) state.errorTemplates.set(record.templateId, { template, count: 1, example: record.body });
  }

  /**
   * Adds a template's rate; at the entity's cap, first drops the tenth of the idle templates with the lowest
   * baselines in one pass, so a stream of new templates costs one scan per many, not one each (a dropped
   * template that returns is reported as new again: rare by construction, and worth a look).
   */
  private track(state: EntityState, templateId: string, rate: TemplateRate): void {
    const cap = this.config.maxTrackedTemplates;
    if (state.rates.size >= cap) {
      const idle = [...state.rates].filter(([, r]) => r.count === 0);
      this.drop(state, idle, Math.ceil(cap / 10));
    }
    state.rates.set(templateId, rate);
  }
}
