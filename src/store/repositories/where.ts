/** Builds a parameterised WHERE clause from optional conditions, skipping the ones not given. */
import type { SqlValue } from '../sql.js';

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
