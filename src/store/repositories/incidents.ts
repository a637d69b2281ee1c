/** Incidents and their timelines; an index table maps each entity to its incidents. */
import type { Incident, TimelineEntry } from '../../signals/index.js';
import type { Row, SqlExecutor } from '../sql.js';
import type { IncidentFilter, IncidentRepository, Page } from '../types.js';
import { Where, parseJson, selectPage } from './where.js';

interface IncidentRow extends Row {
  id: string; status: string; severity: string; title: string; entities: string; started_at: number;
  last_activity_at: number; resolved_at: number | null; alert_count: number; firing_count: number; root_causes: string;
  problems: string | null;
}

const toIncident = (row: IncidentRow): Incident => ({
  id: row.id,
  status: row.status as Incident['status'],
  severity: row.severity as Incident['severity'],
  title: row.title,
  entities: parseJson(row.entities),
  startedAt: Number(row.started_at),
  lastActivityAt: Number(row.last_activity_at),
  resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
  alertCount: Number(row.alert_count),
  firingCount: Number(row.firing_count),
  rootCauses: parseJson(row.root_causes),
  ...(row.problems === null || row.problems === undefined ? {} : { problems: parseJson(row.problems) }),
});

export class SqlIncidentRepository implements IncidentRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async get(id: string): Promise<Incident | undefined> {
    const [row] = await this.sql.query<IncidentRow>('SELECT * FROM incidents WHERE id = ?', [id]);
    return row === undefined ? undefined : toIncident(row);
  }

  async put(incident: Incident): Promise<void> {
    await this.sql.run(
      `INSERT INTO incidents (id, status, severity, title, entities, started_at, last_activity_at, resolved_at,
         alert_count, firing_count, root_causes, problems) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, severity = excluded.severity, title = excluded.title,
         entities = excluded.entities, started_at = excluded.started_at, last_activity_at = excluded.last_activity_at,
         resolved_at = excluded.resolved_at, alert_count = excluded.alert_count, firing_count = excluded.firing_count,
         root_causes = excluded.root_causes, problems = excluded.problems`,
      [incident.id, incident.status, incident.severity, incident.title, JSON.stringify(incident.entities),
        incident.startedAt, incident.lastActivityAt, incident.resolvedAt, incident.alertCount, incident.firingCount,
        JSON.stringify(incident.rootCauses), incident.problems === undefined ? null : JSON.stringify(incident.problems)]);
    for (const entityId of incident.entities) {
      await this.sql.run('INSERT INTO incident_entities (incident_id, entity_id) VALUES (?, ?) ON CONFLICT (incident_id, entity_id) DO NOTHING',
        [incident.id, entityId]);
    }
  }

  async list(filter: IncidentFilter): Promise<Page<Incident>> {
    const where = new Where()
      .add('status = ?', filter.status)
      .in('severity', filter.severity)
      .add('id IN (SELECT incident_id FROM incident_entities WHERE entity_id = ?)', filter.entityId)
      .add('last_activity_at >= ?', filter.from)
      .add('started_at <= ?', filter.to);
    return selectPage(this.sql, { table: 'incidents', columns: '*', where, orderBy: 'last_activity_at DESC, id', limit: filter.limit, offset: filter.offset }, toIncident);
  }

  async openSince(since: number, entityIds: readonly string[]): Promise<Incident[]> {
    if (entityIds.length === 0) return [];
    const rows = await this.sql.query<IncidentRow>(
      `SELECT DISTINCT i.* FROM incidents i JOIN incident_entities e ON e.incident_id = i.id
       WHERE e.entity_id IN (${entityIds.map(() => '?').join(', ')}) AND i.status = 'open' AND i.last_activity_at >= ?
       ORDER BY i.last_activity_at DESC, i.id`, [...entityIds, since]);
    return rows.map(toIncident);
  }

  async appendTimeline(incidentId: string, entry: TimelineEntry): Promise<void> {
    await this.sql.run('INSERT INTO incident_timeline (incident_id, time, kind, text, ref) VALUES (?, ?, ?, ?, ?)',
      [incidentId, entry.time, entry.kind, entry.text, entry.ref]);
  }

  async timeline(incidentId: string): Promise<TimelineEntry[]> {
    const rows = await this.sql.query<{ time: number; kind: string; text: string; ref: string | null }>(
      'SELECT time, kind, text, ref FROM incident_timeline WHERE incident_id = ? ORDER BY time, id', [incidentId]);
    return rows.map((row) => ({ time: Number(row.time), kind: row.kind as TimelineEntry['kind'], text: row.text, ref: row.ref }));
  }
}
