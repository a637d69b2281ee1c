/** PostgreSQL driver (pg): a connection pool; transactions hold one client from BEGIN to COMMIT. */
import pg from 'pg';
import type { Row, SqlDatabase, SqlExecutor, SqlValue } from '../sql.js';
import { toNumberedPlaceholders } from '../sql.js';

// Times are epoch milliseconds in BIGINT columns; they fit a double exactly, so read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

type Queryable = pg.Pool | pg.PoolClient;

class PostgresExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;
  constructor(protected readonly target: Queryable) {}

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const result = await this.target.query(toNumberedPlaceholders(sql), [...params]);
    return result.rows as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.target.query(toNumberedPlaceholders(sql), [...params]);
    return result.rowCount ?? 0;
  }
}

export class PostgresDatabase extends PostgresExecutor implements SqlDatabase {
  private readonly pool: pg.Pool;

  constructor(connectionString: string, poolSize = 10) {
    const pool = new pg.Pool({ connectionString, max: poolSize });
    super(pool);
    this.pool = pool;
    // An idle client's error (server restart) must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(new PostgresExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
