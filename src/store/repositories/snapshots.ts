/** Snapshots of component state (detectors, log miners): entries upserted by key, and stale ones deleted after a checkpoint. */
import type { SqlExecutor } from '../sql.js';
import type { SnapshotRepository } from '../types.js';

export class SqlSnapshotRepository implements SnapshotRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async put(owner: string, key: string, data: string, at: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO snapshots (owner, key, data, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (owner, key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`, [owner, key, data, at]);
  }

  async get(owner: string, key: string): Promise<string | undefined> {
    const [row] = await this.sql.query<{ data: string }>('SELECT data FROM snapshots WHERE owner = ? AND key = ?', [owner, key]);
    return row?.data;
  }

  async all(owner: string): Promise<Map<string, string>> {
    const rows = await this.sql.query<{ key: string; data: string }>('SELECT key, data FROM snapshots WHERE owner = ? ORDER BY key', [owner]);
    return new Map(rows.map((row) => [row.key, row.data]));
  }

  deleteBefore(owner: string, at: number): Promise<number> {
    return this.sql.run('DELETE FROM snapshots WHERE owner = ? AND updated_at < ?', [owner, at]);
  }
}
