/** Anomalies found by detectors, kept whole as JSON beside the columns queries filter on. */
import type { Anomaly } from '../../signals/index.js';
import type { SqlExecutor } from '../sql.js';
import type { AnomalyRepository, Page } from '../types.js';
import { Where, parseJson, selectPage } from './where.js';

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
    return selectPage(this.sql, { table: 'anomalies', columns: 'body', where, orderBy: 'time DESC, id', limit: filter.limit, offset: filter.offset }, (row: { body: string }) => parseJson<Anomaly>(row.body));
  }
}
