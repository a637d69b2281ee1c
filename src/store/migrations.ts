/**
 * Versioned schema migrations, shared by both dialects. Each migration runs in one transaction and
 * is recorded in `schema_migrations`; a database newer than this code is refused, not downgraded.
 */
import type { Dialect, SqlDatabase } from './sql.js';

interface Migration {
  version: number;
  name: string;
  statements: (dialect: Dialect) => string[];
}

const serialKey = (dialect: Dialect) => (dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY');

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'spine: tokens, events, entities, alerts, incidents, bus journal',
    statements: (dialect) => [
      `CREATE TABLE tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL, last_used_at BIGINT, revoked_at BIGINT)`,
      `CREATE TABLE events (id TEXT PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, entity_id TEXT NOT NULL,
        severity TEXT NOT NULL, title TEXT NOT NULL, time BIGINT NOT NULL, received_at BIGINT NOT NULL, body TEXT NOT NULL)`,
      'CREATE INDEX events_entity_time ON events (entity_id, time)',
      'CREATE INDEX events_time ON events (time)',
      `CREATE TABLE entities (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, attributes TEXT NOT NULL,
        first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL)`,
      `CREATE TABLE alerts (fingerprint TEXT PRIMARY KEY, status TEXT NOT NULL, severity TEXT NOT NULL,
        entity_id TEXT NOT NULL, source TEXT NOT NULL, title TEXT NOT NULL, labels TEXT NOT NULL, annotations TEXT NOT NULL,
        first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, active_since BIGINT NOT NULL, resolved_at BIGINT,
        count BIGINT NOT NULL, incident_id TEXT, url TEXT)`,
      'CREATE INDEX alerts_status_last_seen ON alerts (status, last_seen)',
      'CREATE INDEX alerts_entity ON alerts (entity_id)',
      'CREATE INDEX alerts_incident ON alerts (incident_id)',
      `CREATE TABLE incidents (id TEXT PRIMARY KEY, status TEXT NOT NULL, severity TEXT NOT NULL, title TEXT NOT NULL,
        entities TEXT NOT NULL, started_at BIGINT NOT NULL, last_activity_at BIGINT NOT NULL, resolved_at BIGINT,
        alert_count BIGINT NOT NULL, firing_count BIGINT NOT NULL, root_causes TEXT NOT NULL)`,
      'CREATE INDEX incidents_status_activity ON incidents (status, last_activity_at)',
      `CREATE TABLE incident_timeline (id ${serialKey(dialect)}, incident_id TEXT NOT NULL, time BIGINT NOT NULL,
        kind TEXT NOT NULL, text TEXT NOT NULL, ref TEXT)`,
      'CREATE INDEX incident_timeline_incident ON incident_timeline (incident_id, time)',
      `CREATE TABLE bus_journal (seq ${serialKey(dialect)}, topic TEXT NOT NULL, partition_key TEXT NOT NULL,
        message_id TEXT NOT NULL, payload TEXT NOT NULL, published_at BIGINT NOT NULL)`,
      'CREATE INDEX bus_journal_topic ON bus_journal (topic, seq)',
      'CREATE TABLE bus_acks (consumer TEXT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (consumer, seq))',
      `CREATE TABLE processed (consumer TEXT NOT NULL, id TEXT NOT NULL, processed_at BIGINT NOT NULL,
        PRIMARY KEY (consumer, id))`,
      'CREATE INDEX processed_at ON processed (processed_at)',
    ],
  },
  {
    version: 2,
    name: 'incident entities: find the open incidents of an entity by index',
    statements: () => [
      'CREATE TABLE incident_entities (incident_id TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (incident_id, entity_id))',
      'CREATE INDEX incident_entities_entity ON incident_entities (entity_id)',
    ],
  },
  {
    version: 3,
    name: 'anomalies found by detectors, and snapshots of detector and miner state',
    statements: () => [
      `CREATE TABLE anomalies (id TEXT PRIMARY KEY, detector TEXT NOT NULL, signal TEXT NOT NULL, entity_id TEXT NOT NULL,
        subject TEXT NOT NULL, time BIGINT NOT NULL, score DOUBLE PRECISION NOT NULL, body TEXT NOT NULL)`,
      'CREATE INDEX anomalies_entity_time ON anomalies (entity_id, time)',
      'CREATE INDEX anomalies_time ON anomalies (time)',
      `CREATE TABLE snapshots (owner TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL, updated_at BIGINT NOT NULL,
        PRIMARY KEY (owner, key))`,
    ],
  },
  {
    version: 4,
    name: 'entity retention: find entities not seen lately, and stale snapshot entries, by index',
    statements: () => [
      'CREATE INDEX entities_last_seen ON entities (last_seen)',
      'CREATE INDEX snapshots_owner_updated ON snapshots (owner, updated_at)',
    ],
  },
  {
    version: 5,
    name: 'correlation: why each alert is in its incident',
    statements: () => ['ALTER TABLE alerts ADD COLUMN correlation TEXT'],
  },
  {
    version: 6,
    name: 'incident problems: what its alerts say is wrong, for its title',
    statements: () => ['ALTER TABLE incidents ADD COLUMN problems TEXT'],
  },
  {
    version: 7,
    name: 'noise controls: silences, maintenance windows, why an alert is held back, its recent state changes',
    statements: () => [
      `CREATE TABLE silences (id TEXT PRIMARY KEY, matchers TEXT NOT NULL, starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL,
        created_by TEXT NOT NULL, comment TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
      'CREATE INDEX silences_ends_at ON silences (ends_at)',
      `CREATE TABLE maintenance_windows (id TEXT PRIMARY KEY, matchers TEXT NOT NULL, starts_at BIGINT, ends_at BIGINT,
        recurrence TEXT, created_by TEXT NOT NULL, comment TEXT NOT NULL, created_at BIGINT NOT NULL)`,
      'ALTER TABLE alerts ADD COLUMN suppressed TEXT',
      'ALTER TABLE alerts ADD COLUMN recent_changes TEXT',
    ],
  },
  {
    version: 8,
    name: "incident life cycle and responders' actions; grouping keys and the corrections responders made",
    statements: () => [
      ...['quiet_since BIGINT', 'acknowledged_at BIGINT', 'acknowledged_by TEXT', 'assignee TEXT', 'merged_into TEXT', 'kinds TEXT', 'rule_groups TEXT']
        .map((column) => `ALTER TABLE incidents ADD COLUMN ${column}`),
      'CREATE INDEX incidents_quiet_since ON incidents (quiet_since)',
      'ALTER TABLE incident_timeline ADD COLUMN author TEXT',
      'CREATE TABLE incident_keys (incident_id TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (incident_id, key))',
      'CREATE INDEX incident_keys_key ON incident_keys (key)',
      `CREATE TABLE grouping_corrections (kind TEXT NOT NULL, other TEXT NOT NULL, verdict TEXT NOT NULL,
        decided_at BIGINT NOT NULL, decided_by TEXT NOT NULL, PRIMARY KEY (kind, other))`,
    ],
  },
  {
    version: 9,
    name: "root cause analysis: an incident's impact, and responders' verdicts on its root causes",
    statements: () => [
      'ALTER TABLE incidents ADD COLUMN impact TEXT',
      `CREATE TABLE root_cause_verdicts (incident_id TEXT NOT NULL, entity_id TEXT NOT NULL, verdict TEXT NOT NULL,
        incident_entities TEXT NOT NULL, incident_kinds TEXT NOT NULL, decided_at BIGINT NOT NULL, decided_by TEXT NOT NULL,
        PRIMARY KEY (incident_id, entity_id))`,
      'CREATE INDEX root_cause_verdicts_entity ON root_cause_verdicts (entity_id, decided_at)',
    ],
  },
  {
    version: 10,
    name: 'notifications: the delivery outbox, who was told of each incident, escalations in progress',
    statements: (dialect) => [
      `CREATE TABLE notify_deliveries (seq ${serialKey(dialect)}, id TEXT NOT NULL UNIQUE, incident_id TEXT NOT NULL, address TEXT NOT NULL,
        receiver TEXT NOT NULL, to_address TEXT, group_key TEXT NOT NULL, event TEXT NOT NULL, incident TEXT NOT NULL, status TEXT NOT NULL,
        due_at BIGINT NOT NULL, attempts BIGINT NOT NULL, last_error TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
      'CREATE INDEX notify_deliveries_status ON notify_deliveries (status, seq)',
      'CREATE INDEX notify_deliveries_incident ON notify_deliveries (incident_id, seq)',
      `CREATE TABLE notify_targets (incident_id TEXT NOT NULL, address TEXT NOT NULL, body TEXT NOT NULL, next_repeat_at BIGINT,
        PRIMARY KEY (incident_id, address))`,
      'CREATE INDEX notify_targets_repeat ON notify_targets (next_repeat_at)',
      'CREATE TABLE notify_escalations (incident_id TEXT PRIMARY KEY, body TEXT NOT NULL, next_at BIGINT)',
      'CREATE INDEX notify_escalations_next ON notify_escalations (next_at)',
    ],
  },
  {
    version: 11,
    name: 'incident signs: which problem its alerts show on which entity, the evidence grouping links alerts across call edges by',
    statements: () => ['ALTER TABLE incidents ADD COLUMN signs TEXT'],
  },
  {
    version: 12,
    name: 'incident entity activity: which entities of an incident still fire or did lately, the ones an alert may join it through',
    statements: () => ['ALTER TABLE incidents ADD COLUMN entity_activity TEXT'],
  },
  {
    version: 13,
    name: 'incident templates and titles: the log templates and masked titles of its alerts, the evidence grouping links similar alerts by',
    statements: () => ['ALTER TABLE incidents ADD COLUMN templates TEXT', 'ALTER TABLE incidents ADD COLUMN titles TEXT'],
  },
  {
    version: 14,
    name: 'alert history: the earlier episodes of an alert that fired again, kept with the incident they belonged to',
    statements: () => [
      `CREATE TABLE alert_history (fingerprint TEXT NOT NULL, status TEXT NOT NULL, severity TEXT NOT NULL,
        entity_id TEXT NOT NULL, source TEXT NOT NULL, title TEXT NOT NULL, labels TEXT NOT NULL, annotations TEXT NOT NULL,
        first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, active_since BIGINT NOT NULL, resolved_at BIGINT,
        count BIGINT NOT NULL, incident_id TEXT, url TEXT, correlation TEXT, suppressed TEXT, recent_changes TEXT,
        PRIMARY KEY (fingerprint, active_since))`,
      'CREATE INDEX alert_history_incident ON alert_history (incident_id)',
      'CREATE INDEX alert_history_last_seen ON alert_history (last_seen)',
    ],
  },
  {
    version: 16,
    // The list's order exactly, directions included: a page, even the last, walks the index instead of sorting every incident.
    name: 'incident list order: pages of incidents, most recently active first, by index',
    statements: () => ['CREATE INDEX incidents_activity ON incidents (last_activity_at DESC, id)'],
  },
];

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(`the database schema is at version ${found} but this opsight knows only up to ${known}: upgrade opsight`);
  }
}

/** Applies every migration the database has not seen; returns the versions applied. */
export async function migrate(db: SqlDatabase, now: () => number = Date.now): Promise<number[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
  const applied = new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => Number(row.version)));
  const latest = Math.max(0, ...migrations.map((migration) => migration.version));
  const newest = Math.max(0, ...applied);
  if (newest > latest) throw new SchemaTooNewError(newest, latest);
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await db.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(7201388)');
      const again = await tx.query('SELECT version FROM schema_migrations WHERE version = ?', [migration.version]);
      if (again.length > 0) return;
      for (const statement of migration.statements(db.dialect)) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, now()]);
      done.push(migration.version);
    });
  }
  return done;
}
