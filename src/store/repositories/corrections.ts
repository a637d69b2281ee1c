/** What responders said of two kinds of alert by merging or splitting their incidents: the latest verdict of each pair, kept both ways. */
import type { SqlExecutor } from '../sql.js';
import type { CorrectionRepository, Verdict } from '../types.js';

export class SqlCorrectionRepository implements CorrectionRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async record(pairs: readonly (readonly [string, string])[], verdict: Verdict, at: number, by: string): Promise<void> {
    for (const [kind, other] of pairs) {
      if (kind === other) continue;
      for (const [a, b] of [[kind, other], [other, kind]] as const) {
        await this.sql.run(
          `INSERT INTO grouping_corrections (kind, other, verdict, decided_at, decided_by) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (kind, other) DO UPDATE SET verdict = excluded.verdict, decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
          [a, b, verdict, at, by]);
      }
    }
  }

  async verdictsOf(kind: string): Promise<Map<string, Verdict>> {
    const rows = await this.sql.query<{ other: string; verdict: string }>('SELECT other, verdict FROM grouping_corrections WHERE kind = ? ORDER BY other', [kind]);
    return new Map(rows.map((row) => [row.other, row.verdict as Verdict]));
  }
}
