/**
 * One streaming detector per metric series, and what their scores mean: anomalies with their
 * evidence, anomaly alerts with hysteresis, and predictive (time-to-threshold) alerts. A series
 * that ends (a staleness marker) or is no longer watched resolves what it has firing. Pure: samples
 * in, findings out; state is checkpointed by the caller through snapshot() and restore().
 */
import { z } from 'zod';
import type { Anomaly, Event, Labels, Sample } from '../../signals/index.js';
import { labelsSchema, seriesKey, severitySchema } from '../../signals/index.js';
import type { AlertPolicy, AlertState, TrendState } from '../metric/index.js';
import { MetricDetector, decideAlert, explain, initialAlertState, initialTrend, learnTrend, predictiveAlert } from '../metric/index.js';
import type { FindingAlert } from '../anomaly-alerts.js';
import { firingEvent, resolvedEvent } from '../anomaly-alerts.js';
import type { RestoreResult } from '../restore-report.js';
import { RestoreReport, parseEntry, readProblem } from '../restore-report.js';
import type { ForecastRule, MetricFleetConfig, MetricFleetOptions } from './fleet-config.js';
import { metricFleetConfigSchema } from './fleet-config.js';

export const METRIC_DETECTOR = 'metric';

interface Watched {
  /** Tick of the last sample, for forgetting the least recently seen series. */
  seen: number;
  entityId: string;
  metric: string;
  labels: Labels;
  kind: Sample['kind'];
  detector: MetricDetector;
  alert: AlertState;
  trend: TrendState;
  /** Forecast rules whose predictive alert is firing, by name, with when it started. */
  predicting: Record<string, number>;
}

export interface Findings {
  anomalies: Anomaly[];
  events: Event[];
}

/** A trend's NaN (nothing learned yet) is written as JSON null. */
const maybeNaN = z.number().nullable().transform((value) => value ?? Number.NaN);

const seriesSnapshotSchema = z.object({
  entityId: z.string().min(1),
  metric: z.string().min(1),
  labels: labelsSchema,
  kind: z.enum(['gauge', 'counter']),
  /** The detector's state bytes, base64. */
  detector: z.base64(),
  alert: z.object({ firing: z.boolean(), since: z.number(), peak: z.number(), severity: severitySchema, normalRun: z.number().int().nonnegative() }) satisfies z.ZodType<AlertState>,
  trend: z.object({ origin: maybeNaN, w: z.number(), t: z.number(), x: z.number(), tt: z.number(), tx: z.number(), last: maybeNaN }) satisfies z.ZodType<TrendState>,
  predicting: z.record(z.string(), z.number()),
});
type SeriesSnapshot = z.input<typeof seriesSnapshotSchema>;

const ENDED = 'the series ended (a staleness marker)';
const UNWATCHED = 'the series is no longer watched (past detect.metrics.maxSeries)';

export class MetricFleet {
  private readonly series = new Map<string, Watched>();
  /** Series keys by labels object and metric: ingest shares one labels object per series, so this skips rebuilding the key. */
  private readonly keys = new WeakMap<Labels, Map<string, string>>();
  private tick = 0;
  private readonly config: MetricFleetConfig;
  private readonly policy: AlertPolicy;

  constructor(config: MetricFleetOptions = {}, private readonly newId: () => string, private readonly now: () => number = Date.now) {
    this.config = metricFleetConfigSchema.parse(config);
    this.policy = { open: this.config.open, close: this.config.close, resolveAfter: this.config.resolveAfter, error: 0.8, critical: 0.95 };
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
        seen: 0, entityId: sample.entityId, metric: sample.metric, labels: sample.labels, kind: sample.kind,
        detector: new MetricDetector({ kind: sample.kind }), alert: initialAlertState(), trend: initialTrend(), predicting: {},
      };
      this.series.set(key, watched);
    }
    watched.seen = ++this.tick;
    return watched;
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
    if (watched.alert.firing) {
      const finding = this.findingFor(key, watched);
      const { since } = watched.alert;
      events.push(resolvedEvent({ ...finding, annotations: { ...finding.annotations, summary: reason } }, this.newId(), since, Math.max(since, time), this.now()));
      watched.alert = initialAlertState();
    }
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
    const score = watched.detector.update(sample.time, sample.value);
    const step = decideAlert(watched.alert, sample.time, score, this.policy);
    watched.alert = step.state;
    if (step.decision.action === 'fire' || step.decision.action === 'escalate') {
      const finding = this.findingFor(key, watched);
      const evidence = explain(watched.detector);
      const anomaly = this.anomalyOf(key, watched, sample.time, score, evidence, step.decision.since);
      findings.anomalies.push(anomaly);
      const annotated = { ...finding, severity: step.decision.severity, annotations: { ...finding.annotations, summary: anomaly.explanation, score: score.toFixed(3) } };
      findings.events.push(firingEvent(annotated, this.newId(), sample.time, step.decision.since, this.now()));
    } else if (step.decision.action === 'resolve') {
      findings.events.push(resolvedEvent(this.findingFor(key, watched), this.newId(), step.decision.since, step.decision.resolvedAt, this.now()));
    }
    this.forecast(key, watched, sample, findings);
  }

  private findingFor(key: string, watched: Watched): FindingAlert {
    return {
      key: `metric-anomaly:${key}`, alertname: 'MetricAnomaly', entityId: watched.entityId, title: `Unusual ${watched.metric}`,
      labels: { ...watched.labels, metric: watched.metric }, annotations: { series: key }, severity: watched.alert.severity,
    };
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

  /**
   * Each series' state as [key, JSON] (detector state base64), one at a time: the caller writes them in bounded
   * batches, so a checkpoint of 100,000 series never serialises all of them in one turn of the event loop.
   */
  *snapshot(): Generator<[string, string]> {
    for (const [key, w] of this.series) {
      const snapshot: SeriesSnapshot = {
        entityId: w.entityId, metric: w.metric, labels: w.labels, kind: w.kind,
        detector: Buffer.from(w.detector.toBytes()).toString('base64'), alert: w.alert, trend: w.trend, predicting: w.predicting,
      };
      yield [key, JSON.stringify(snapshot)];
    }
  }

  /** Restores series from snapshot(); an entry that fails validation is skipped (that series starts cold), with why. */
  restore(snapshots: ReadonlyMap<string, string>): RestoreResult {
    const report = new RestoreReport();
    for (const [key, text] of snapshots) {
      const problem = this.restoreSeries(key, text);
      if (problem === undefined) report.restoredOne();
      else report.skip(key, problem);
    }
    return report.done();
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
    this.series.set(key, { seen: ++this.tick, entityId: s.entityId, metric: s.metric, labels: s.labels, kind: s.kind, detector, alert: s.alert, trend: s.trend, predicting: s.predicting });
    return undefined;
  }
}
