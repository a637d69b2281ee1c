/** Entities, created on first sight, kept with the time range they were seen in, and deleted once not seen for the retention. */
import type { Entity, EntityRef } from '../../signals/index.js';
import type { Row, SqlExecutor } from '../sql.js';
import type { EntityRepository, Page } from '../types.js';
import { parseJson } from './where.js';

interface EntityRow extends Row {
  id: string; kind: string; name: string; attributes: string; first_seen: number; last_seen: number;
}

const toEntity = (row: EntityRow): Entity => ({
  id: row.id, kind: row.kind as Entity['kind'], name: row.name, attributes: parseJson(row.attributes),
  firstSeen: Number(row.first_seen), lastSeen: Number(row.last_seen),
});

/** Rows deleted per statement when pruning, so a large prune never holds the embedded database for long. */
const PRUNE_BATCH = 5000;

export class SqlEntityRepository implements EntityRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async observe(entity: EntityRef, time: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO entities (id, kind, name, attributes, first_seen, last_seen) VALUES (?, ?, ?, '{}', ?, ?)
       ON CONFLICT (id) DO UPDATE SET
         first_seen = CASE WHEN excluded.first_seen < entities.first_seen THEN excluded.first_seen ELSE entities.first_seen END,
         last_seen = CASE WHEN excluded.last_seen > entities.last_seen THEN excluded.last_seen ELSE entities.last_seen END`,
      [entity.id, entity.kind, entity.name, time, time]);
  }

  async get(id: string): Promise<Entity | undefined> {
    const [row] = await this.sql.query<EntityRow>('SELECT * FROM entities WHERE id = ?', [id]);
    return row === undefined ? undefined : toEntity(row);
  }

  async list(limit: number, offset: number): Promise<Page<Entity>> {
    const rows = await this.sql.query<EntityRow>('SELECT * FROM entities ORDER BY id LIMIT ? OFFSET ?', [limit, offset]);
    const [count] = await this.sql.query<{ n: number }>('SELECT COUNT(*) AS n FROM entities');
    return { items: rows.map(toEntity), total: Number(count?.n ?? 0) };
  }

  async prune(before: number): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.sql.run(
        'DELETE FROM entities WHERE id IN (SELECT id FROM entities WHERE last_seen < ? LIMIT ?)', [before, PRUNE_BATCH]);
      total += deleted;
      if (deleted < PRUNE_BATCH) return total;
    }
  }
}
