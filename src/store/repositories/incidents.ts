/**
 * Incidents and their timelines. Index tables map each entity, alert kind and rule group to its incidents, so
 * grouping finds the candidates of an alert without scanning.
 */
import type { Incident, TimelineEntry } from '../../signals/index.js';
import { activeStatuses, parseMark } from '../../signals/index.js';
import type { Row, SqlExecutor, SqlValue } from '../sql.js';
import type { HeldKeys, IncidentFilter, IncidentRepository, Page } from '../types.js';
import { Where, parseJson, selectPage } from './where.js';

interface IncidentRow extends Row {
  id: string; status: string; severity: string; title: string; entities: string; started_at: number;
  last_activity_at: number; resolved_at: number | null; alert_count: number; firing_count: number; root_causes: string;
  problems: string | null; signs: string | null; templates: string | null; titles: string | null; kinds: string | null; rule_groups: string | null; quiet_since: number | null;
  acknowledged_at: number | null; acknowledged_by: string | null; assignee: string | null; merged_into: string | null; impact: string | null;
  entity_activity: string | null;
}

const optionalJson = <K extends string>(key: K, text: string | null | undefined) => (text === null || text === undefined ? {} : { [key]: parseJson(text) });
const optionalTime = (value: number | null) => (value === null ? null : Number(value));

const toIncident = (row: IncidentRow): Incident => ({
  id: row.id,
  status: row.status as Incident['status'],
  severity: row.severity as Incident['severity'],
  title: row.title,
  entities: parseJson(row.entities),
  startedAt: Number(row.started_at),
  lastActivityAt: Number(row.last_activity_at),
  resolvedAt: optionalTime(row.resolved_at),
  alertCount: Number(row.alert_count),
  firingCount: Number(row.firing_count),
  rootCauses: parseJson(row.root_causes),
  ...optionalJson('problems', row.problems),
  ...optionalJson('signs', row.signs),
  ...optionalJson('entityActivity', row.entity_activity),
  ...optionalJson('templates', row.templates),
  ...optionalJson('titles', row.titles),
  ...optionalJson('kinds', row.kinds),
  ...optionalJson('ruleGroups', row.rule_groups),
  quietSince: optionalTime(row.quiet_since),
  acknowledgedAt: optionalTime(row.acknowledged_at),
  acknowledgedBy: row.acknowledged_by,
  assignee: row.assignee,
  mergedInto: row.merged_into,
  ...optionalJson('impact', row.impact),
});

const jsonOrNull = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** The keys of the index that finds an incident by what its alerts are: `kind:<kind>`, `rule:<group>` and `template:<template>`. */
const kindKey = (kind: string) => `kind:${kind}`;
const ruleGroupKey = (group: string) => `rule:${group}`;
const templateKey = (template: string) => `template:${template}`;

const heldKeys = (held: HeldKeys) => [...(held.kinds ?? []).map(kindKey), ...(held.ruleGroups ?? []).map(ruleGroupKey), ...(held.templates ?? []).map(templateKey)];

const COLUMNS = ['id', 'status', 'severity', 'title', 'entities', 'started_at', 'last_activity_at', 'resolved_at', 'alert_count', 'firing_count',
  'root_causes', 'problems', 'kinds', 'rule_groups', 'quiet_since', 'acknowledged_at', 'acknowledged_by', 'assignee', 'merged_into', 'impact', 'signs', 'entity_activity',
  'templates', 'titles'];

function valuesOf(incident: Incident): SqlValue[] {
  return [incident.id, incident.status, incident.severity, incident.title, JSON.stringify(incident.entities),
    incident.startedAt, incident.lastActivityAt, incident.resolvedAt, incident.alertCount, incident.firingCount,
    JSON.stringify(incident.rootCauses), jsonOrNull(incident.problems), jsonOrNull(incident.kinds), jsonOrNull(incident.ruleGroups),
    incident.quietSince ?? null, incident.acknowledgedAt ?? null, incident.acknowledgedBy ?? null, incident.assignee ?? null, incident.mergedInto ?? null, jsonOrNull(incident.impact ?? undefined), jsonOrNull(incident.signs),
    jsonOrNull(incident.entityActivity), jsonOrNull(incident.templates), jsonOrNull(incident.titles)];
}

const ACTIVE = `i.status IN (${activeStatuses.map((status) => `'${status}'`).join(', ')})`;
/** The LIKE pattern (twice: title and id) of a text to find anywhere, its wildcards taken literally. */
const containing = (text: string | undefined): [string, string] | [undefined] => {
  if (text === undefined) return [undefined];
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return [pattern, pattern];
};
const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

