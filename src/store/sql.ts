/**
 * The small SQL surface the repositories need. Both drivers implement it; statements are written
 * once with `?` placeholders in the SQL that SQLite and PostgreSQL share.
 */

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export const Dialect = {
  sqlite: 'sqlite',
  postgres: 'postgres',
} as const;
export type Dialect = (typeof Dialect)[keyof typeof Dialect];

export interface SqlExecutor {
  readonly dialect: Dialect;
  /** Rows of a SELECT (or of a statement with RETURNING). */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** Rewrites `?` placeholders to PostgreSQL's `$1, $2, ...`, leaving quoted text alone. */
export function toNumberedPlaceholders(sql: string): string {
  let index = 0;
  let quoted = false;
  let out = '';
  for (const char of sql) {
    if (char === "'") quoted = !quoted;
    out += char === '?' && !quoted ? `$${++index}` : char;
  }
  return out;
}
