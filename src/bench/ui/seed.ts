/**
 * The incidents `opsight bench ui` pages through: a seeded, deterministic history of incidents with their alerts,
 * spread over the 30 days before an event time, written through the store in a few transactions. Grouping is not
 * what the bench measures, so the incidents are made directly rather than by replaying alerts through correlation.
 */
import { createHash } from 'node:crypto';
import type { Alert, Incident } from '../../signals/index.js';
import type { Store } from '../../store/index.js';
import { uniform } from '../fuzz/prng.js';

export const SEEDED_SERVICES = ['checkout', 'cart', 'payments', 'catalog', 'search', 'shipping', 'auth', 'users', 'orders', 'inventory',
  'recommendations', 'email', 'frontend', 'gateway', 'billing', 'ledger', 'reviews', 'media', 'notifications', 'pricing'] as const;
const PROBLEMS = ['high latency', 'error rate above 5%', 'log errors', 'pod restarts', 'CPU saturation', 'memory near limit',
  'queue backlog', 'disk almost full', 'connection pool exhausted', 'TLS certificate expiring'] as const;
/** Most of a long history is resolved; a few are still being worked on. */
const STATUSES: readonly Incident['status'][] = [...Array<Incident['status']>(14).fill('resolved'), 'open', 'open', 'acknowledged', 'reopened', 'merged'];
const SEVERITIES: readonly Incident['severity'][] = ['critical', 'error', 'error', 'warning', 'warning', 'warning', 'info'];
const HISTORY_MS = 30 * 24 * 3_600_000;


const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
const hex = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

function alertsOf(incident: Incident, service: string, problems: readonly string[], next: () => number): Alert[] {
  return problems.map((problem, n) => {
    const entityId = n === 0 ? `service:${service}` : `pod:${service}-${hex(`${incident.id}/${n}`).slice(0, 5)}`;
    const firing = incident.status !== 'resolved' && incident.status !== 'merged' && n === 0;
    const activeSince = incident.startedAt + Math.floor(next() * (incident.lastActivityAt - incident.startedAt));
    return {
      fingerprint: `bench-${hex(`${incident.id}/${n}`)}`, status: firing ? 'firing' : 'resolved', severity: incident.severity, entityId,
      source: 'alertmanager', title: `${service}: ${problem}`, labels: { alertname: problem.replace(/\W+/g, '_'), service, severity: incident.severity },
      annotations: {}, firstSeen: activeSince, lastSeen: incident.lastActivityAt, activeSince, resolvedAt: firing ? null : incident.lastActivityAt,
      count: 1 + Math.floor(next() * 5), incidentId: incident.id, url: null,
      correlation: { reason: n === 0 ? 'opened the incident' : 'same service', score: n === 0 ? 1 : 0.8, relatedTo: n === 0 ? null : `service:${service}` },
    };
  });
}

/** `count` incidents, most recent last, each with one to four alerts, the newest active at `now` (event time). */
export function benchIncidents(count: number, now: number, seed = 1): { incidents: Incident[]; alerts: Alert[] } {
  // The same history for the same seed, so runs compare.
  const next = uniform(seed);
  const incidents: Incident[] = [];
  const alerts: Alert[] = [];
  for (let i = 0; i < count; i++) {
    const service = pick(next, SEEDED_SERVICES);
    const problems = [...new Set(Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(next, PROBLEMS)))];
    const startedAt = now - HISTORY_MS + Math.floor(((i + next()) / count) * HISTORY_MS);
    const lastActivityAt = Math.min(now, startedAt + 60_000 + Math.floor(next() ** 2 * 6 * 3_600_000));
    const status = pick(next, STATUSES);
    const incident: Incident = {
      id: `inc_${hex(`bench/${seed}/${i}`)}`, status, severity: pick(next, SEVERITIES), title: `${service}: ${problems.join(', ')}`,
      entities: [`service:${service}`], startedAt, lastActivityAt, resolvedAt: status === 'resolved' ? lastActivityAt : null,
      alertCount: 0, firingCount: 0, rootCauses: [], problems, kinds: problems.map((problem) => `service:${service}/${problem}`),
      quietSince: null, acknowledgedAt: status === 'acknowledged' ? lastActivityAt : null, acknowledgedBy: status === 'acknowledged' ? 'bench' : null,
      assignee: status === 'acknowledged' || status === 'reopened' ? pick(next, ['ana', 'bo', 'chen', 'dee']) : null,
      mergedInto: status === 'merged' ? incidents.at(-1)?.id ?? null : null,
    };
    const own = alertsOf(incident, service, problems, next);
    incident.entities = [...new Set(own.map((alert) => alert.entityId))];
    incident.alertCount = own.length;
    incident.firingCount = own.filter((alert) => alert.status === 'firing').length;
    incidents.push(incident);
    alerts.push(...own);
  }
  return { incidents, alerts };
}

const BATCH = 1_000;

/** Writes `benchIncidents(count, now)` through the store, a transaction per thousand incidents. */
export async function seedIncidents(store: Store, count: number, now: number): Promise<void> {
  const { incidents, alerts } = benchIncidents(count, now);
  const alertsOfIncident = new Map<string | null, Alert[]>();
  for (const alert of alerts) alertsOfIncident.set(alert.incidentId, [...(alertsOfIncident.get(alert.incidentId) ?? []), alert]);
  for (let start = 0; start < incidents.length; start += BATCH) {
    await store.transaction(async (tx) => {
      for (const incident of incidents.slice(start, start + BATCH)) {
        await tx.incidents.put(incident);
        for (const alert of alertsOfIncident.get(incident.id) ?? []) await tx.alerts.put(alert);
      }
    });
  }
}
