/**
 * One streaming detector per metric series, and what their scores mean. An anomaly is evidence: every
 * episode of a high detector score is stored with its explanation, for correlation and root-cause
 * analysis. An alert is a promise that someone should look: it needs a deviation past the series'
 * calibrated threshold (alert-gate.ts), the way that hurts for its signal class, after warm-up, on a
 * class that alerts; the series of one entity and class alert together (alert-groups.ts). Predictive
 * (time-to-threshold) alerts come from forecast rules. A series that ends (a staleness marker) or is
 * no longer watched resolves what it has firing. Pure: samples in, findings out; state is checkpointed
 * by the caller through snapshot() and restore(), all but each series' recent points (recent-points.ts),
 * which only draw charts and fill again; the recurrence memory is one more entry.
 */
import { z } from 'zod';
import type { Anomaly, Event, Labels, Sample } from '../../signals/index.js';
import { labelsSchema, seriesKey, severitySchema } from '../../signals/index.js';
import type { AlertPolicy, AlertState, GateState, PeerTails, TrendState } from '../metric/index.js';
import { DEFAULT_ALERT_POLICY, MetricDetector, bandHalfWidth, decideAlert, explain, initialAlertState, initialGate, initialPeerTails, initialTrend, judgeDeviation, learnTrend, predictiveAlert, S } from '../metric/index.js';
import { classify, familyOf, type SignalClass } from '../series/index.js';
import { AlertGroups } from './alert-groups.js';
import { Recurrence, initialExcursion, recurrenceEntriesSchema, type Excursion } from './recurrence.js';
import { alertScore, deviationOf } from './alert-worth.js';
import type { FindingAlert } from '../anomaly-alerts.js';
import { firingEvent, resolvedEvent } from '../anomaly-alerts.js';
import type { RestoreResult } from '../restore-report.js';
import { RestoreReport, parseEntry, readProblem } from '../restore-report.js';
import type { ForecastRule, MetricFleetConfig } from './fleet-config.js';
import type { RecentPoint } from './recent-points.js';
import { RecentPoints } from './recent-points.js';

export const METRIC_DETECTOR = 'metric';

interface Watched {
  /** Tick of the last sample, for forgetting the least recently seen series. */
  seen: number;
  entityId: string;
  metric: string;
  labels: Labels;
  kind: Sample['kind'];
  signalClass: SignalClass;
  /** The entity's problem this series alerts under: its class, or its family when of no known class. */
  problem: string;
  detector: MetricDetector;
  /** Episodes of a high detector score: each stored as an anomaly. */
  evidence: AlertState;
  /** The series' share of its group's alert. */
  alert: AlertState;
  gate: GateState;
  trend: TrendState;
  /** Forecast rules whose predictive alert is firing, by name, with when it started. */
  predicting: Record<string, number>;
  /** Its last points with their band, for charts (none when detect.metrics.recentPoints is 0). */
  recent: RecentPoints | undefined;
  excursion: Excursion;
}

/** What the API shows of a watched series: whether it still learns its baseline, and whether it alerts. */
export interface SeriesInfo {
  key: string;
  entityId: string;
  metric: string;
  labels: Labels;
  signalClass: SignalClass;
  /** Points learned (backfilled ones included) and the number needed before it may alert. */
  points: number;
  warmup: number;
  state: 'learning' | 'watching' | 'evidence-only';
  /** Whether its share of an alert is firing. */
  alerting: boolean;
  /** Last point's value, the value expected then, and the deviation in σ. */
  lastTime: number | null;
  actual: number;
  expected: number;
  sigmas: number;
}

/** One series by its key, or the series of one metric on an entity. */
export type SeriesPointsQuery = { key: string } | { entityId: string; metric: string };

/** A series' recent points as the API shows them. */
export interface SeriesPoints {
  key: string;
  entityId: string;
  metric: string;
  labels: Labels;
  /** Points the series keeps, and the bytes they take. */
  capacity: number;
  bytes: number;
  /** Oldest first; anomalous where the score reached detect.metrics.open. */
  points: RecentPoint[];
}

export interface Findings {
  anomalies: Anomaly[];
  events: Event[];
}

const alertStateSchema = z.object({ firing: z.boolean(), since: z.number(), peak: z.number(), severity: severitySchema, normalRun: z.number().int().nonnegative() }) satisfies z.ZodType<AlertState>;
const tailSchema = z.object({ points: z.number(), peaks: z.number(), sum: z.number(), sumSq: z.number() });

