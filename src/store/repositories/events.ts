/** Received events, kept whole as JSON beside the columns the queries filter on. */
import type { Event } from '../../signals/index.js';
import type { SqlExecutor } from '../sql.js';
import type { EventRepository, Page } from '../types.js';
import { Where, parseJson, selectPage } from './where.js';

export class SqlEventRepository implements EventRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async insert(event: Event): Promise<void> {
    await this.sql.run(
      `INSERT INTO events (id, source, kind, entity_id, severity, title, time, received_at, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [event.id, event.source, event.kind, event.entityId, event.severity, event.title, event.time, event.receivedAt, JSON.stringify(event)]);
  }

  async list(filter: Parameters<EventRepository['list']>[0]): Promise<Page<Event>> {
    const where = new Where()
      .add('entity_id = ?', filter.entityId)
      .add('kind = ?', filter.kind)
      .add('time >= ?', filter.from)
      .add('time <= ?', filter.to);
    return selectPage(this.sql, { table: 'events', columns: 'body', where, orderBy: 'time DESC, id', limit: filter.limit, offset: filter.offset }, (row: { body: string }) => parseJson<Event>(row.body));
  }
}
