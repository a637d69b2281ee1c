/**
 * Log intelligence for every entity: lines mined into templates, template ids set on the records,
 * log anomalies found, and those anomalies turned into alerts. At most maxEntities entities are tracked,
 * the least recently seen forgotten first. Pure: records in, findings out; templates, counts, firing alerts and
 * anomaly baselines are checkpointed by the caller, in chunks, through checkpoint() and restore().
 */
import type { Anomaly, Event, LogRecord, Sample } from '../../signals/index.js';
import type { LogAnomalyOptions, MinerOptions, TemplateInfo } from '../log/index.js';
import { LogAnomalyDetector, LogDetector, TemplateMiner } from '../log/index.js';
import { FindingAlerts } from './finding-alerts.js';
import type { RestoreResult } from '../restore-report.js';
import { baselinesOf, checkpointEntries, readCheckpoint, type CheckpointSource, type EntityPart } from './log-checkpoint.js';
import { DEFAULT_MAX_LOG_ENTITIES, type LogAlertKind } from './log-watch-config.js';

export interface LogWatchOptions {
  miner?: MinerOptions;
  anomalies?: LogAnomalyOptions;
  /** Event time (ms) without a repeat after which a log anomaly alert resolves. @default 900000 (15 min) */
  quiet?: number;
  /** Event time (ms) without a repeat after which a repeat starts a new alert. @default 180000 (3 min) */
  newEpisodeAfter?: number;
  /** Entities tracked at once; past it the least recently seen is forgotten and its alerts resolved. @default 10000 */
  maxEntities?: number;
  /** Kinds of log anomaly that alert; the others are evidence only. @default ["error-burst","new-error-template"] */
  alertOn?: readonly LogAlertKind[];
}

export interface LogFindings {
  records: (LogRecord & { templateId: string })[];
  anomalies: Anomaly[];
  events: Event[];
  /** Each closed window's template mix shift per entity, for the metric detectors. */
  samples: Sample[];
}

const alertNames: Record<string, { alertname: string; title: (a: Anomaly) => string }> = {
  [LogDetector.newTemplate]: { alertname: 'NewLogTemplate', title: (a) => `New log line on ${a.entityId}: ${a.subject.slice(0, 120)}` },
  [LogDetector.newErrorTemplate]: { alertname: 'NewErrorLogTemplate', title: (a) => `New error log line on ${a.entityId}: ${a.subject.slice(0, 120)}` },
  [LogDetector.rateShift]: { alertname: 'LogRateShift', title: (a) => `Log rate shift on ${a.entityId}: ${a.subject.slice(0, 120)}` },
  [LogDetector.errorBurst]: { alertname: 'LogErrorBurst', title: (a) => `Burst of error logs on ${a.entityId}` },
};

/**
 * The record with its template id, written out field by field: an object spread here made the whole
 * log path 2x slower (V8 builds spread copies of these records as slow dictionary objects).
 */
function minedRecord(record: LogRecord, templateId: string): LogRecord & { templateId: string } {
  return { entityId: record.entityId, time: record.time, severity: record.severity, body: record.body, attributes: record.attributes, templateId };
}

export class LogWatch {
  private readonly miner: TemplateMiner;
  private readonly detector: LogAnomalyDetector;
  private readonly alerts: FindingAlerts;
  private readonly maxEntities: number;
  /** Detector ids whose anomalies alert. */
  private readonly alerting: ReadonlySet<string>;
  /** Tracked entities, least recently seen first: a sighting moves the entity to the end (delete, add). */
  private readonly recent = new Set<string>();
  /** The entity of the last line, whose sighting is already recorded: runs of one entity's lines skip the Set. */
  private lastEntity: string | undefined;
  /** Alerts resolved outside observe() (entities dropped at restore), reported with the next findings. */
  private pending: Event[] = [];
  private generation = 0;

  constructor(options: LogWatchOptions, newId: () => string, now: () => number = Date.now) {
    this.miner = new TemplateMiner(options.miner);
    this.detector = new LogAnomalyDetector(options.anomalies);
    this.alerts = new FindingAlerts(options.quiet ?? 15 * 60_000, options.newEpisodeAfter ?? 3 * 60_000, newId, now);
    this.maxEntities = options.maxEntities ?? DEFAULT_MAX_LOG_ENTITIES;
    this.alerting = new Set((options.alertOn ?? ['error-burst', 'new-error-template']).map((kind) => `log.${kind}`));
  }