/** A trend's NaN (nothing learned yet) is written as JSON null. */
const maybeNaN = z.number().nullable().transform((value) => value ?? Number.NaN);

const seriesSnapshotSchema = z.object({
  entityId: z.string().min(1),
  metric: z.string().min(1),
  labels: labelsSchema,
  kind: z.enum(['gauge', 'counter']),
  /** The detector's state bytes, base64. */
  detector: z.base64(),
  alert: alertStateSchema,
  evidence: alertStateSchema.optional(),
  gate: z.object({
    point: tailSchema, sustained: tailSchema, previous: z.number(), before: z.number().default(0),
    pending: z.object({ point: z.number(), sustained: z.number(), wait: z.number() }).nullable().default(null),
  }).optional() satisfies z.ZodType<GateState | undefined>,
  trend: z.object({ origin: maybeNaN, w: z.number(), t: z.number(), x: z.number(), tt: z.number(), tx: z.number(), last: maybeNaN }) satisfies z.ZodType<TrendState>,
  predicting: z.record(z.string(), z.number()),
});
type SeriesSnapshot = z.input<typeof seriesSnapshotSchema>;

/** The checkpoint entry of the recurrence memory: no series key starts with '#' (no metric name does). */
export const RECURRENCE_ENTRY = '#recurrence';

const ENDED = 'the series ended (a staleness marker)';
const UNWATCHED = 'the series is no longer watched (past detect.metrics.maxSeries)';

/** A series' signal class, and the problem of its entity it alerts under. */
function signalOf(metric: string, labels: Labels): { signalClass: SignalClass; problem: string } {
  const signalClass = classify(metric, labels);
  return { signalClass, problem: signalClass === 'other' ? familyOf(metric, labels) : signalClass };
}

export class MetricFleet {
  private readonly series = new Map<string, Watched>();
  /** Series keys by labels object and metric: ingest shares one labels object per series, so this skips rebuilding the key. */
  private readonly keys = new WeakMap<Labels, Map<string, string>>();
  private tick = 0;
  private readonly evidencePolicy: AlertPolicy;
  private readonly alertPolicy: AlertPolicy;
  private readonly alertClasses: ReadonlySet<SignalClass>;
  private readonly groups: AlertGroups;
  /** Pooled deviation tails by metric name: the prior of a young series (not checkpointed: peers relearn it). */
  private readonly peers = new Map<string, PeerTails>();
  private readonly recurrence: Recurrence;

  /** `config` as parsed (detect.metrics of the configuration): parsing it again would read its durations, now milliseconds, as seconds. */
  constructor(private readonly config: MetricFleetConfig, private readonly newId: () => string, private readonly now: () => number = Date.now) {
    this.evidencePolicy = { open: this.config.open, close: this.config.close, resolveAfter: this.config.resolveAfter, error: 0.8, critical: 0.95 };
    this.alertPolicy = { ...DEFAULT_ALERT_POLICY, resolveAfter: this.config.resolveAfter };
    this.alertClasses = new Set(this.config.alertClasses);
    this.groups = new AlertGroups(newId, now);
    this.recurrence = new Recurrence(this.config.recurrence);
  }

  get size(): number {
    return this.series.size;
  }

  observe(samples: readonly Sample[]): Findings {
    const findings: Findings = { anomalies: [], events: [] };
    for (const sample of samples) this.observeOne(sample, findings);
    return findings;
  }

  private keyOf(sample: Sample): string {
    let byMetric = this.keys.get(sample.labels);
    if (byMetric === undefined) this.keys.set(sample.labels, (byMetric = new Map<string, string>()));
    let key = byMetric.get(sample.metric);
    if (key === undefined) byMetric.set(sample.metric, (key = seriesKey(sample.metric, sample.labels)));
    return key;
  }

  private watch(key: string, sample: Sample, events: Event[]): Watched {
    let watched = this.series.get(key);
    if (watched === undefined) {
      if (this.series.size >= this.config.maxSeries) this.forgetLeastRecent(events);
      watched = {
        seen: 0, entityId: sample.entityId, metric: sample.metric, labels: sample.labels, kind: sample.kind, ...signalOf(sample.metric, sample.labels),
        detector: new MetricDetector({ kind: sample.kind }), evidence: initialAlertState(), alert: initialAlertState(), gate: initialGate(), trend: initialTrend(), predicting: {},
        recent: this.newRecentPoints(), excursion: initialExcursion(),
      };
      this.series.set(key, watched);
    }
    watched.seen = ++this.tick;
    return watched;
  }

