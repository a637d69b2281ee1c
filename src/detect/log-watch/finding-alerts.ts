/**
 * Anomalies that are moments rather than states (a new log template, a burst) as alerts with a life
 * cycle: the first finding of a key fires, repeats keep it firing, and it resolves once no finding of
 * that key has come for a quiet period of event time. Pure; state is a plain map.
 */
import type { Anomaly, Event } from '../../signals/index.js';
import type { FindingAlert } from '../anomaly-alerts.js';
import { firingEvent, resolvedEvent } from '../anomaly-alerts.js';
import { severityOf } from '../metric/index.js';

interface Open {
  finding: FindingAlert;
  since: number;
  lastSeen: number;
}

export class FindingAlerts {
  private readonly open = new Map<string, Open>();

  constructor(private readonly quietMs: number, private readonly newId: () => string, private readonly now: () => number) {}

  /** The alert identity of an anomaly: detector, entity and what it is about, not when. */
  static keyOf(anomaly: Anomaly): string {
    return `${anomaly.detector}:${anomaly.entityId}:${anomaly.subject}`;
  }

  /** Fires for an anomaly whose key is not open; extends an open one. */
  found(anomaly: Anomaly, alertname: string, title: string): Event[] {
    const key = FindingAlerts.keyOf(anomaly);
    const current = this.open.get(key);
    if (current !== undefined) {
      current.lastSeen = Math.max(current.lastSeen, anomaly.time);
      return [];
    }
    const finding: FindingAlert = {
      key, alertname, entityId: anomaly.entityId, title, severity: severityOf(anomaly.score),
      labels: { detector: anomaly.detector, subject: anomaly.subject.slice(0, 200) }, annotations: { summary: anomaly.explanation.slice(0, 2000) },
    };
    const since = anomaly.since ?? anomaly.time;
    this.open.set(key, { finding, since, lastSeen: anomaly.time });
    return [firingEvent(finding, this.newId(), anomaly.time, since, this.now())];
  }

  /** Resolves the open alerts of `entityId` quiet since before `time` - quietMs. */
  advance(entityId: string, time: number): Event[] {
    const resolved: Event[] = [];
    for (const [key, open] of this.open) {
      if (open.finding.entityId !== entityId || open.lastSeen > time - this.quietMs) continue;
      this.open.delete(key);
      resolved.push(resolvedEvent(open.finding, this.newId(), open.since, open.lastSeen + this.quietMs, this.now()));
    }
    return resolved;
  }
}
