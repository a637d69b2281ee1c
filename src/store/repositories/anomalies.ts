/** Anomalies found by detectors, kept whole as JSON beside the columns queries filter on. */
import type { Anomaly } from '../../signals/index.js';
import type { SqlExecutor } from '../sql.js';
import type { AnomalyRepository, Page } from '../types.js';
import { Where, parseJson } from './where.js';

export class SqlAnomalyRepository implements AnomalyRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async insert(anomaly: Anomaly): Promise<void> {
    await this.sql.run(
      `INSERT INTO anomalies (id, detector, signal, entity_id, subject, time, score, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
      [anomaly.id, anomaly.detector, anomaly.signal, anomaly.entityId, anomaly.subject, anomaly.time, anomaly.score, JSON.stringify(anomaly)]);
  }

  async list(filter: Parameters<AnomalyRepository['list']>[0]): Promise<Page<Anomaly>> {
    const where = new Where()
      .add('entity_id = ?', filter.entityId)
      .add('detector = ?', filter.detector)
      .add('time >= ?', filter.from)
      .add('time <= ?', filter.to);
    const rows = await this.sql.query<{ body: string }>(`SELECT body FROM anomalies ${where.sql} ORDER BY time DESC, id LIMIT ? OFFSET ?`,
      [...where.params, filter.limit, filter.offset]);
    const [count] = await this.sql.query<{ n: number }>(`SELECT COUNT(*) AS n FROM anomalies ${where.sql}`, where.params);
    return { items: rows.map((row) => parseJson<Anomaly>(row.body)), total: Number(count?.n ?? 0) };
  }
}