  /** How many entities are tracked (never more than maxEntities). */
  get entityCount(): number {
    return this.recent.size;
  }

  observe(records: readonly LogRecord[]): LogFindings {
    const findings: LogFindings = { records: [], anomalies: [], events: this.pending, samples: [] };
    this.pending = [];
    // Quiet alerts are resolved once per batch, at each entity's latest time, not after every line.
    const latest = new Map<string, number>();
    for (const record of records) {
      this.seen(record.entityId, record.time, findings.events);
      const mined = this.miner.add(record.body, record.entityId, record.time);
      const withTemplate = minedRecord(record, mined.templateId);
      findings.records.push(withTemplate);
      for (const anomaly of this.detector.observe({ record: withTemplate, template: mined.template })) this.report(anomaly, findings);
      if (record.time > (latest.get(record.entityId) ?? -Infinity)) latest.set(record.entityId, record.time);
    }
    for (const [entityId, time] of latest) findings.events.push(...this.alerts.advance(entityId, time));
    findings.samples = this.detector.takeSamples();
    return findings;
  }

  /** Records a sighting, in O(1); a new entity past the cap makes room by forgetting the least recently seen. */
  private seen(entityId: string, time: number, events: Event[]): void {
    if (entityId === this.lastEntity) return;
    this.lastEntity = entityId;
    const known = this.recent.delete(entityId);
    this.recent.add(entityId);
    if (!known && this.recent.size > this.maxEntities) this.forgetLeastRecent(time, events);
  }

  private forgetLeastRecent(time: number, events: Event[]): void {
    const [oldest] = this.recent;
    if (oldest === undefined) return;
    this.recent.delete(oldest);
    this.miner.forget(oldest);
    this.detector.forget(oldest);
    events.push(...this.alerts.forget(oldest, time));
  }

  private report(anomaly: Anomaly, findings: LogFindings): void {
    findings.anomalies.push(anomaly);
    if (!this.alerting.has(anomaly.detector)) return;
    const naming = alertNames[anomaly.detector] ?? { alertname: 'LogAnomaly', title: (a: Anomaly) => `Log anomaly on ${a.entityId}` };
    findings.events.push(...this.alerts.found(anomaly, naming.alertname, naming.title(anomaly)));
  }

  templates(entityId?: string, ids?: readonly string[]): TemplateInfo[] {
    return this.miner.templates(entityId, ids);
  }

  /** The state as key → JSON entries in chunks of bounded size, built lazily one chunk at a time (see log-checkpoint.ts). */
  checkpoint(): Generator<[string, string]> {
    const source: CheckpointSource = {
      entityIds: () => [...this.recent],
      entity: (entityId) => this.part(entityId),
      counters: () => this.miner.counters(),
    };
    return checkpointEntries(source, ++this.generation);
  }

  private part(entityId: string): EntityPart | undefined {
    const templates = this.miner.snapshotEntity(entityId);
    if (templates === undefined) return undefined;
    const baselines = this.detector.snapshotEntity(entityId);
    return {
      ...templates, alerts: this.alerts.openOf(entityId),
      windows: baselines === undefined ? [] : [baselines.windows], rates: baselines?.rates ?? [], errorTemplates: baselines?.errorTemplates ?? [],
    };
  }

  /**
   * Restores what checkpoint() wrote (or an older format, as far as it goes) into this fresh watch; entries that
   * fail validation are skipped, with why. Entities past maxEntities are forgotten as they would be live, and their
   * alerts resolved with the next findings.
   */
  restore(entries: ReadonlyMap<string, string>): RestoreResult {
    const read = readCheckpoint(entries);
    if (read === undefined) return { restored: 0, skipped: 0, problems: [] };
    this.generation = Math.max(this.generation, read.generation);
    this.miner.restoreCounters(read.counters);
    for (const entity of read.entities) {
      this.seen(entity.entityId, Infinity, this.pending);
      this.miner.restoreEntity(entity);
      this.alerts.reopen(entity.alerts);
      const baselines = baselinesOf(entity);
      if (baselines !== undefined) this.detector.restoreEntity(baselines);
    }
    return read.result;
  }
}
