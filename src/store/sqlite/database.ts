/**
 * SQLite driver (better-sqlite3 12, WAL). better-sqlite3 is synchronous, so every statement and
 * transaction runs through one queue: a transaction that awaits can never interleave with
 * another caller's statements on the shared connection.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Row, SqlDatabase, SqlExecutor, SqlValue } from '../sql.js';

class SqliteExecutor implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  /** Prepared statements by SQL text: preparing costs more than running most of ours. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(protected readonly db: Database.Database) {}

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return Promise.resolve(this.statement(sql).all(...params) as T[]);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return Promise.resolve(this.statement(sql).run(...params).changes);
  }
}

export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly direct: SqliteExecutor;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash (kill -9); only a power loss can drop the tail.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // Checkpoint every ~40 MB of WAL instead of 4 MB: pages rewritten in between are copied back once.
    this.db.pragma('wal_autocheckpoint = 10000');
    this.db.pragma('foreign_keys = ON');
    this.direct = new SqliteExecutor(this.db);
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.serialize(() => this.direct.query<T>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.serialize(() => this.direct.run(sql, params));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.serialize(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  exec(script: string): Promise<void> {
    return this.serialize(() => Promise.resolve(void this.db.exec(script)));
  }

  close(): Promise<void> {
    return this.serialize(() => Promise.resolve(void this.db.close()));
  }
}
