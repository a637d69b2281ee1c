/**
 * Insights over a time range: alerts in against incidents out, how fast incidents are acknowledged (MTTA) and
 * resolved (MTTR) by service and severity, the noisiest and the flapping alerts, and incidents by service over
 * time. Pure: incidents and alerts in, a report out; the API and `opsight report` both print it.
 */
import type { Alert, Incident } from '../signals/index.js';

export interface InsightsInput {
  from: number;
  to: number;
  /** Incidents active at some time in the range (more may be given: only those started in it count). */
  incidents: readonly Incident[];
  /** Alerts seen in the range. */
  alerts: readonly Alert[];
}

/** Durations in ms: how many incidents were measured, their mean and median. */
export interface DurationStat {
  count: number;
  meanMs: number | null;
  medianMs: number | null;
}

export interface GroupStat {
  group: string;
  incidents: number;
  mtta: DurationStat;
  mttr: DurationStat;
}

export interface AlertNoise {
  fingerprint: string;
  title: string;
  entityId: string;
  /** Firing reports received (repeats included). */
  reports: number;
  /** State changes remembered for flapping detection. */
  changes: number;
  flapping: boolean;
}

export interface InsightsReport {
  from: number;
  to: number;
  alertsIn: number;
  /** Alert reports (firing notifications and repeats) behind `alertsIn`. */
  alertReports: number;
  incidentsOut: number;
  /** Alerts per incident: how much noise grouping took away; null without incidents. */
  compression: number | null;
  mtta: DurationStat;
  mttr: DurationStat;
  byService: GroupStat[];
  bySeverity: GroupStat[];
  noisiest: AlertNoise[];
  flapping: AlertNoise[];
  /** Incidents started per bucket (`bucketStarts`), per service; the least busy services are summed as `other`. */
  overTime: { bucketMs: number; bucketStarts: number[]; series: { service: string; counts: number[] }[] };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TOP = 10;
const SERVICES_OVER_TIME = 8;
/** Changes within an alert's remembered window from which it counts as flapping here (flapping detection proper holds it back). */
const FLAPPING_CHANGES = 4;

function stat(durations: readonly number[]): DurationStat {
  if (durations.length === 0) return { count: 0, meanMs: null, medianMs: null };
  const sorted = [...durations].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { count: sorted.length, meanMs: sorted.reduce((sum, value) => sum + value, 0) / sorted.length, medianMs: median };
}

/** The service an incident is about: its first `service:` entity, else its first entity. */
export function serviceOf(incident: Pick<Incident, 'entities'>): string {
  return incident.entities.find((entity) => entity.startsWith('service:')) ?? incident.entities[0] ?? 'unknown';
}

const ttaOf = (incident: Incident) => (incident.acknowledgedAt == null ? undefined : incident.acknowledgedAt - incident.startedAt);
const ttrOf = (incident: Incident) => (incident.resolvedAt === null || incident.status !== 'resolved' ? undefined : incident.resolvedAt - incident.startedAt);

function groupStats(incidents: readonly Incident[], groupOf: (incident: Incident) => string): GroupStat[] {
  const groups = new Map<string, Incident[]>();
  for (const incident of incidents) groups.set(groupOf(incident), [...(groups.get(groupOf(incident)) ?? []), incident]);
  return [...groups].map(([group, members]) => ({
    group, incidents: members.length,
    mtta: stat(members.map(ttaOf).filter((value) => value !== undefined)),
    mttr: stat(members.map(ttrOf).filter((value) => value !== undefined)),
  })).sort((a, b) => b.incidents - a.incidents || a.group.localeCompare(b.group));
}

function noiseOf(alert: Alert): AlertNoise {
  const changes = alert.recentChanges?.length ?? 0;
  return {
    fingerprint: alert.fingerprint, title: alert.title, entityId: alert.entityId, reports: alert.count, changes,
    flapping: alert.suppressed?.kind === 'flapping' || changes >= FLAPPING_CHANGES,
  };
}

function overTime(incidents: readonly Incident[], from: number, to: number): InsightsReport['overTime'] {
  const bucketMs = to - from <= 2 * DAY ? HOUR : DAY;
  const first = Math.floor(from / bucketMs) * bucketMs;
  const bucketStarts: number[] = [];
  for (let start = first; start <= to; start += bucketMs) bucketStarts.push(start);
  const totals = new Map<string, number>();
  for (const incident of incidents) totals.set(serviceOf(incident), (totals.get(serviceOf(incident)) ?? 0) + 1);
  const named = new Set([...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, SERVICES_OVER_TIME).map(([service]) => service));
  const series = new Map<string, number[]>();
  for (const incident of incidents) {
    const service = named.has(serviceOf(incident)) ? serviceOf(incident) : 'other';
    const counts = series.get(service) ?? bucketStarts.map(() => 0);
    const bucket = Math.floor((incident.startedAt - first) / bucketMs);
    counts[bucket] = (counts[bucket] ?? 0) + 1;
    series.set(service, counts);
  }
  return { bucketMs, bucketStarts, series: [...series].map(([service, counts]) => ({ service, counts })).sort((a, b) => a.service.localeCompare(b.service)) };
}

export function computeInsights(input: InsightsInput): InsightsReport {
  const { from, to } = input;
  // Merged incidents live on in the one they were merged into: counting them would count one problem twice.
  const incidents = input.incidents.filter((incident) => incident.startedAt >= from && incident.startedAt <= to && incident.status !== 'merged');
  const alerts = input.alerts.filter((alert) => alert.lastSeen >= from && alert.firstSeen <= to);
  const noise = alerts.map(noiseOf);
  return {
    from, to,
    alertsIn: alerts.length,
    alertReports: alerts.reduce((sum, alert) => sum + alert.count, 0),
    incidentsOut: incidents.length,
    compression: incidents.length === 0 ? null : alerts.length / incidents.length,
    mtta: stat(incidents.map(ttaOf).filter((value) => value !== undefined)),
    mttr: stat(incidents.map(ttrOf).filter((value) => value !== undefined)),
    byService: groupStats(incidents, serviceOf),
    bySeverity: groupStats(incidents, (incident) => incident.severity),
    noisiest: [...noise].sort((a, b) => b.reports - a.reports || a.fingerprint.localeCompare(b.fingerprint)).slice(0, TOP),
    flapping: noise.filter((alert) => alert.flapping).sort((a, b) => b.changes - a.changes || a.fingerprint.localeCompare(b.fingerprint)).slice(0, TOP),
    overTime: overTime(incidents, from, to),
  };
}

const minutes = (ms: number | null) => (ms === null ? '-' : `${(ms / 60_000).toFixed(1)} min`);

/** The report as Markdown, for `opsight report --format md`. */
export function insightsMarkdown(report: InsightsReport): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const table = (header: string[], rows: (string | number)[][]) => [
    `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  const groupRows = (groups: GroupStat[]) => groups.map((g) => [g.group, g.incidents, minutes(g.mtta.meanMs), minutes(g.mttr.meanMs)]);
  const noiseRows = (alerts: AlertNoise[]) => alerts.map((a) => [a.title, a.entityId, a.reports, a.changes]);
  return [
    `# opsight report, ${iso(report.from)} to ${iso(report.to)}`, '',
    `- Alerts in: ${report.alertsIn} (${report.alertReports} reports)`,
    `- Incidents out: ${report.incidentsOut}${report.compression === null ? '' : ` (${report.compression.toFixed(1)} alerts per incident)`}`,
    `- MTTA: ${minutes(report.mtta.meanMs)} mean, ${minutes(report.mtta.medianMs)} median over ${report.mtta.count} acknowledged`,
    `- MTTR: ${minutes(report.mttr.meanMs)} mean, ${minutes(report.mttr.medianMs)} median over ${report.mttr.count} resolved`, '',
    '## By service', '', table(['service', 'incidents', 'MTTA', 'MTTR'], groupRows(report.byService)), '',
    '## By severity', '', table(['severity', 'incidents', 'MTTA', 'MTTR'], groupRows(report.bySeverity)), '',
    '## Noisiest alerts', '', table(['alert', 'entity', 'reports', 'changes'], noiseRows(report.noisiest)), '',
    '## Flapping alerts', '', report.flapping.length === 0 ? 'None.' : table(['alert', 'entity', 'reports', 'changes'], noiseRows(report.flapping)),
  ].join('\n');
}