  private newRecentPoints(): RecentPoints | undefined {
    return this.config.recentPoints > 0 ? new RecentPoints(this.config.recentPoints) : undefined;
  }

  /**
   * Forgets the least recently seen 1% (at least one) in one scan, so eviction costs O(1) per new series on average;
   * what they had firing resolves at their last point, since nothing would resolve it later.
   */
  private forgetLeastRecent(events: Event[]): void {
    const count = Math.max(1, Math.floor(this.series.size / 100));
    const oldest = [...this.series].sort((a, b) => a[1].seen - b[1].seen).slice(0, count);
    for (const [key, watched] of oldest) {
      this.series.delete(key);
      this.resolveAll(key, watched, watched.detector.lastTime, UNWATCHED, events);
    }
  }

  /**
   * Resolves the series' anomaly alert and predictive alerts at `time` (never before one began). What it learned
   * stays: a staleness marker also follows a single failed scrape, after which the series comes back.
   */
  private resolveAll(key: string, watched: Watched, time: number, reason: string, events: Event[]): void {
    if (watched.alert.firing) events.push(...this.groups.resolve(watched.entityId, watched.problem, key, time, reason));
    watched.alert = initialAlertState();
    watched.evidence = initialAlertState();
    for (const [name, since] of Object.entries(watched.predicting)) {
      events.push(resolvedEvent(this.forecastFinding(key, watched, name, { summary: reason }), this.newId(), since, Math.max(since, time), this.now()));
    }
    watched.predicting = {};
  }

  private observeOne(sample: Sample, findings: Findings): void {
    const key = this.keyOf(sample);
    if (sample.stale === true) {
      const ended = this.series.get(key);
      if (ended !== undefined) this.resolveAll(key, ended, sample.time, ENDED, findings.events);
      return;
    }
    const watched = this.watch(key, sample, findings.events);
    const learned = watched.detector.state[S.count] ?? 0;
    const score = watched.detector.update(sample.time, sample.value);
    const s = watched.detector.state;
    const count = s[S.count] ?? 0;
    if (count > learned) watched.recent?.record(sample.time, s[S.actual] ?? 0, s[S.expected] ?? 0, bandHalfWidth(watched.detector), score >= this.config.open);
    if (count > learned && count > 1) this.recordEvidence(key, watched, sample.time, score, findings);
    // Deviations mean nothing before the series' spread is learned: the gate learns and judges after warm-up.
    if (count > learned && count > this.config.alertWarmup) this.judgeAlert(key, watched, sample.time, findings);
    this.forecast(key, watched, sample, findings);
  }

  /** Stores an anomaly at the start of each episode of high detector score, and when it grows worse. */
  private recordEvidence(key: string, watched: Watched, time: number, score: number, findings: Findings): void {
    const step = decideAlert(watched.evidence, time, score, this.evidencePolicy);
    watched.evidence = step.state;
    if (step.decision.action !== 'fire' && step.decision.action !== 'escalate') return;
    findings.anomalies.push(this.anomalyOf(key, watched, time, score, explain(watched.detector), step.decision.since));
  }

  private peersOf(metric: string): PeerTails {
    let peers = this.peers.get(metric);
    if (peers === undefined) this.peers.set(metric, (peers = initialPeerTails()));
    return peers;
  }

