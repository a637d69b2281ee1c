/**
 * One alert per problem and entity, not one per series: the series of one entity that say the same
 * thing (its latency quantiles, its CPU in millicores and in percent, the error ratios of its
 * operations) fire one alert together. It fires with its first series, escalates with the worst,
 * and resolves with the last. A series that fires while every series of the alert is back to normal
 * (waiting out resolveAfter) ends it and starts a new one: the earlier problem is over, and a fault
 * that follows it minutes later is news. Pure: plain maps, rebuilt from the series' own alert states
 * on restore.
 */
import type { Event, Labels, Severity } from '../../signals/index.js';
import type { FindingAlert } from '../anomaly-alerts.js';
import { firingEvent, resolvedEvent } from '../anomaly-alerts.js';

/** A series firing in a group: what it says, for the group's alert text. */
export interface GroupMember {
  metric: string;
  labels: Labels;
  severity: Severity;
  since: number;
  summary: string;
}

interface Group {
  entityId: string;
  /** The problem: a signal class (`latency`) or, for series of no known class, their family. */
  problem: string;
  members: Map<string, GroupMember>;
  /** Members whose latest point was normal again, with when they became so. */
  calm: Map<string, number>;
  severity: Severity;
  since: number;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2, critical: 3 };

const PROBLEM_WORDS: Record<string, string> = { errors: 'Errors', latency: 'Latency', traffic: 'Traffic', saturation: 'Saturation', behaviour: 'Behaviour', runtime: 'Runtime' };

export class AlertGroups {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly newId: () => string, private readonly now: () => number) {}

  /** The dedup key of an entity's problem. */
  static keyOf(entityId: string, problem: string): string {
    return `metric-anomaly:${entityId}:${problem}`;
  }

  /** A series fires or escalates: the group fires when new, and again (escalating) when this series is its worst yet. */
  fire(entityId: string, problem: string, seriesKey: string, member: GroupMember, time: number): Event[] {
    const key = AlertGroups.keyOf(entityId, problem);
    const group = this.groups.get(key);
    if (group !== undefined && !group.members.has(seriesKey) && group.calm.size === group.members.size) {
      this.groups.delete(key);
      // It ended when its last series became normal, before this one fired: the new alert is a new episode.
      const endedAt = Math.max(group.since, ...group.calm.values());
      const ended = resolvedEvent(this.findingOf(key, group, [...group.members.keys()][0] ?? seriesKey), this.newId(), group.since, endedAt, this.now());
      return [ended, ...this.fire(entityId, problem, seriesKey, member, time)];
    }
    if (group === undefined) {
      const created: Group = { entityId, problem, members: new Map([[seriesKey, member]]), calm: new Map(), severity: member.severity, since: member.since };
      this.groups.set(key, created);
      return [firingEvent(this.findingOf(key, created, seriesKey), this.newId(), time, created.since, this.now())];
    }
    group.members.set(seriesKey, member);
    group.calm.delete(seriesKey);
    if (RANK[member.severity] <= RANK[group.severity]) return [];
    group.severity = member.severity;
    return [firingEvent(this.findingOf(key, group, seriesKey), this.newId(), time, group.since, this.now())];
  }

  /** A member's point at `time` was normal again (`calm`), or not, while its alert waits out resolveAfter. */
  settle(entityId: string, problem: string, seriesKey: string, calm: boolean, time: number): void {
    const group = this.groups.get(AlertGroups.keyOf(entityId, problem));
    if (group?.members.has(seriesKey) !== true) return;
    if (!calm) group.calm.delete(seriesKey);
    else if (!group.calm.has(seriesKey)) group.calm.set(seriesKey, time);
  }

  /** A series is normal again (or gone): the group resolves when it was the last, at `time` (never before it began). */
  resolve(entityId: string, problem: string, seriesKey: string, time: number, reason?: string): Event[] {
    const key = AlertGroups.keyOf(entityId, problem);
    const group = this.groups.get(key);
    if (group?.members.has(seriesKey) !== true) return [];
    const leader = group.members.size === 1 ? seriesKey : undefined;
    group.members.delete(seriesKey);
    group.calm.delete(seriesKey);
    if (leader === undefined) return [];
    this.groups.delete(key);
    const finding = this.findingOf(key, group, leader, reason);
    return [resolvedEvent(finding, this.newId(), group.since, Math.max(group.since, time), this.now())];
  }

  /** Re-enters a series firing before a restart, without an event: its group's alert is already open. */
  rejoin(entityId: string, problem: string, seriesKey: string, member: GroupMember): void {
    const key = AlertGroups.keyOf(entityId, problem);
    const group = this.groups.get(key);
    if (group === undefined) {
      this.groups.set(key, { entityId, problem, members: new Map([[seriesKey, member]]), calm: new Map(), severity: member.severity, since: member.since });
      return;
    }
    group.members.set(seriesKey, member);
    if (RANK[member.severity] > RANK[group.severity]) group.severity = member.severity;
    group.since = Math.min(group.since, member.since);
  }

  private findingOf(key: string, group: Group, leaderKey: string, reason?: string): FindingAlert {
    const leader = group.members.get(leaderKey) ?? [...group.members.values()][0];
    const metric = leader?.metric ?? '';
    const others = group.members.size - 1;
    const what = PROBLEM_WORDS[group.problem] ?? 'Unusual';
    const title = `${what} anomaly on ${group.entityId}: ${metric}${others > 0 ? ` and ${others} more series` : ''}`;
    return {
      key, alertname: 'MetricAnomaly', entityId: group.entityId, title, severity: group.severity,
      labels: { ...(leader?.labels ?? {}), metric, problem: group.problem },
      annotations: { summary: reason ?? leader?.summary ?? '', series: leaderKey, seriesFiring: String(group.members.size) },
    };
  }
}
