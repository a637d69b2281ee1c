/**
 * SQLite driver (better-sqlite3 12, WAL). better-sqlite3 is synchronous, so every statement and
 * transaction runs through one queue: a transaction that awaits can never interleave with
 * another caller's statements on the shared connection.
 */
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
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

/**
 * When a commit is on disk: `full` syncs the write-ahead log at every commit, so nothing opsight
 * acknowledged is lost even on power loss; `normal` survives a crash of the process (kill -9) but a
 * power loss can drop the last commits, for faster writes.
 */
export type SqliteSynchronous = 'full' | 'normal';

/** Creates the database file readable by its owner only; SQLite gives its -wal and -shm files the same mode. */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
}

export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly direct: SqliteExecutor;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(file: string, synchronous: SqliteSynchronous = 'full') {
    if (file !== ':memory:') createPrivately(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
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