  /** Whether this point keeps, raises or ends the series' share of its group's alert. */
  private judgeAlert(key: string, watched: Watched, time: number, findings: Findings): void {
    const s = watched.detector.state;
    const point = { sigmas: s[S.z] ?? 0, actual: s[S.actual] ?? 0, expected: s[S.expected] ?? 0 };
    // The smallest change that may alert (minRelativeChange) is minSigmas on the floored spread.
    const deviation = deviationOf(watched.signalClass, point, this.config.minRelativeChange / this.config.minSigmas);
    const verdict = judgeDeviation(watched.gate, deviation, s[S.interval] ?? 60_000, this.config, watched.alert.firing, this.peersOf(watched.metric));
    const alertable = this.alertClasses.has(watched.signalClass);
    const relative = Math.abs(point.actual - point.expected) >= this.config.minRelativeChange * Math.abs(point.expected);
    const habit = verdict.pass && relative && this.isHabit(key, watched, time, point);
    const score = alertable && !habit ? alertScore(watched.signalClass, verdict, relative) : 0;
    const step = decideAlert(watched.alert, time, score, this.alertPolicy);
    watched.alert = step.state;
    if (step.decision.action === 'fire' || step.decision.action === 'escalate') {
      const evidence = explain(watched.detector);
      if (step.decision.action === 'fire' && !(watched.evidence.firing && watched.evidence.since === time)) {
        findings.anomalies.push(this.anomalyOf(key, watched, time, score, evidence, step.decision.since));
      }
      const member = { metric: watched.metric, labels: watched.labels, severity: step.decision.severity, since: step.decision.since, summary: evidence?.text ?? '' };
      findings.events.push(...this.groups.fire(watched.entityId, watched.problem, key, member, time));
    } else if (step.decision.action === 'resolve') {
      findings.events.push(...this.groups.resolve(watched.entityId, watched.problem, key, step.decision.resolvedAt));
    } else if (step.state.firing) {
      this.groups.settle(watched.entityId, watched.problem, key, step.state.normalRun > 0, time);
    }
  }

  /** Whether the excursion a passing deviation belongs to (its anomaly episode) is a habit of its metric's series, decided as it begins. */
  private isHabit(key: string, watched: Watched, time: number, point: { actual: number; expected: number }): boolean {
    const since = watched.evidence.firing ? watched.evidence.since : time;
    const excursion = watched.excursion;
    if (excursion.since !== since) watched.excursion = { since, habit: this.recurrence.isHabit(watched.metric, key, since, point.expected, point.actual) };
    return watched.excursion.habit;
  }

  private anomalyOf(key: string, watched: Watched, time: number, score: number, evidence: ReturnType<typeof explain>, since: number): Anomaly {
    return {
      id: this.newId(), detector: METRIC_DETECTOR, signal: 'metric', entityId: watched.entityId, subject: key, time, score,
      ...(evidence !== undefined ? { actual: evidence.actual, expected: evidence.expected, lower: evidence.lower, upper: evidence.upper } : {}),
      since, explanation: evidence?.text ?? `score ${score.toFixed(3)}`,
    };
  }

  private forecast(key: string, watched: Watched, sample: Sample, findings: Findings): void {
    const rules = this.config.forecasts.filter((rule) => rule.metric === sample.metric);
    if (rules.length === 0) return;
    watched.trend = learnTrend(watched.trend, sample.time, sample.value);
    for (const rule of rules) this.applyForecastRule(key, watched, rule, sample.time, findings);
  }

  private applyForecastRule(key: string, watched: Watched, rule: ForecastRule, time: number, findings: Findings): void {
    const predicted = predictiveAlert(watched.trend, rule.threshold, rule.horizon, rule.name);
    const since = watched.predicting[rule.name];
    const finding = this.forecastFinding(key, watched, rule.name, { threshold: String(rule.threshold), summary: predicted?.text ?? '' });
    if (predicted !== undefined && since === undefined) {
      watched.predicting[rule.name] = time;
      findings.events.push(firingEvent(finding, this.newId(), time, time, this.now()));
    } else if (predicted === undefined && since !== undefined) {
      delete watched.predicting[rule.name];
      findings.events.push(resolvedEvent(finding, this.newId(), since, time, this.now()));
    }
  }

  private forecastFinding(key: string, watched: Watched, name: string, annotations: Labels): FindingAlert {
    return {
      key: `forecast:${key}:${name}`, alertname: 'PredictedThreshold', entityId: watched.entityId,
      title: `${watched.metric}: ${name} predicted`, labels: { ...watched.labels, metric: watched.metric, forecast: name },
      annotations: { series: key, ...annotations }, severity: 'warning',
    };
  }

