/**
 * Anomalies that are moments rather than states (a new log template, a burst) as alerts with a life
 * cycle: the first finding of a key fires, repeats keep it firing, and it resolves once no finding of
 * that key has come for a quiet period of event time, or when its entity is no longer tracked. A
 * finding that comes back after a pause (no finding for `returnMs`) ends the alert as of its last
 * finding and fires a new one: a burst of errors back minutes after the last is a new problem to
 * look at, not the tail of the old one. Pure; state is plain maps, by entity, and checkpoints with
 * the entity.
 */
import type { Anomaly, Event } from '../../signals/index.js';
import type { FindingAlert } from '../anomaly-alerts.js';
import { firingEvent, resolvedEvent } from '../anomaly-alerts.js';
import { severityOf } from '../metric/index.js';

/** A firing alert: plain data, checkpointed with its entity. */
export interface OpenAlert {
  finding: FindingAlert;
  since: number;
  lastSeen: number;
}

export class FindingAlerts {
  /** Open alerts by entity, then by key: resolving an entity's alerts looks at that entity's alone. */
  private readonly open = new Map<string, Map<string, OpenAlert>>();

  constructor(private readonly quietMs: number, private readonly returnMs: number, private readonly newId: () => string, private readonly now: () => number) {}

  /** The alert identity of an anomaly: detector, entity and what it is about, not when. */
  static keyOf(anomaly: Anomaly): string {
    return `${anomaly.detector}:${anomaly.entityId}:${anomaly.subject}`;
  }

  /** Fires for an anomaly whose key is not open; extends an open one, or ends it and fires anew when the anomaly comes back after a pause. */
  found(anomaly: Anomaly, alertname: string, title: string): Event[] {
    const key = FindingAlerts.keyOf(anomaly);
    const current = this.open.get(anomaly.entityId)?.get(key);
    if (current !== undefined && anomaly.time - current.lastSeen < this.returnMs) {
      current.lastSeen = Math.max(current.lastSeen, anomaly.time);
      return [];
    }
    const ended = current === undefined ? [] : [this.resolved(current, current.lastSeen)];
    const finding: FindingAlert = {
      key, alertname, entityId: anomaly.entityId, title, severity: severityOf(anomaly.score),
      labels: { detector: anomaly.detector, subject: anomaly.subject.slice(0, 200), ...(anomaly.templateId === undefined ? {} : { templateId: anomaly.templateId }) }, annotations: { summary: anomaly.explanation.slice(0, 2000) },
    };
    // A new episode begins after the last one ended, or it would read as a replay of that one.
    const since = Math.max(anomaly.since ?? anomaly.time, current === undefined ? Number.NEGATIVE_INFINITY : current.lastSeen + 1);
    this.entityAlerts(anomaly.entityId).set(key, { finding, since, lastSeen: anomaly.time });
    return [...ended, firingEvent(finding, this.newId(), anomaly.time, since, this.now())];
  }

  /** Resolves the open alerts of `entityId` quiet since before `time` - quietMs. */
  advance(entityId: string, time: number): Event[] {
    const entity = this.open.get(entityId);
    if (entity === undefined) return [];
    const resolved: Event[] = [];
    for (const [key, open] of entity) {
      if (open.lastSeen > time - this.quietMs) continue;
      entity.delete(key);
      resolved.push(this.resolved(open, open.lastSeen + this.quietMs));
    }
    if (entity.size === 0) this.open.delete(entityId);
    return resolved;
  }

  /**
   * Resolves every open alert of an entity no longer tracked: at the end of its quiet period, or at `time`
   * (the event time that made room) if that comes first, since nothing would ever resolve it later.
   */
  forget(entityId: string, time: number): Event[] {
    const entity = this.open.get(entityId);
    if (entity === undefined) return [];
    this.open.delete(entityId);
    return [...entity.values()].map((open) => this.resolved(open, Math.max(open.lastSeen, Math.min(open.lastSeen + this.quietMs, time))));
  }

  /** The open alerts of an entity, for its checkpoint. */
  openOf(entityId: string): OpenAlert[] {
    return [...(this.open.get(entityId)?.values() ?? [])];
  }

  /** Restores open alerts of openOf(), so they resolve after a restart as they would have before it. */
  reopen(alerts: readonly OpenAlert[]): void {
    for (const alert of alerts) this.entityAlerts(alert.finding.entityId).set(alert.finding.key, alert);
  }

  private entityAlerts(entityId: string): Map<string, OpenAlert> {
    let entity = this.open.get(entityId);
    if (entity === undefined) this.open.set(entityId, (entity = new Map<string, OpenAlert>()));
    return entity;
  }

  private resolved(open: OpenAlert, at: number): Event {
    return resolvedEvent(open.finding, this.newId(), open.since, at, this.now());
  }
}
