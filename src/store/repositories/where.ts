/** Builds a parameterised WHERE clause from optional conditions, skipping the ones not given. */
import type { Row, SqlExecutor, SqlValue } from '../sql.js';
import type { Page } from '../types.js';

export class Where {
  private readonly clauses: string[] = [];
  readonly params: SqlValue[] = [];

  /** Adds `clause` (with `?` placeholders) when every value is defined. */
  add(clause: string, ...values: (SqlValue | undefined)[]): this {
    if (values.some((value) => value === undefined)) return this;
    this.clauses.push(clause);
    this.params.push(...(values as SqlValue[]));
    return this;
  }

  /** Adds `column IN (...)` when the list is given and not empty. */
  in(column: string, values: readonly string[] | undefined): this {
    if (values === undefined || values.length === 0) return this;
    this.clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    this.params.push(...values);
    return this;
  }

  /** The clause, or nothing when no condition was added. */
  get sql(): string {
    return this.clauses.length === 0 ? '' : `WHERE ${this.clauses.join(' AND ')}`;
  }
}

export function parseJson<T>(text: string | number | null): T {
  return JSON.parse(String(text)) as T;
}

/** One page of `SELECT * FROM table WHERE ... ORDER BY ...` with the total count of matching rows. */
export async function selectPage<R extends Row, T>(sql: SqlExecutor, query: { table: string; columns: string; where: Where; orderBy: string; limit: number; offset: number }, toItem: (row: R) => T): Promise<Page<T>> {
  const { table, columns, where, orderBy, limit, offset } = query;
  const rows = await sql.query<R>(`SELECT ${columns} FROM ${table} ${where.sql} ORDER BY ${orderBy} LIMIT ? OFFSET ?`, [...where.params, limit, offset]);
  const [count] = await sql.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} ${where.sql}`, where.params);
  return { items: rows.map(toItem), total: Number(count?.n ?? 0) };
}