  /** The watched series, of one entity when given, in key order. */
  describe(entityId?: string): SeriesInfo[] {
    const infos: SeriesInfo[] = [];
    for (const [key, w] of this.series) {
      if (entityId !== undefined && w.entityId !== entityId) continue;
      const s = w.detector.state;
      const points = s[S.count] ?? 0;
      const state = !this.alertClasses.has(w.signalClass) ? 'evidence-only' : points > this.config.alertWarmup ? 'watching' : 'learning';
      infos.push({
        key, entityId: w.entityId, metric: w.metric, labels: w.labels, signalClass: w.signalClass, points, warmup: this.config.alertWarmup + 1, state,
        alerting: w.alert.firing, lastTime: Number.isFinite(w.detector.lastTime) ? w.detector.lastTime : null, actual: s[S.actual] ?? 0, expected: s[S.expected] ?? 0, sigmas: s[S.z] ?? 0,
      });
    }
    return infos.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** The recent points of one series, or of the series of one entity's metric, in key order; none of a series not watched. */
  recentPoints(query: SeriesPointsQuery): SeriesPoints[] {
    const matching = 'key' in query
      ? [[query.key, this.series.get(query.key)] as const]
      : [...this.series].filter(([, w]) => w.entityId === query.entityId && w.metric === query.metric).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    return matching.flatMap(([key, w]) => (w?.recent === undefined ? [] : [{
      key, entityId: w.entityId, metric: w.metric, labels: w.labels, capacity: w.recent.capacity, bytes: w.recent.bytes,
      points: w.recent.points(),
    }]));
  }

  /**
   * Each series' state as [key, JSON] (detector state base64), one at a time: the caller writes them in bounded
   * batches, so a checkpoint of 100,000 series never serialises all of them in one turn of the event loop.
   */
  *snapshot(): Generator<[string, string]> {
    for (const [key, w] of this.series) {
      const snapshot: SeriesSnapshot = {
        entityId: w.entityId, metric: w.metric, labels: w.labels, kind: w.kind,
        detector: Buffer.from(w.detector.toBytes()).toString('base64'), alert: w.alert, evidence: w.evidence, gate: w.gate, trend: w.trend, predicting: w.predicting,
      };
      yield [key, JSON.stringify(snapshot)];
    }
    yield [RECURRENCE_ENTRY, JSON.stringify(this.recurrence.entries())];
  }

  /**
   * Restores series from snapshot(), and the recurrence memory (not counted as a series); an entry that fails
   * validation is skipped (that series, or that memory, starts cold), with why.
   */
  restore(snapshots: ReadonlyMap<string, string>): RestoreResult {
    const report = new RestoreReport();
    for (const [key, text] of snapshots) {
      const recurrence = key === RECURRENCE_ENTRY;
      const problem = recurrence ? this.restoreRecurrence(text) : this.restoreSeries(key, text);
      if (problem !== undefined) report.skip(recurrence ? 'recurrence memory' : key, problem);
      else if (!recurrence) report.restoredOne();
    }
    return report.done();
  }

  /** Restores the recurrence memory; the reason when it cannot be. */
  private restoreRecurrence(text: string): string | undefined {
    const read = parseEntry(recurrenceEntriesSchema, text);
    if ('problem' in read) return read.problem;
    this.recurrence.restore(read.value);
    return undefined;
  }

  /** Restores one series; the reason when it cannot be. */
  private restoreSeries(key: string, text: string): string | undefined {
    const read = parseEntry(seriesSnapshotSchema, text);
    if ('problem' in read) return read.problem;
    const s = read.value;
    const written = seriesKey(s.metric, s.labels);
    if (written !== key) return `holds the series ${written}, not this one`;
    let detector: MetricDetector;
    try {
      detector = MetricDetector.fromBytes(Buffer.from(s.detector, 'base64'), { kind: s.kind });
    } catch (error) {
      return readProblem(error);
    }
    const watched: Watched = {
      seen: ++this.tick, entityId: s.entityId, metric: s.metric, labels: s.labels, kind: s.kind, ...signalOf(s.metric, s.labels), detector,
      evidence: s.evidence ?? initialAlertState(), alert: s.alert, gate: s.gate ?? initialGate(), trend: s.trend, predicting: s.predicting,
      recent: this.newRecentPoints(), excursion: initialExcursion(),
    };
    this.series.set(key, watched);
    if (watched.alert.firing) {
      const member = { metric: s.metric, labels: s.labels, severity: s.alert.severity, since: s.alert.since, summary: '' };
      this.groups.rejoin(watched.entityId, watched.problem, key, member);
    }
    return undefined;
  }
}
