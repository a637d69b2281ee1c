/**
 * Alerts by fingerprint, with the filters and paging of `GET /api/v1/alerts`. `alerts` holds each fingerprint's
 * latest episode; when one fires again after it resolved, the episode before is kept in `alert_history`, so the
 * incidents of past faults keep their alerts and a time range lists every episode active in it.
 */
import type { Alert } from '../../signals/index.js';
import type { Row, SqlExecutor } from '../sql.js';
import type { AlertFilter, AlertRepository, Page } from '../types.js';
import { Where, parseJson, selectPage } from './where.js';

interface AlertRow extends Row {
  fingerprint: string; status: string; severity: string; entity_id: string; source: string; title: string;
  labels: string; annotations: string; first_seen: number; last_seen: number; active_since: number;
  resolved_at: number | null; count: number; incident_id: string | null; url: string | null; correlation: string | null;
  suppressed: string | null; recent_changes: string | null;
}

const toAlert = (row: AlertRow): Alert => ({
  fingerprint: row.fingerprint,
  status: row.status as Alert['status'],
  severity: row.severity as Alert['severity'],
  entityId: row.entity_id,
  source: row.source,
  title: row.title,
  labels: parseJson(row.labels),
  annotations: parseJson(row.annotations),
  firstSeen: Number(row.first_seen),
  lastSeen: Number(row.last_seen),
  activeSince: Number(row.active_since),
  resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
  count: Number(row.count),
  incidentId: row.incident_id,
  url: row.url,
  ...(row.correlation === null || row.correlation === undefined ? {} : { correlation: parseJson(row.correlation) }),
  suppressed: row.suppressed === null ? null : parseJson(row.suppressed),
  ...(row.recent_changes === null ? {} : { recentChanges: parseJson(row.recent_changes) }),
});

const jsonOrNull = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

const COLUMNS = `fingerprint, status, severity, entity_id, source, title, labels, annotations, first_seen, last_seen, active_since,
  resolved_at, count, incident_id, url, correlation, suppressed, recent_changes`;
/** Every episode: the latest of each fingerprint and the earlier ones. */
const EPISODES = `(SELECT ${COLUMNS} FROM alerts UNION ALL SELECT ${COLUMNS} FROM alert_history) AS episodes`;

export class SqlAlertRepository implements AlertRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async get(fingerprint: string): Promise<Alert | undefined> {
    const [row] = await this.sql.query<AlertRow>('SELECT * FROM alerts WHERE fingerprint = ?', [fingerprint]);
    return row === undefined ? undefined : toAlert(row);
  }

  async put(alert: Alert): Promise<void> {
    // A new episode replaces the row of the one before, which is kept first.
    await this.sql.run(`INSERT INTO alert_history (${COLUMNS}) SELECT ${COLUMNS} FROM alerts WHERE fingerprint = ? AND active_since <> ?
      ON CONFLICT (fingerprint, active_since) DO NOTHING`, [alert.fingerprint, alert.activeSince]);
    await this.sql.run(
      `INSERT INTO alerts (fingerprint, status, severity, entity_id, source, title, labels, annotations,
         first_seen, last_seen, active_since, resolved_at, count, incident_id, url, correlation, suppressed, recent_changes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status, severity = excluded.severity,
         entity_id = excluded.entity_id, source = excluded.source, title = excluded.title, labels = excluded.labels,
         annotations = excluded.annotations, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
         active_since = excluded.active_since, resolved_at = excluded.resolved_at, count = excluded.count,
         incident_id = excluded.incident_id, url = excluded.url, correlation = excluded.correlation,
         suppressed = excluded.suppressed, recent_changes = excluded.recent_changes`,
      [alert.fingerprint, alert.status, alert.severity, alert.entityId, alert.source, alert.title,
        JSON.stringify(alert.labels), JSON.stringify(alert.annotations), alert.firstSeen, alert.lastSeen,
        alert.activeSince, alert.resolvedAt, alert.count, alert.incidentId, alert.url,
        jsonOrNull(alert.correlation), jsonOrNull(alert.suppressed), jsonOrNull(alert.recentChanges)]);
  }

  async reassign(from: string, to: string): Promise<number> {
    await this.sql.run('UPDATE alert_history SET incident_id = ? WHERE incident_id = ?', [to, from]);
    return this.sql.run('UPDATE alerts SET incident_id = ? WHERE incident_id = ?', [to, from]);
  }

  async list(filter: AlertFilter): Promise<Page<Alert>> {
    const where = new Where()
      .add('status = ?', filter.status)
      .in('severity', filter.severity)
      .add('entity_id = ?', filter.entityId)
      .add('incident_id = ?', filter.incidentId)
      .add('last_seen >= ?', filter.from)
      .add('active_since <= ?', filter.to);
    if (filter.suppressed !== undefined) where.add(filter.suppressed ? 'suppressed IS NOT NULL' : 'suppressed IS NULL');
    return selectPage(this.sql, { table: filter.latestOnly === true ? 'alerts' : EPISODES, columns: '*', where, orderBy: 'last_seen DESC, fingerprint, active_since DESC', limit: filter.limit, offset: filter.offset }, toAlert);
  }
}
