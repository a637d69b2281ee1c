/** Silences and maintenance windows: what holds alerts back from incidents, read whole by the correlate stage. */
import type { MaintenanceWindow, Silence, SilenceState } from '../../suppress/index.js';
import type { Row, SqlExecutor } from '../sql.js';
import type { MaintenanceWindowRepository, Page, SilenceRepository } from '../types.js';
import { Where, parseJson, selectPage } from './where.js';

interface SilenceRow extends Row {
  id: string; matchers: string; starts_at: number; ends_at: number; created_by: string; comment: string; created_at: number; updated_at: number;
}

const toSilence = (row: SilenceRow): Silence => ({
  id: row.id, matchers: parseJson(row.matchers), startsAt: Number(row.starts_at), endsAt: Number(row.ends_at),
  createdBy: row.created_by, comment: row.comment, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
});

/** The condition each silence state puts on its times at wall time `at`. */
const stateClauses: Record<SilenceState, (where: Where, at: number) => Where> = {
  pending: (where, at) => where.add('starts_at > ?', at),
  active: (where, at) => where.add('starts_at <= ? AND ends_at > ?', at, at),
  expired: (where, at) => where.add('ends_at <= ?', at),
};

export class SqlSilenceRepository implements SilenceRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async put(silence: Silence): Promise<void> {
    await this.sql.run(
      `INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET matchers = excluded.matchers, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
         created_by = excluded.created_by, comment = excluded.comment, updated_at = excluded.updated_at`,
      [silence.id, JSON.stringify(silence.matchers), silence.startsAt, silence.endsAt, silence.createdBy, silence.comment, silence.createdAt, silence.updatedAt]);
  }

  async get(id: string): Promise<Silence | undefined> {
    const [row] = await this.sql.query<SilenceRow>('SELECT * FROM silences WHERE id = ?', [id]);
    return row === undefined ? undefined : toSilence(row);
  }

  list(filter: Parameters<SilenceRepository['list']>[0]): Promise<Page<Silence>> {
    const where = filter.state === undefined ? new Where() : stateClauses[filter.state](new Where(), filter.at);
    return selectPage(this.sql, { table: 'silences', columns: '*', where, orderBy: 'starts_at DESC, id', limit: filter.limit, offset: filter.offset }, toSilence);
  }

  async endingAfter(since: number): Promise<Silence[]> {
    return (await this.sql.query<SilenceRow>('SELECT * FROM silences WHERE ends_at > ? ORDER BY starts_at, id', [since])).map(toSilence);
  }
}

interface WindowRow extends Row {
  id: string; matchers: string; starts_at: number | null; ends_at: number | null; recurrence: string | null; created_by: string; comment: string; created_at: number;
}

const timeOrNull = (value: number | null) => (value === null ? null : Number(value));

const toWindow = (row: WindowRow): MaintenanceWindow => ({
  id: row.id, matchers: parseJson(row.matchers), startsAt: timeOrNull(row.starts_at), endsAt: timeOrNull(row.ends_at),
  recurrence: row.recurrence === null ? null : parseJson(row.recurrence), createdBy: row.created_by, comment: row.comment, createdAt: Number(row.created_at),
});

export class SqlMaintenanceWindowRepository implements MaintenanceWindowRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async insert(window: MaintenanceWindow): Promise<void> {
    await this.sql.run(
      'INSERT INTO maintenance_windows (id, matchers, starts_at, ends_at, recurrence, created_by, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [window.id, JSON.stringify(window.matchers), window.startsAt, window.endsAt, window.recurrence === null ? null : JSON.stringify(window.recurrence),
        window.createdBy, window.comment, window.createdAt]);
  }

  async get(id: string): Promise<MaintenanceWindow | undefined> {
    const [row] = await this.sql.query<WindowRow>('SELECT * FROM maintenance_windows WHERE id = ?', [id]);
    return row === undefined ? undefined : toWindow(row);
  }

  list(limit: number, offset: number): Promise<Page<MaintenanceWindow>> {
    return selectPage(this.sql, { table: 'maintenance_windows', columns: '*', where: new Where(), orderBy: 'created_at DESC, id', limit, offset }, toWindow);
  }

  async endingAfter(since: number): Promise<MaintenanceWindow[]> {
    const rows = await this.sql.query<WindowRow>('SELECT * FROM maintenance_windows WHERE ends_at IS NULL OR ends_at > ? ORDER BY created_at, id', [since]);
    return rows.map(toWindow);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM maintenance_windows WHERE id = ?', [id])) > 0;
  }
}
