/**
 * What responders corrected: of two kinds of alert, by merging or splitting their incidents (the latest verdict of
 * each pair, kept both ways); of a root cause, by confirming or rejecting it.
 */
import type { Row, SqlExecutor } from '../sql.js';
import type { CorrectionRepository, RootCauseVerdict, RootCauseVerdictRepository, Verdict } from '../types.js';
import { parseJson } from './where.js';

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

interface VerdictRow extends Row {
  incident_id: string; entity_id: string; verdict: string; incident_entities: string; incident_kinds: string; decided_at: number; decided_by: string;
}

export class SqlRootCauseVerdictRepository implements RootCauseVerdictRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async record(verdict: RootCauseVerdict): Promise<void> {
    await this.sql.run(
      `INSERT INTO root_cause_verdicts (incident_id, entity_id, verdict, incident_entities, incident_kinds, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (incident_id, entity_id) DO UPDATE SET verdict = excluded.verdict, incident_entities = excluded.incident_entities,
         incident_kinds = excluded.incident_kinds, decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
      [verdict.incidentId, verdict.entityId, verdict.confirmed ? 'confirmed' : 'rejected', JSON.stringify(verdict.incidentEntities),
        JSON.stringify(verdict.incidentKinds), verdict.decidedAt, verdict.decidedBy]);
  }

  async ofEntities(entityIds: readonly string[], limit: number): Promise<RootCauseVerdict[]> {
    if (entityIds.length === 0) return [];
    const rows = await this.sql.query<VerdictRow>(
      `SELECT * FROM root_cause_verdicts WHERE entity_id IN (${entityIds.map(() => '?').join(', ')})
       ORDER BY decided_at DESC, incident_id, entity_id LIMIT ?`, [...entityIds, limit]);
    return rows.map((row) => ({
      incidentId: row.incident_id, entityId: row.entity_id, confirmed: row.verdict === 'confirmed',
      incidentEntities: parseJson(row.incident_entities), incidentKinds: parseJson(row.incident_kinds), decidedAt: Number(row.decided_at), decidedBy: row.decided_by,
    }));
  }
}