export class SqlIncidentRepository implements IncidentRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async get(id: string): Promise<Incident | undefined> {
    const [row] = await this.sql.query<IncidentRow>('SELECT * FROM incidents WHERE id = ?', [id]);
    return row === undefined ? undefined : toIncident(row);
  }

  async put(incident: Incident): Promise<void> {
    await this.sql.run(
      `INSERT INTO incidents (${COLUMNS.join(', ')}) VALUES (${placeholders(COLUMNS)})
       ON CONFLICT (id) DO UPDATE SET ${COLUMNS.slice(1).map((column) => `${column} = excluded.${column}`).join(', ')}`,
      valuesOf(incident));
    for (const entityId of incident.entities) {
      await this.sql.run('INSERT INTO incident_entities (incident_id, entity_id) VALUES (?, ?) ON CONFLICT (incident_id, entity_id) DO NOTHING',
        [incident.id, entityId]);
    }
    const templates = (incident.templates ?? []).map((mark) => parseMark(mark).text);
    for (const key of heldKeys({ kinds: incident.kinds ?? [], ruleGroups: incident.ruleGroups ?? [], templates })) {
      await this.sql.run('INSERT INTO incident_keys (incident_id, key) VALUES (?, ?) ON CONFLICT (incident_id, key) DO NOTHING', [incident.id, key]);
    }
  }

  async list(filter: IncidentFilter): Promise<Page<Incident>> {
    const where = new Where()
      .add('status = ?', filter.status)
      .in('severity', filter.severity)
      .add('id IN (SELECT incident_id FROM incident_entities WHERE entity_id = ?)', filter.entityId)
      .add("(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(id) LIKE ? ESCAPE '\\')", ...containing(filter.text))
      .add('last_activity_at >= ?', filter.from)
      .add('started_at <= ?', filter.to);
    return selectPage(this.sql, { table: 'incidents', columns: '*', where, orderBy: 'last_activity_at DESC, id', limit: filter.limit, offset: filter.offset }, toIncident);
  }

  async openSince(since: number, entityIds: readonly string[]): Promise<Incident[]> {
    return this.activeJoined('incident_entities', 'entity_id', entityIds, since);
  }

  async openHolding(since: number, held: HeldKeys): Promise<Incident[]> {
    return this.activeJoined('incident_keys', 'key', heldKeys(held), since);
  }

  /** Active incidents with activity at or after `since` that `table` links, by `column`, to one of `values`; most recent first. */
  private async activeJoined(table: 'incident_entities' | 'incident_keys', column: 'entity_id' | 'key', values: readonly string[], since: number): Promise<Incident[]> {
    if (values.length === 0) return [];
    const rows = await this.sql.query<IncidentRow>(
      `SELECT DISTINCT i.* FROM incidents i JOIN ${table} j ON j.incident_id = i.id
       WHERE j.${column} IN (${placeholders(values)}) AND ${ACTIVE} AND i.last_activity_at >= ?
       ORDER BY i.last_activity_at DESC, i.id`, [...values, since]);
    return rows.map(toIncident);
  }

  async quietSince(before: number): Promise<Incident[]> {
    const rows = await this.sql.query<IncidentRow>(
      `SELECT i.* FROM incidents i WHERE i.quiet_since <= ? AND ${ACTIVE} ORDER BY i.quiet_since, i.id`, [before]);
    return rows.map(toIncident);
  }

  async appendTimeline(incidentId: string, entry: TimelineEntry): Promise<void> {
    await this.sql.run('INSERT INTO incident_timeline (incident_id, time, kind, text, ref, author) VALUES (?, ?, ?, ?, ?, ?)',
      [incidentId, entry.time, entry.kind, entry.text, entry.ref, entry.by ?? null]);
  }

  async timeline(incidentId: string): Promise<TimelineEntry[]> {
    const rows = await this.sql.query<{ time: number; kind: string; text: string; ref: string | null; author: string | null }>(
      'SELECT time, kind, text, ref, author FROM incident_timeline WHERE incident_id = ? ORDER BY time, id', [incidentId]);
    return rows.map((row) => ({
      time: Number(row.time), kind: row.kind as TimelineEntry['kind'], text: row.text, ref: row.ref, ...(row.author === null ? {} : { by: row.author }),
    }));
  }
}
